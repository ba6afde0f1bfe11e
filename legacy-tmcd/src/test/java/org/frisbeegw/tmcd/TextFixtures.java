package org.frisbeegw.tmcd;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reply fixtures: lines starting "# " are comments naming the spec section; the rest is the exact reply. */
final class TextFixtures {
    private TextFixtures() {
    }

    static String load(String name) {
        try (InputStream in = TextFixtures.class.getResourceAsStream("/fixtures/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            StringBuilder body = new StringBuilder();
            for (String line : text.split("(?<=\n)")) {
                if (!line.startsWith("# ")) {
                    body.append(line);
                }
            }
            return body.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
