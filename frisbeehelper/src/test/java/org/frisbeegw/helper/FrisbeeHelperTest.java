package org.frisbeegw.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.frisbeegw.wire.GetReply;
import org.frisbeegw.wire.GetRequest;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.MsError;
import org.frisbeegw.wire.Signature;
import org.frisbeegw.wire.TransferMethods;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The helper's contract with tmcd and the other callers (legacy-tmcd.md §3.5, §3.6). */
class FrisbeeHelperTest {
    private static final GetReply RUNNING = new GetReply(TransferMethods.MULTICAST, true, 0, Ipv4.parse("127.0.0.1"),
            Ipv4.parse("234.5.6.69"), 21712, Signature.mtime(1), 10);

    @TempDir
    Path tmp;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new FrisbeeHelper(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), "/usr/testbed/sbin/frisbeehelper").run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path hosts() throws Exception {
        return Files.writeString(tmp.resolve("hosts"), "# node map\npc1 10.1.0.1\n");
    }

    @Test
    void startPrintsExactlyTheAddressLineAndAsksOnTheNodesBehalf() throws Exception {
        try (ScriptedMasterPeer peer = new ScriptedMasterPeer(272, req -> RUNNING.toBytes())) {
            Path images = Files.writeString(tmp.resolve("images"), "42 emulab-ops/FBSD73-STD\n");
            int rc = run("-n", "pc1", "--master", "127.0.0.1:" + peer.address().getPort(), "--hosts", hosts().toString(),
                    "--images", images.toString(), "42");
            assertEquals(0, rc);
            assertEquals("Address is 234.5.6.69:21712\n", out());
            assertEquals("", err());
            GetRequest sent = GetRequest.decode(ByteBuffer.wrap(peer.requests().get(0)));
            assertEquals(new GetRequest(Ipv4.parse("10.1.0.1"), TransferMethods.MULTICAST, false, "emulab-ops/FBSD73-STD"), sent);
        }
    }

    @Test
    void unmappedArgumentsGoToTheMasterUnchangedAndCommasAreRefusedAsTheOriginalsRegexDoes() throws Exception {
        try (ScriptedMasterPeer peer = new ScriptedMasterPeer(272, req -> RUNNING.toBytes())) {
            assertEquals(0, run("-npc1", "--master", "127.0.0.1:" + peer.address().getPort(), "--hosts", hosts().toString(),
                    "testbed/TB-PRIVATE"));
            assertEquals("testbed/TB-PRIVATE", GetRequest.decode(ByteBuffer.wrap(peer.requests().get(0))).imageId());
        }
        assertEquals(255, run("-npc1", "testbed,TB-PRIVATE"));
        assertTrue(err().endsWith("    invalid imagename\n"));
    }

    @Test
    void errorReplyIsAFatalInPerlDiesShape() throws Exception {
        try (ScriptedMasterPeer peer = new ScriptedMasterPeer(272, req -> GetReply.failure(MsError.TRYAGAIN).toBytes())) {
            int rc = run("-n", "pc1", "--master", "127.0.0.1:" + peer.address().getPort(), "--hosts", hosts().toString(), "img");
            assertEquals(255, rc);
            assertEquals("", out());
            assertEquals("*** /usr/testbed/sbin/frisbeehelper:\n    img: could not start server (TRYAGAIN)\n", err());
        }
    }

    @Test
    void aRefusedProxyRequestSaysHowToAllowIt() throws Exception {
        try (ScriptedMasterPeer peer = new ScriptedMasterPeer(272, req -> GetReply.failure(MsError.FAILED).toBytes())) {
            assertEquals(255, run("-n", "pc1", "--master", "127.0.0.1:" + peer.address().getPort(), "--hosts",
                    hosts().toString(), "img"));
            assertTrue(err().contains("img: could not start server (FAILED: ") && err().contains("--proxy-from 127.0.0.1"),
                    err());
        }
    }

    @Test
    void usageErrorsGoToStdoutWithExitOne() {
        assertEquals(1, run("img"));                 // start mode without -n
        assertEquals(1, run("-n", "pc1"));           // no operand
        assertEquals(1, run("-x", "img"));           // unknown option
        String[] lines = out().split("\n");
        assertTrue(lines[0].startsWith("Usage: "));
        assertEquals(3 * 15, lines.length, "the usage, every option included, per call");
        assertTrue(out().contains("--master host[:port]") && out().contains("--tryagain n") && out().contains("--admin-socket path"), "long options listed");
        assertEquals("", err());
    }

    @Test
    void anOptionAfterTheImageIdIsAnErrorNotSilentlyIgnored() {
        assertEquals(1, run("-n", "pc1", "img", "--master", "10.9.9.9"));
        assertTrue(out().startsWith("Usage: "));
        assertTrue(err().contains("options must come before the image id: [--master, 10.9.9.9]"), err());
    }

    @Test
    void badNamesAndUnknownNodesAreFatal() throws Exception {
        assertEquals(255, run("-n", "pc1;rm", "img"));
        assertTrue(err().contains("    invalid nodeid\n"));
        assertEquals(255, run("-n", "pc1", "img name"));
        assertTrue(err().contains("    invalid imagename\n"));
        assertEquals(255, run("-n", "no-such-node", "--hosts", hosts().toString(), "img"));
        assertTrue(err().contains("    no-such-node: no such node\n"), err());
        assertEquals(255, run("-n", "pc1.example", "img"));
        assertTrue(err().endsWith("    invalid nodeid\n"), "a dot is not in [-\\w]");
    }

    @Test
    void killModeTerminatesTheServerNamedByItsPidFile() throws Exception {
        Process frisbeed = new ProcessBuilder("sleep", "300").start();
        try (ScriptedMasterPeer peer = new ScriptedMasterPeer(272, req -> RUNNING.toBytes())) {
            Files.writeString(tmp.resolve("frisbeed-234.5.6.69-21712.pid"), frisbeed.pid() + "\n");
            int rc = run("-k", "--master", "127.0.0.1:" + peer.address().getPort(), "--pid-dir", tmp.toString(), "img");
            assertEquals(0, rc);
            assertEquals("Killed process " + frisbeed.pid() + "\n", out());
            assertTrue(frisbeed.waitFor(10, TimeUnit.SECONDS), "process was terminated");
            GetRequest sent = GetRequest.decode(ByteBuffer.wrap(peer.requests().get(0)));
            assertTrue(sent.statusOnly());
            assertEquals(TransferMethods.ANY, sent.methods());
        } finally {
            frisbeed.destroyForcibly();
        }
    }

    @Test
    void killModeIsSilentWhenNothingRunsOrNoPidFileExists() throws Exception {
        try (ScriptedMasterPeer peer = new ScriptedMasterPeer(272, req -> GetReply.failure(MsError.NOIMAGE).toBytes())) {
            assertEquals(0, run("-k", "--master", "127.0.0.1:" + peer.address().getPort(), "img"));
        }
        try (ScriptedMasterPeer peer = new ScriptedMasterPeer(272, req -> RUNNING.toBytes())) {
            assertEquals(0, run("-k", "--master", "127.0.0.1:" + peer.address().getPort(), "--pid-dir", tmp.toString(), "img"));
        }
        assertEquals("", out());
        assertEquals("", err());
    }
}
