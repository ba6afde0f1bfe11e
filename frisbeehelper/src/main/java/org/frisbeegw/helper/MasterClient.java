package org.frisbeegw.helper;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.frisbeegw.wire.GetReply;
import org.frisbeegw.wire.GetRequest;
import org.frisbeegw.wire.HopTrailer;
import org.frisbeegw.wire.MalformedMessageException;
import org.frisbeegw.wire.MessageType;
import org.frisbeegw.wire.MsError;
import org.frisbeegw.wire.PutReply;
import org.frisbeegw.wire.PutRequest;
import org.frisbeegw.wire.TransferMethods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A blocking client of the master-server protocol: one request per TCP connection, exactly as
 * the C {@code frisbee} client does it. Thread-safe: it holds no connection between calls.
 */
public final class MasterClient {
    /** The master server's well-known port (0xFBEE, MS_PORTNUM). */
    public static final int DEFAULT_PORT = 64494;

    private static final Logger log = LoggerFactory.getLogger(MasterClient.class);

    private final InetSocketAddress server;
    private final Deadlines deadlines;
    private final RetryPolicy retry;
    private final InetAddress localAddress;
    private final int hops;
    /** Answers GETs in this process instead of over TCP; null for a network client. */
    private final MasterExchange direct;

    public MasterClient(InetSocketAddress server, Deadlines deadlines, RetryPolicy retry) {
        this(server, deadlines, retry, null, -1, null);
    }

    private MasterClient(InetSocketAddress server, Deadlines deadlines, RetryPolicy retry, InetAddress localAddress,
                         int hops, MasterExchange direct) {
        this.server = server;
        this.deadlines = deadlines;
        this.retry = retry;
        this.localAddress = localAddress;
        this.hops = hops;
        this.direct = direct;
    }

    public MasterClient(InetSocketAddress server) {
        this(server, Deadlines.DEFAULT, RetryPolicy.NONE);
    }

    /**
     * The same client, appending a {@link HopTrailer} to GET requests: used by a gateway asking
     * its parent, so a chain of gateways can stop a loop. C servers ignore the trailer.
     */
    public MasterClient withHops(int count) {
        return new MasterClient(server, deadlines, retry, localAddress, count, direct);
    }

    /**
     * The same client, connecting from {@code local}. The master server knows a caller only by
     * this address, and unicast streams are sent to it.
     */
    public MasterClient withLocalAddress(InetAddress local) {
        return new MasterClient(server, deadlines, retry, local, hops, direct);
    }

    /**
     * A client whose GETs (real, status and proxy ones, with this retry policy) are answered by
     * {@code direct} in this process: the gateway's own bridges so reach the master service they
     * run beside, with no TCP hop and none of the listener's per-source limits, which are meant
     * for other machines. {@code nominal} names it in messages; PUTs still go over TCP to it.
     */
    public static MasterClient inProcess(InetSocketAddress nominal, MasterExchange direct, RetryPolicy retry) {
        return new MasterClient(nominal, Deadlines.DEFAULT, retry, null, -1, direct);
    }

    public InetSocketAddress server() {
        return server;
    }

    /** A real GET for ourselves with the given acceptable methods; retries TRYAGAIN per policy. */
    public GetReply get(String imageId, int methods) throws MasterClientException {
        return getWithRetry(new GetRequest(0, methods, false, imageId));
    }

    /** A real GET on behalf of {@code hostIp} (a proxy request); retries TRYAGAIN per policy. */
    public GetReply proxyGet(int hostIp, String imageId, int methods) throws MasterClientException {
        return getWithRetry(new GetRequest(hostIp, methods, false, imageId));
    }

    /** Status only, as {@code frisbee -Q}: methods ANY, never starts a server, never retried. */
    public GetReply status(String imageId) throws MasterClientException {
        return exchange(new GetRequest(0, TransferMethods.ANY, true, imageId));
    }

    /** Status only on behalf of {@code hostIp}. */
    public GetReply proxyStatus(int hostIp, String imageId) throws MasterClientException {
        return exchange(new GetRequest(hostIp, TransferMethods.ANY, true, imageId));
    }

    /** A PUT (or PUT status) request. */
    public PutReply put(PutRequest request) throws MasterClientException {
        try {
            return PutReply.decode(ByteBuffer.wrap(roundTrip(request.toBytes(), MessageType.PUT_REPLY)));
        } catch (MalformedMessageException e) {
            throw new MasterClientException("bad reply from " + server + ": " + e.getMessage(), e);
        }
    }

    /** One GET exchange, no retry. */
    public GetReply exchange(GetRequest request) throws MasterClientException {
        if (direct != null) {
            return direct.exchange(request);
        }
        try {
            byte[] bytes = request.toBytes();
            if (hops >= 0) {
                // One buffer, one write: the trailer must arrive with the request.
                byte[] trailer = HopTrailer.encode(hops);
                bytes = Arrays.copyOf(bytes, bytes.length + trailer.length);
                System.arraycopy(trailer, 0, bytes, bytes.length - trailer.length, trailer.length);
            }
            return GetReply.decode(ByteBuffer.wrap(roundTrip(bytes, MessageType.GET_REPLY)));
        } catch (MalformedMessageException e) {
            throw new MasterClientException("bad reply from " + server + ": " + e.getMessage(), e);
        }
    }

    private GetReply getWithRetry(GetRequest request) throws MasterClientException {
        GetReply reply = exchange(request);
        for (int tries = 1; tries < retry.maxTries() && reply.error() == MsError.TRYAGAIN.code(); tries++) {
            log.info("{}: image busy, waiting {} ms (try {} of {})", request.imageId(),
                    retry.interval().toMillis(), tries, retry.maxTries());
            pause();
            reply = exchange(request);
        }
        return reply;
    }

    private void pause() throws MasterClientException {
        try {
            Thread.sleep(retry.interval().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MasterClientException("interrupted while waiting to retry");
        }
    }

    private byte[] roundTrip(byte[] request, MessageType replyType) throws MasterClientException {
        try (DeadlineChannel channel = DeadlineChannel.connect(server, localAddress, deadlines.connect())) {
            channel.writeFully(ByteBuffer.wrap(request), deadlines.send());
            return channel.readFully(replyType.wireLength(), deadlines.receive());
        } catch (MasterClientException e) {
            throw e;
        } catch (IOException e) {
            throw new MasterClientException("master server " + server + ": " + e.getMessage(), e);
        }
    }
}
