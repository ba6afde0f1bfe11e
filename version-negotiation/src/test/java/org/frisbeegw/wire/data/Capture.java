package org.frisbeegw.wire.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.frisbeegw.wire.HexFixtures;

/**
 * One packet captured from the real C frisbee/frisbeed (../shared/spec/captures, copied into
 * src/test/resources/captures): its UDP payload, the addresses it travelled between, and whether
 * the file shows only its first bytes. Served files in the captures hold byte i = (i mod 255) + 1.
 */
public record Capture(String name, byte[] payload, InetSocketAddress src, InetSocketAddress dst, int wireLength,
                      boolean truncated) {
    /** Every capture, as named in frisbee-data-protocol.md §11. */
    public static final List<String> ALL = List.of("bad-srcip-join2", "join-v1-reply", "join-v1-request", "mc-block",
            "mc-join2-reply", "mc-join2-request", "mc-prequest", "mc-request", "uc-block-first", "uc-block-last-short",
            "uc-join2-reply", "uc-join2-request", "uc-leave2", "uc-request-short-chunk", "uc1m-block-last-short",
            "uc1m-request-full-chunk", "uc1m-request-last-chunk");

    private static final Pattern ADDRESSES = Pattern.compile("# src ([\\d.]+):(\\d+)\\s+dst ([\\d.]+):(\\d+)");
    private static final Pattern LENGTH = Pattern.compile("# UDP payload length (\\d+) bytes");

    public static Capture load(String name) {
        String text;
        try (InputStream in = Capture.class.getResourceAsStream("/captures/" + name + ".hex")) {
            if (in == null) {
                throw new IllegalArgumentException("no capture " + name);
            }
            text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher a = ADDRESSES.matcher(text);
        Matcher n = LENGTH.matcher(text);
        if (!a.find() || !n.find()) {
            throw new IllegalStateException("capture " + name + " names no addresses or length");
        }
        byte[] payload = HexFixtures.parse(text);
        return new Capture(name, payload, new InetSocketAddress(a.group(1), Integer.parseInt(a.group(2))),
                new InetSocketAddress(a.group(3), Integer.parseInt(a.group(4))), Integer.parseInt(n.group(1)),
                text.contains("TRUNCATED"));
    }

    /** Byte {@code offset} of the captures' served files: (i mod 255) + 1. */
    public static byte fileByte(long offset) {
        return (byte) (offset % 255 + 1);
    }

    /** The captures' served file of {@code size} bytes. */
    public static byte[] servedFile(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = fileByte(i);
        }
        return b;
    }
}
