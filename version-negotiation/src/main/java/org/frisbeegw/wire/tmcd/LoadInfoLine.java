package org.frisbeegw.wire.tmcd;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One image line of a loadinfo reply, keys in tmcd's fixed order (legacy-tmcd.md §2.3), single
 * SP separators, LF at the end. Every value must be safe for the MFS scripts that {@code eval}
 * each {@code KEY=value} word and for the greedy sed parsers: letters, digits and {@code . _ : / , + -}
 * only (no '=', no whitespace, no shell metacharacters).
 */
public record LoadInfoLine(String addr, String part, String partOs, Optional<String> server, String disk, String zfill,
                           String acpi, String mbrVersion, String asf, String prepare, String noClflush,
                           Optional<ImageName> imageId) {

    /** The one in-band error: tells old MFSes they are too old (§2.6). */
    public static final String NEWER_MFS_NEEDED = "ADDR=/NEWER-MFS-NEEDED PART=0 PARTOS=Bogus\n";

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:/,+-]*");

    /** pid, gid and image name for IMAGEID=pid,gid,name; none may be empty. */
    public record ImageName(String pid, String gid, String name) {
    }

    public LoadInfoLine {
        for (String v : new String[] {addr, part, partOs, disk, zfill, acpi, mbrVersion, asf, prepare, noClflush}) {
            requireSafe(v);
        }
        server.ifPresent(LoadInfoLine::requireSafe);
        imageId.ifPresent(i -> {
            for (String v : new String[] {i.pid(), i.gid(), i.name()}) {
                requireSafe(v);
                if (v.isEmpty() || v.contains(",")) {
                    throw new IllegalArgumentException("IMAGEID parts must be non-empty and comma-free");
                }
            }
        });
    }

    private static void requireSafe(String value) {
        if (value == null || !SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException("value not safe for the MFS parsers: " + value);
        }
    }

    /** The line as tmcd writes it, including the final LF. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append("ADDR=").append(addr).append(" PART=").append(part).append(" PARTOS=").append(partOs);
        server.filter(s -> !s.isEmpty()).ifPresent(s -> sb.append(" SERVER=").append(s));
        sb.append(" DISK=").append(disk).append(" ZFILL=").append(zfill).append(" ACPI=").append(acpi)
                .append(" MBRVERS=").append(mbrVersion).append(" ASF=").append(asf).append(" PREPARE=").append(prepare)
                .append(" NOCLFLUSH=").append(noClflush);
        imageId.ifPresent(i -> sb.append(" IMAGEID=").append(i.pid()).append(',').append(i.gid()).append(',').append(i.name()));
        return sb.append('\n').toString();
    }
}
