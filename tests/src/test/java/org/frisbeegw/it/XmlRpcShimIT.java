package org.frisbeegw.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;
import org.frisbeegw.wire.PutRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Legacy inner bosses calling elabinelab.frisbeelauncher on a real gateway, over loopback HTTP. */
class XmlRpcShimIT {
    private static final String LAUNCH = "elabinelab.frisbeelauncher";

    @TempDir
    Path tmp;
    TestGateway gw;
    XmlRpcClient apache;

    @BeforeEach
    void start() throws Exception {
        Path authority = Files.writeString(tmp.resolve("authority"), String.join("\n",
                "# inner boss pc5 of testbed/elab1 is reached here as 127.0.0.1",
                "node 127.0.0.1 id=pc5 experiment=testbed/elab1 creator=alice role=boss state=active elabinelab=1",
                "node 127.0.0.6 id=pc6 experiment=testbed/elab1 creator=alice role=node state=active elabinelab=1",
                "node 127.0.0.7 id=pc7 experiment=testbed/exp1 creator=alice role=boss state=active elabinelab=0",
                "image 10012 testbed/TB-PRIVATE",
                "image 10013 testbed/GONE",
                "image 10014 testbed/BUSY",
                ""));
        gw = TestGateway.start(tmp, "--elab-authority", authority.toString(), "--xmlrpc-port", "0",
                "--xmlrpc-insecure-http", "--put-dir", tmp.resolve("uploads").toString());
        Files.createDirectories(gw.images.resolve("testbed"));
        Files.write(gw.images.resolve("testbed/TB-PRIVATE"), new byte[5000]);
        XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
        config.setServerURL(new URL("http://127.0.0.1:" + port() + "/usr/testbed"));
        config.setEnabledForExtensions(false);
        apache = new XmlRpcClient();
        apache.setConfig(config);
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    private int port() {
        return gw.gateway.xmlrpcAddress().orElseThrow().getPort();
    }

    private Map<?, ?> launch(Object version, Object argdict) throws XmlRpcException {
        return (Map<?, ?>) apache.execute(LAUNCH, new Object[] {version, argdict});
    }

    @Test
    void innerBossGetsAMulticastGroupAndPort() throws Exception {
        Map<?, ?> r = launch(0.1, Map.of("imageid", 10012));
        assertEquals(0, r.get("code"));
        assertEquals("", r.get("output"));
        assertEquals("239.192.1.2:1283", r.get("value"));
        Map<?, ?> asString = launch(0.1, Map.of("imageid", "10012"));
        assertEquals("239.192.1.2:1283", asString.get("value"), "string imageid, same running server");
        assertEquals(1, gw.gateway.servers().running().size());
    }

    @Test
    void versionIsComparedAsANumber() throws Exception {
        String body = call("<value><double>0.10000000000000000555</double></value>", "<int>10012</int>");
        assertTrue(body.contains("239.192.1.2:1283"), body);
        assertEquals(4, launch(0.2, Map.of("imageid", 10012)).get("code"));
        assertEquals(4, launch(1, Map.of("imageid", 10012)).get("code"), "an int version fails, as in Python");
        assertEquals(4, launch("0.1", Map.of("imageid", 10012)).get("code"));
        assertEquals("Client version mismatch!", launch(0.2, Map.of()).get("output"));
    }

    @Test
    void badArgumentsAreBadArgs() throws Exception {
        Map<?, ?> missing = launch(0.1, Map.of());
        assertEquals(1, missing.get("code"));
        assertEquals("Must supply 'imageid'", missing.get("output"));
        assertEquals(1, launch(0.1, Map.of("imageid", "testbed/TB-PRIVATE")).get("code"), "no '/' in a legacy id");
        assertEquals(1, launch(0.1, Map.of("imageid", Map.of("x", 1))).get("code"), "a struct is no imageid");
        assertEquals(1, launch(0.1, "not a struct").get("code"));
        String body = call("<value><double>0.1</double></value>", "<boolean>1</boolean>");
        assertTrue(body.contains("<name>code</name><value><i4>1</i4></value>"), body);
        assertTrue(body.contains("Unsupported XML-RPC type: boolean"), body);
    }

    @Test
    void serializablePayloadIsRefusedWithoutBeingRead() throws Exception {
        String body = call("<value><double>0.1</double></value>",
                "<ex:serializable xmlns:ex=\"http://ws.apache.org/xmlrpc/namespaces/extensions\">rO0ABXNyABFqYXZh</ex:serializable>");
        assertTrue(body.contains("<name>code</name><value><i4>1</i4></value>"), body);
        assertTrue(body.contains("Unsupported XML-RPC type"), body);
    }

    @Test
    void callersThatAreNotTheInnerBossAreRefused() throws Exception {
        String node = callFrom("127.0.0.6");
        assertTrue(node.contains("Must be boss node accessing elabinelab method for testbed/elab1"), node);
        assertTrue(node.contains("<name>code</name><value><i4>3</i4></value>"), node);
        assertTrue(callFrom("127.0.0.7").contains("Not an elabinelab experiment: testbed/exp1"));
        String unknown = callFrom("127.0.0.8");
        assertTrue(unknown.contains("No such node for IP: 127.0.0.8") && unknown.contains("<i4>2</i4>"), unknown);
        assertTrue(gw.gateway.servers().running().isEmpty(), "no server was started for a refused caller");
    }

    @Test
    void unknownImagesAndMasterErrorsAreErrorsWithNonZeroValue() throws Exception {
        Map<?, ?> notAnImage = launch(0.1, Map.of("imageid", 99999));
        assertEquals(2, notAnImage.get("code"));
        assertNotEquals(0, notAnImage.get("value"));
        assertTrue(((String) notAnImage.get("output")).contains("99999: not a valid Emulab image"));
        Map<?, ?> gone = launch(0.1, Map.of("imageid", 10013));
        assertEquals(2, gone.get("code"));
        assertEquals("testbed/GONE: could not start server (NOIMAGE)", gone.get("output"));
    }

    @Test
    void tryAgainFromTheMasterIsAnError() throws Exception {
        // An upload of the image in progress makes the master answer TRYAGAIN.
        assertEquals(0, gw.client().put(new PutRequest(0, 0, "testbed/BUSY", 10, 0, 60)).error());
        Map<?, ?> r = launch(0.1, Map.of("imageid", 10014));
        assertEquals(2, r.get("code"));
        assertEquals("testbed/BUSY: could not start server (TRYAGAIN)", r.get("output"));
    }

    @Test
    void protocolErrorsAreFaultsWithCodeOneNeverZero() throws Exception {
        XmlRpcException unknown = assertThrows(XmlRpcException.class, () -> apache.execute("elabinelab.verifystuff",
                new Object[] {0.1, Map.of()}));
        assertEquals(1, unknown.code);
        XmlRpcException count = assertThrows(XmlRpcException.class, () -> apache.execute(LAUNCH, new Object[] {0.1}));
        assertEquals(1, count.code);
        String garbage = post("/usr/testbed", "this is not xml".getBytes(StandardCharsets.US_ASCII), null);
        assertTrue(garbage.matches("(?s)HTTP/1\\.[01] 200 OK\r\n.*"), garbage);
        assertTrue(garbage.contains("<name>faultCode</name><value><i4>1</i4></value>"), garbage);
        String doctype = post("/usr/testbed", ("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<methodCall><methodName>&e;</methodName></methodCall>").getBytes(StandardCharsets.US_ASCII), null);
        assertTrue(doctype.contains("DOCTYPE and entity declarations are not accepted") && !doctype.contains("root:"), doctype);
        String wrongPath = post("/cgi-bin/x", body("<value><double>0.1</double></value>", "<int>10012</int>"), null);
        assertTrue(wrongPath.contains("<i4>1</i4>") && wrongPath.contains("no XML-RPC service at /cgi-bin/x"), wrongPath);
    }

    /**
     * The adversarial run's SSRF: a UTF-16 body (which the byte filter cannot read) with an
     * external DTD on a listener of ours. The parser refuses the DOCTYPE; nothing connects.
     */
    @Test
    void aUtf16BodyWithAnExternalDtdFetchesNothing() throws Exception {
        try (java.nio.channels.ServerSocketChannel trap = java.nio.channels.ServerSocketChannel.open()
                .bind(new java.net.InetSocketAddress("127.0.0.1", 0))) {
            trap.configureBlocking(false);
            String xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE methodCall SYSTEM \"http://127.0.0.1:"
                    + trap.socket().getLocalPort() + "/evil.dtd\"><methodCall><methodName>" + LAUNCH
                    + "</methodName><params></params></methodCall>";
            String reply = post("/usr/testbed", xml.getBytes(StandardCharsets.UTF_16), null);
            assertTrue(reply.contains("<name>faultCode</name><value><i4>1</i4></value>"), reply);
            assertEquals(null, trap.accept(), "the gateway fetched the external DTD");
        }
    }

    /**
     * The adversarial run's starvation: 300 silent connections. Spread over 50 sources (each
     * under the per-source cap), they still hold no worker, so a caller is answered at once.
     */
    @Test
    void silentConnectionsDoNotStarveOtherCallers() throws Exception {
        java.util.List<java.net.Socket> silent = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                java.net.Socket s = new java.net.Socket();
                s.bind(new java.net.InetSocketAddress("127.0.1." + (100 + i % 50), 0));
                s.connect(gw.gateway.xmlrpcAddress().get(), 5000);
                silent.add(s);
            }
            long t0 = System.nanoTime();
            Map<?, ?> r = launch(0.1, Map.of("imageid", 10012));
            assertEquals(0, r.get("code"), "a legitimate caller is answered while 300 sockets stay silent");
            assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "and not only after their deadlines");
            java.util.List<java.net.Socket> nine = new java.util.ArrayList<>();
            for (int i = 0; i < 9; i++) { // one source past its cap of 8: one of these is closed at once
                java.net.Socket extra = new java.net.Socket();
                extra.bind(new java.net.InetSocketAddress("127.0.1.250", 0));
                extra.connect(gw.gateway.xmlrpcAddress().get(), 5000);
                nine.add(extra);
                silent.add(extra);
            }
            int closed = 0;
            for (java.net.Socket extra : nine) { // which one is up to the order the server opens them in
                extra.setSoTimeout(300);
                try {
                    if (extra.getInputStream().read() < 0) {
                        closed++;
                    }
                } catch (java.net.SocketTimeoutException stillOpen) {
                    // one of the eight allowed
                } catch (IOException reset) {
                    closed++;
                }
            }
            assertEquals(1, closed, "of nine connections from one source, the one past the cap is closed");
        } finally {
            for (java.net.Socket s : silent) {
                s.close();
            }
        }
    }

    @Test
    void otherElabinelabMethodsSayTheyAreNotServed() throws Exception {
        Map<?, ?> r = (Map<?, ?>) apache.execute("elabinelab.power", new Object[] {0.1, Map.of("op", "on", "nodes", "pc1")});
        assertEquals(2, r.get("code"));
        assertTrue(((String) r.get("output")).contains("not served by this shim"));
    }

    @Test
    void oversizedBodyIsRefusedUnread() throws Exception {
        String reply = post("/usr/testbed", null, (long) (1 << 20));
        assertTrue(reply.matches("(?s)HTTP/1\\.[01] 200 OK\r\n.*") && reply.contains("request body over 1048576 bytes"), reply);
    }

    @Test
    void pythonsStandardClientGetsTheSameAnswers() throws Exception {
        Path script = Files.writeString(tmp.resolve("client.py"), String.join("\n",
                "import sys, xmlrpc.client",
                "s = xmlrpc.client.ServerProxy('http://127.0.0.1:%s/usr/testbed' % sys.argv[1])",
                "r = s.elabinelab.frisbeelauncher(0.1, {'imageid': '10012'})",
                "print('ok', r['code'], r['value'], repr(r['output']))",
                "r = s.elabinelab.frisbeelauncher(0.3, {'imageid': 10012})",
                "print('version', r['code'], r['output'])",
                "try:",
                "    s.elabinelab.nosuch(0.1, {})",
                "except xmlrpc.client.Fault as f:",
                "    print('fault', f.faultCode)",
                ""));
        Process p = new ProcessBuilder("python3", script.toString(), String.valueOf(port())).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python client finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertEquals(List.of("ok 0 239.192.1.2:1283 ''", "version 4 Client version mismatch!", "fault 1"),
                out.lines().toList());
    }

    private static byte[] body(String version, String imageIdValue) {
        return ("<?xml version=\"1.0\" encoding=\"us-ascii\"?><methodCall><methodName>" + LAUNCH + "</methodName><params>"
                + "<param>" + version + "</param><param><value><struct><member><name>imageid</name><value>" + imageIdValue
                + "</value></member></struct></value></param></params></methodCall>").getBytes(StandardCharsets.US_ASCII);
    }

    private String call(String version, String imageIdValue) throws IOException {
        return post("/usr/testbed", body(version, imageIdValue), null);
    }

    private String callFrom(String local) throws IOException {
        return exchange(InetAddress.getByName(local), "/usr/testbed", body("<value><double>0.1</double></value>",
                "<int>10012</int>"), null);
    }

    private String post(String path, byte[] body, Long claimedLength) throws IOException {
        return exchange(InetAddress.getByName("127.0.0.1"), path, body, claimedLength);
    }

    /** A raw HTTP/1.0 POST, read until the server closes: what the legacy M2Crypto client does. */
    private String exchange(InetAddress local, String path, byte[] body, Long claimedLength) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(local, 0));
            s.connect(new InetSocketAddress("127.0.0.1", port()), 5000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            long length = claimedLength != null ? claimedLength : body.length;
            out.write(("POST " + path + " HTTP/1.0\r\nHost: boss\r\nContent-Type: text/xml\r\nContent-Length: " + length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
