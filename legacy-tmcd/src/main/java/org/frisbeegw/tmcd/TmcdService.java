package org.frisbeegw.tmcd;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.frisbeegw.tmcd.reload.NodeReloads;
import org.frisbeegw.tmcd.reload.ReloadInfoException;
import org.frisbeegw.tmcd.reload.ReloadInfoSource;
import org.frisbeegw.wire.tmcd.TmcdFormatException;
import org.frisbeegw.wire.tmcd.TmcdRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What to answer one tmcc request: loadinfo from a known local node is answered here; everything
 * else goes to the real tmcd when one is configured, else gets the empty reply (tmcd's only
 * error). No I/O library types: the listeners hand in bytes and the transport.
 */
public final class TmcdService {
    /** Requests longer than this are refused (tmcc's buffers and tmcd's UDP limit). */
    /** tmcd takes one read of up to 16383 bytes as the whole request (legacy-tmcd.md §1.2, §1.6). */
    public static final int MAX_REQUEST = 16383;

    private static final Logger log = LoggerFactory.getLogger(TmcdService.class);
    private static final byte[] EMPTY = new byte[0];
    private static final String SSL_TAG = "ISPEAKSSL_";

    private final ReloadInfoSource reloads;
    private final LoadInfoResponder loadInfo;
    private final Optional<TmcdRelay> relay;

    public TmcdService(ReloadInfoSource reloads, LoadInfoResponder loadInfo, Optional<TmcdRelay> relay) {
        this.reloads = reloads;
        this.loadInfo = loadInfo;
        this.relay = relay;
    }

    public enum Transport { TCP, UDP }

    /** The whole answer: what this bridge answers itself, else the upstream tmcd's. */
    public byte[] handle(byte[] raw, InetAddress source, Transport transport) {
        return answerHere(raw, source, transport).orElseGet(() -> relay(raw, source, transport));
    }

    /**
     * The answer when this bridge gives it (loadinfo of a node it knows; no reply at all for
     * malformed or oversized requests), empty when the request must go to the upstream tmcd
     * ({@link #relay}). Split so a slow upstream cannot hold up the answers given here.
     */
    public Optional<byte[]> answerHere(byte[] raw, InetAddress source, Transport transport) {
        String who = source.getHostAddress();
        if (raw.length > MAX_REQUEST) {
            log.info("{}: {} request of {} bytes over the {}-byte limit, no reply", who, transport, raw.length, MAX_REQUEST);
            return Optional.of(EMPTY);
        }
        TmcdRequest request;
        try {
            request = TmcdRequest.parse(raw);
        } catch (TmcdFormatException e) {
            log.info("{}: malformed request, no reply: {}", who, e.getMessage());
            return Optional.of(EMPTY);
        }
        if (request.redirect().isPresent()) {
            log.info("{}: REDIRECT= from a node, no reply", who);
            return Optional.of(EMPTY);
        }
        if (request.command().startsWith(SSL_TAG)) {
            // An SSL tmcc goes on with a TLS handshake that a byte relay cannot carry: refused, as README says.
            log.info("{}: SSL tmcc ({}) not accepted here, no reply", who, request.command());
            return Optional.of(EMPTY);
        }
        if (request.isLoadInfo() && !request.hasIdentityPrefix()) {
            return localLoadInfo(request, source);
        }
        return Optional.empty();
    }

    /** Relays a request {@link #answerHere} left to the upstream tmcd and returns its reply (empty: none). */
    public byte[] relay(byte[] raw, InetAddress source, Transport transport) {
        try {
            return relayed(raw, source, transport, TmcdRequest.parse(raw));
        } catch (TmcdFormatException e) {
            return EMPTY; // answerHere has already said so
        }
    }

    private Optional<byte[]> localLoadInfo(TmcdRequest request, InetAddress source) {
        Optional<NodeReloads> node;
        try {
            node = reloads.lookup(source);
        } catch (ReloadInfoException e) {
            log.warn("{}: loadinfo not answered: {}", source.getHostAddress(), e.getMessage());
            return Optional.of(EMPTY);
        }
        if (node.isEmpty() || !node.get().local()) {
            return Optional.empty(); // unknown here or a remote node: the real tmcd decides
        }
        String reply = loadInfo.answer(request.version(), source, node.get());
        log.info("{} ({}): loadinfo VERSION={} -> {} line(s)", source.getHostAddress(), node.get().nodeId(),
                request.version(), reply.chars().filter(c -> c == '\n').count());
        return Optional.of(reply.getBytes(StandardCharsets.US_ASCII));
    }

    private byte[] relayed(byte[] raw, InetAddress source, Transport transport, TmcdRequest request) {
        if (relay.isEmpty()) {
            log.info("{}: {} not served here and no upstream tmcd, no reply", source.getHostAddress(), request.command());
            return EMPTY;
        }
        try {
            byte[] reply = transport == Transport.TCP ? relay.get().overTcp(raw, source) : relay.get().overUdp(raw, source);
            log.debug("{}: {} relayed, {} bytes back", source.getHostAddress(), request.command(), reply.length);
            return reply;
        } catch (IOException e) {
            log.warn("{}: relay of {} failed: {}", source.getHostAddress(), request.command(), e.getMessage());
            return EMPTY;
        }
    }
}
