package org.frisbeegw.gateway.parent;

import java.net.InetAddress;
import java.util.Optional;
import org.frisbeegw.gateway.config.ParentSettings;
import org.frisbeegw.helper.Deadlines;
import org.frisbeegw.helper.MasterClient;
import org.frisbeegw.helper.MasterClientException;
import org.frisbeegw.helper.RetryPolicy;
import org.frisbeegw.wire.GetReply;
import org.frisbeegw.wire.GetRequest;
import org.frisbeegw.wire.MsError;
import org.frisbeegw.wire.TransferMethods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests to the parent master server (master-server.md §5.2): 5-second deadlines, a status
 * call always asks for ANY method, no answer is NOIMAGE, an error reply is passed on unchanged.
 * Each request carries the hop count, so a chain of gateways that loops stops at the limit.
 */
public final class ParentLink {
    private static final Logger log = LoggerFactory.getLogger(ParentLink.class);

    private final ParentSettings settings;
    private final MasterClient client;

    /** @param local our own address (-i): the parent knows us, and sends unicast streams, by it */
    public ParentLink(ParentSettings settings, Optional<InetAddress> local) {
        this.settings = settings;
        MasterClient c = new MasterClient(settings.parent(), Deadlines.DEFAULT, RetryPolicy.NONE);
        this.client = local.map(c::withLocalAddress).orElse(c);
    }

    public ParentSettings settings() {
        return settings;
    }

    /** hostIp is the client's (with -A) or 0 (on our own behalf); hops is what the request had passed. */
    public ParentAnswer status(String imageId, int hostIp, int hops) {
        return ask(new GetRequest(settings.actAsClient() ? hostIp : 0, TransferMethods.ANY, true, imageId), hops);
    }

    public ParentAnswer get(String imageId, int methods, int hostIp, int hops) {
        return ask(new GetRequest(settings.actAsClient() ? hostIp : 0, methods, false, imageId), hops);
    }

    private ParentAnswer ask(GetRequest request, int hops) {
        if (hops + 1 > settings.hopLimit()) {
            log.warn("{}: refused after {} master servers (hop limit {}): a parent chain loops or is too long",
                    request.imageId(), hops, settings.hopLimit());
            return new ParentAnswer.Failure(MsError.FAILED, "hop limit " + settings.hopLimit() + " reached");
        }
        try {
            GetReply reply = client.withHops(hops + 1).exchange(request);
            if (reply.isError()) {
                return new ParentAnswer.Failure(MsError.of(reply.error()) == null ? MsError.FAILED : MsError.of(reply.error()),
                        "parent says " + MsError.describe(reply.error()));
            }
            return new ParentAnswer.Reply(reply);
        } catch (MasterClientException e) {
            log.warn("parent {} did not answer for {}: {}", settings.parent(), request.imageId(), e.getMessage());
            return new ParentAnswer.Failure(MsError.NOIMAGE, "parent unreachable");
        }
    }
}
