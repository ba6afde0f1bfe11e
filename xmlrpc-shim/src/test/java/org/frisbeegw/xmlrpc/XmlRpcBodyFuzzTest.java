package org.frisbeegw.xmlrpc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.frisbeegw.helper.MasterClient;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of XML-RPC request bodies through the shim's engine: whatever arrives, the
 * answer is a methodResponse, a fault never carries code 0, and nothing escapes or hangs.
 */
class XmlRpcBodyFuzzTest {
    private static final String VALID = "<?xml version=\"1.0\"?><methodCall><methodName>elabinelab.frisbeelauncher"
            + "</methodName><params><param><value><double>0.1</double></value></param><param><value><struct><member>"
            + "<name>imageid</name><value><int>10012</int></value></member></struct></value></param></params></methodCall>";
    private static final List<String> PIECES = List.of("<value>", "</value>", "<struct>", "<array>", "<base64>",
            "<ex:serializable xmlns:ex=\"http://ws.apache.org/xmlrpc/namespaces/extensions\">", "<i8>", "<nil/>", "&amp;",
            "<![CDATA[x]]>", "<param>", "</params>", "\u0000", "<methodName>", "9999999999999999999");

    /** Refuses every caller, so no request ever reaches a master server. */
    private static final ElabAuthority REFUSE_ALL = new ElabAuthority() {
        @Override
        public Optional<String> loginsRefused() {
            return Optional.empty();
        }

        @Override
        public Verdict verifyCaller(Caller caller) {
            return new Refusal(Envelope.ERROR, "No such node for IP: " + caller.peer().getHostAddress());
        }

        @Override
        public Optional<String> imageName(String numericImageId) {
            return Optional.empty();
        }

        @Override
        public boolean mayLoadImages(Caller caller, ActingNode node) {
            return false;
        }
    };

    @Test
    void everyBodyGetsAMethodResponseAndNoFaultCodeZero() throws Exception {
        ShimXmlRpcServer server = new ShimXmlRpcServer(REFUSE_ALL,
                new MasterClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9)));
        Caller caller = new Caller(InetAddress.getLoopbackAddress(), Optional.empty());
        long seed = 3069;
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            Random r = new Random(seed);
            for (int i = 0; i < 3000; i++) {
                String body = mutate(r, VALID);
                String reply = new String(server.process(body.getBytes(StandardCharsets.UTF_8), caller), StandardCharsets.UTF_8);
                assertTrue(reply.contains("<methodResponse"), "seed " + seed + " case " + i + ": " + reply);
                assertFalse(reply.contains("<name>faultCode</name><value><i4>0</i4>"), "seed " + seed + " case " + i);
            }
        });
    }

    private static String mutate(Random r, String valid) {
        StringBuilder sb = new StringBuilder(valid);
        for (int edits = 1 + r.nextInt(4); edits > 0; edits--) {
            int at = r.nextInt(sb.length() + 1);
            switch (r.nextInt(4)) {
                case 0 -> sb.insert(at, PIECES.get(r.nextInt(PIECES.size())));
                case 1 -> sb.delete(at, Math.min(sb.length(), at + 1 + r.nextInt(20)));
                case 2 -> sb.setLength(Math.min(sb.length(), at));
                default -> sb.insert(at, (char) r.nextInt(128));
            }
        }
        return sb.toString();
    }
}
