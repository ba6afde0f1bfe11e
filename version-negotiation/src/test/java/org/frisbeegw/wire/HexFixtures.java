package org.frisbeegw.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads hex fixtures: '#' starts a comment, tokens are hex bytes, "00*N" repeats a byte N times. */
public final class HexFixtures {
    private HexFixtures() {
    }

    public static byte[] load(String name) {
        try (InputStream in = HexFixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] parse(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : text.split("\n")) {
            int hash = line.indexOf('#');
            String data = hash >= 0 ? line.substring(0, hash) : line;
            for (String token : data.trim().split("\\s+")) {
                if (token.isEmpty()) {
                    continue;
                }
                String[] repeat = token.split("\\*");
                int value = Integer.parseInt(repeat[0], 16);
                int count = repeat.length == 2 ? Integer.parseInt(repeat[1]) : 1;
                for (int i = 0; i < count; i++) {
                    out.write(value);
                }
            }
        }
        return out.toByteArray();
    }
}
