package org.frisbeegw.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.frisbeegw.wire.GetReply;
import org.frisbeegw.wire.GetRequest;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.MsError;
import org.frisbeegw.wire.PutReply;
import org.frisbeegw.wire.PutRequest;
import org.frisbeegw.wire.Signature;
import org.frisbeegw.wire.TransferMethods;
import org.junit.jupiter.api.Test;

class MasterClientTest {
    private static final GetReply RUNNING = new GetReply(TransferMethods.MULTICAST, true, 0,
            Ipv4.parse("127.0.0.1"), Ipv4.parse("239.192.1.2"), 1283, Signature.mtime(1000), 42);
    private static final Deadlines SHORT = Deadlines.uniform(Duration.ofMillis(300));

    @Test
    void proxyGetSendsTheHostIpAndDecodesTheReply() throws Exception {
        try (ScriptedMasterPeer peer = new ScriptedMasterPeer(272, req -> RUNNING.toBytes())) {
            MasterClient client = new MasterClient(peer.address());
            GetReply reply = client.proxyGet(Ipv4.parse("10.1.0.1"), "emulab-ops/FBSD73-STD", TransferMethods.MULTICAST);

            assertEquals(RUNNING, reply);
            GetRequest sent = GetRequest.decode(ByteBuffer.wrap(peer.requests().get(0)));
            assertEquals(new GetRequest(Ipv4.parse("10.1.0.1"), 2, false, "emulab-ops/FBSD73-STD"), sent);
        }
    }

    @Test
    void statusSendsAnyAndTheStatusFlagLikeFrisbeeDashQ() throws Exception {
        try (ScriptedMasterPeer peer = new ScriptedMasterPeer(272, req -> RUNNING.toBytes())) {
            new MasterClient(peer.address()).status("img");
            GetRequest sent = GetRequest.decode(ByteBuffer.wrap(peer.requests().get(0)));
            assertEquals(new GetRequest(0, TransferMethods.ANY, true, "img"), sent);
        }
    }

    @Test
    void tryAgainIsRetriedUpToMaxTriesThenReturned() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (ScriptedMasterPeer peer = new ScriptedMasterPeer(272,
                req -> calls.incrementAndGet() < 3 ? GetReply.failure(MsError.TRYAGAIN).toBytes() : RUNNING.toBytes())) {
            MasterClient twice = new MasterClient(peer.address(), Deadlines.DEFAULT, new RetryPolicy(Duration.ofMillis(10), 2));
            assertEquals(MsError.TRYAGAIN.code(), twice.get("img", 2).error());
            assertEquals(2, calls.get());

            MasterClient thrice = new MasterClient(peer.address(), Deadlines.DEFAULT, new RetryPolicy(Duration.ofMillis(10), 5));
            assertEquals(RUNNING, thrice.get("img", 2));
            assertEquals(3, calls.get());
        }
    }

    @Test
    void withoutAPolicyTryAgainComesBackAtOnce() throws Exception {
        try (ScriptedMasterPeer peer = new ScriptedMasterPeer(272, req -> GetReply.failure(MsError.TRYAGAIN).toBytes())) {
            assertEquals(MsError.TRYAGAIN.code(), new MasterClient(peer.address()).get("img", 2).error());
            assertEquals(1, peer.requests().size());
        }
    }

    @Test
    void silentServerHitsTheReceiveDeadline() throws Exception {
        try (ScriptedMasterPeer peer = new ScriptedMasterPeer(272, req -> null)) {
            MasterClient client = new MasterClient(peer.address(), SHORT, RetryPolicy.NONE);
            long start = System.nanoTime();
            MasterClientException e = assertThrows(MasterClientException.class, () -> client.status("img"));
            assertTrue(e.getMessage().contains("timed out"), e.getMessage());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(3)) < 0);
        }
    }

    @Test
    void shortReplyThenCloseIsAnError() throws Exception {
        try (ScriptedMasterPeer peer = new ScriptedMasterPeer(272, req -> Arrays.copyOf(RUNNING.toBytes(), 100))) {
            MasterClientException e = assertThrows(MasterClientException.class,
                    () -> new MasterClient(peer.address()).status("img"));
            assertTrue(e.getMessage().contains("100 of 288"), e.getMessage());
        }
    }

    @Test
    void replyOfTheWrongTypeIsRejected() throws Exception {
        byte[] putReplyBytes = PutReply.failure(MsError.FAILED).toBytes();
        try (ScriptedMasterPeer peer = new ScriptedMasterPeer(272, req -> Arrays.copyOf(putReplyBytes, 288))) {
            assertThrows(MasterClientException.class, () -> new MasterClient(peer.address()).status("img"));
        }
    }

    @Test
    void refusedConnectionIsAnError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        MasterClient client = new MasterClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        assertThrows(MasterClientException.class, () -> client.status("img"));
    }

    @Test
    void putRoundTrips() throws Exception {
        PutReply answer = new PutReply(0, Ipv4.parse("127.0.0.1"), 4000, false, Signature.NONE, 0, 10_000_000_000L);
        try (ScriptedMasterPeer peer = new ScriptedMasterPeer(287, req -> answer.toBytes())) {
            PutRequest request = new PutRequest(0, 0, "new.img", 10, 0, 0);
            assertEquals(answer, new MasterClient(peer.address()).put(request));
            assertEquals(request, PutRequest.decode(ByteBuffer.wrap(peer.requests().get(0))));
        }
    }
}
