package org.frisbeegw.gateway.emulab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs one of the bundled SQL files (statements end with ';' at a line end; '--' lines are comments). */
public final class SqlScript {
    private SqlScript() {
    }

    public static List<String> statements(String resource, Map<String, String> placeholders) {
        String text;
        try (InputStream in = SqlScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no SQL resource " + resource);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Map.Entry<String, String> p : placeholders.entrySet()) {
            text = text.replace("${" + p.getKey() + "}", p.getValue());
        }
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.strip().startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (line.stripTrailing().endsWith(";")) {
                String sql = current.toString().strip();
                statements.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        return statements;
    }

    public static void run(Connection c, String resource, Map<String, String> placeholders) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : statements(resource, placeholders)) {
                s.execute(sql);
            }
        }
    }
}
