package org.frisbeegw.tmcd.reload;

/**
 * The node's disk and firmware attributes (node value over type value), with tmcd's defaults
 * for what is unset: disktype ad, unit 0, and "unknown" for ACPI, ASF and NOCLFLUSH.
 */
public record DiskAttributes(String diskType, String bootDiskUnit, String useAcpi, String useAsf, String noClflush) {
    public static final DiskAttributes DEFAULTS = new DiskAttributes("ad", "0", "unknown", "unknown", "unknown");
}
