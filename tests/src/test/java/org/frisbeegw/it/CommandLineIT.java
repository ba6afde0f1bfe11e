package org.frisbeegw.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The jar's command line as an operator meets it: every verb answers --help at once, bad usage exits 2. */
class CommandLineIT {
    private record Run(int status, String out, String err) {
    }

    private static Run jar(String... args) throws Exception {
        Path jar = Path.of(System.getProperty("gateway.jar", "../gateway/target/frisbee-gateway.jar"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "finished at once: " + List.of(args));
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void everyVerbAnswersHelpWithItsUsageAndDoesNothingElse() throws Exception {
        for (String verb : List.of("query", "fetch", "bench", "admin")) {
            Run r = jar(verb, "--help");
            assertEquals(0, r.status(), verb + ": " + r.err());
            assertTrue(r.out().startsWith("usage: " + verb), verb + ": " + r.out());
        }
        Run serve = jar("serve", "--help");
        assertEquals(0, serve.status());
        assertTrue(serve.out().contains("--admin-socket") && serve.out().contains("  query "), serve.out());
    }

    @Test
    void helpNamesEveryVerb() throws Exception {
        Run r = jar("help");
        assertEquals(0, r.status());
        for (String verb : List.of("serve", "query", "fetch", "admin", "bench", "version", "help")) {
            assertTrue(r.out().contains("  " + verb + " "), r.out());
        }
    }

    @Test
    void versionNamesTheRelease() throws Exception {
        Run flag = jar("--version");
        assertEquals(0, flag.status());
        assertTrue(flag.out().matches("frisbee-gateway \\d+\\.\\d+\\.\\d+\\n"), flag.out());
        assertEquals(flag.out(), jar("version").out());
    }

    @Test
    void unknownVerbsFlagsAndValuesAreUsageErrors() throws Exception {
        Run verb = jar("frobnicate");
        assertEquals(2, verb.status());
        assertTrue(verb.err().contains("unknown verb 'frobnicate'"), verb.err());
        Run bench = jar("bench", "--size-mb", "1");
        assertEquals(2, bench.status(), "a misspelt bench flag is not ignored");
        assertTrue(bench.err().contains("--size-mb"), bench.err());
        Run rounds = jar("bench", "--rounds", "x");
        assertEquals(2, rounds.status());
        assertTrue(rounds.err().contains("--rounds x: not a number") && !rounds.err().contains("Exception"), rounds.err());
        assertEquals(2, jar("query", "--bogus").status());
        assertEquals(2, jar("fetch", "--bogus").status());
        assertEquals(2, jar("--bogus").status());
        Run noRequest = jar("admin", "-s", "/nonexistent/admin.sock");
        assertEquals(2, noRequest.status());
        assertTrue(noRequest.err().contains("no request given"), noRequest.err());
    }

    @Test
    void adminWithoutAGatewaySaysWhichSocketFailed() throws Exception {
        Run r = jar("admin", "-s", "/nonexistent/admin.sock", "role", "active");
        assertEquals(255, r.status());
        assertTrue(r.err().startsWith("admin: /nonexistent/admin.sock: "), r.err());
    }
}
