package org.frisbeegw.gateway.parent;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.frisbeegw.gateway.auth.ImageRecord;
import org.frisbeegw.wire.GetReply;
import org.frisbeegw.wire.MsError;
import org.frisbeegw.wire.Signature;
import org.frisbeegw.wire.TransferMethods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Images that come from the parent (master-server.md §3.2 steps 2, 6, 7 and §5.2): status calls
 * go up synchronously; a GET starts one background fetch into the cache and answers TRYAGAIN, or
 * with -R points the client at the parent's multicast stream meanwhile.
 */
public final class UpstreamImages {
    /** The reply to give the client, and why (for the request's log line). */
    public record Outcome(GetReply reply, String why) {
    }

    private static final Logger log = LoggerFactory.getLogger(UpstreamImages.class);

    private final ParentLink link;
    private final CacheFetcher fetcher;
    /** Serialises "is a fetch running, else ask the parent and start one" per image. */
    private final Map<Path, Object> fetchLocks = new ConcurrentHashMap<>();

    public UpstreamImages(ParentLink link, CacheFetcher fetcher) {
        this.link = link;
        this.fetcher = fetcher;
    }

    public boolean mirror() {
        return link.settings().mirror();
    }

    public ParentAnswer status(String imageId, int host, int hops) {
        return link.status(imageId, host, hops);
    }

    /** True when the parent's MTIME is newer than ours: a mirror refetches then. */
    public static boolean newer(GetReply parent, long localMtime) {
        return parent.signature().type() == Signature.TYPE_MTIME && parent.signature().mtimeSeconds() > localMtime;
    }

    /** A status answer made of the parent's signature and size (method 0, not running). */
    public static GetReply statusFrom(GetReply parent) {
        return new GetReply(0, false, 0, 0, 0, 0, parent.signature(), parent.size());
    }

    /**
     * A GET for an image we lack or hold stale. Empty means "serve the local copy after all"
     * (the parent failed with something other than TRYAGAIN and a copy exists).
     */
    public Optional<Outcome> fetch(ImageRecord image, boolean haveLocalCopy, int requestMethods, int host,
                                            int hops) {
        int methods = image.methods() & link.settings().methods();
        if (methods == 0) {
            return Optional.of(failure(MsError.NOMETHOD, "no method toward the parent"));
        }
        synchronized (fetchLocks.computeIfAbsent(image.path(), p -> new Object())) {
            return fetchOnce(image, haveLocalCopy, requestMethods, host, hops, methods);
        }
    }

    private Optional<Outcome> fetchOnce(ImageRecord image, boolean haveLocalCopy, int requestMethods, int host,
                                                int hops, int methods) {
        Optional<CacheFetcher.Fetch> running = fetcher.running(image.path());
        if (running.isPresent()) {
            if (link.settings().actAsClient()) {
                // This client may have other rights than the one that started the fetch.
                ParentAnswer check = link.status(image.imageId(), host, hops);
                if (check instanceof ParentAnswer.Failure f) {
                    return Optional.of(failure(f.error(), f.why()));
                }
            }
            return Optional.of(finish(running.get(), requestMethods));
        }
        ParentAnswer answer = link.get(image.imageId(), methods, host, hops);
        if (answer instanceof ParentAnswer.Failure f) {
            if (f.error() != MsError.TRYAGAIN && haveLocalCopy) {
                log.info("{}: parent failed ({}), using our stale copy", image.imageId(), f.why());
                return Optional.empty();
            }
            return Optional.of(failure(f.error(), f.why()));
        }
        GetReply stream = ((ParentAnswer.Reply) answer).reply();
        if (!stream.running()) {
            return Optional.of(failure(MsError.TRYAGAIN, "parent has no stream yet"));
        }
        Optional<CacheFetcher.Fetch> fetch = fetcher.start(image.imageId(), image.path(), stream);
        if (fetch.isEmpty()) {
            return Optional.of(failure(MsError.FAILED, "image cache is full"));
        }
        return Optional.of(finish(fetch.get(), requestMethods));
    }

    /** -R and a multicast download whose method the client accepts: the client joins it too. */
    private Outcome finish(CacheFetcher.Fetch fetch, int requestMethods) {
        GetReply s = fetch.parentStream();
        if (link.settings().redirect() && s.method() == TransferMethods.MULTICAST && (requestMethods & s.method()) != 0) {
            return new Outcome(new GetReply(s.method(), true, 0, s.servAddr(), s.addr(), s.port(), s.signature(), s.size()),
                    "redirected to the parent's stream while fetching");
        }
        return failure(MsError.TRYAGAIN, "fetching from the parent");
    }

    private static Outcome failure(MsError error, String why) {
        return new Outcome(GetReply.failure(error), why);
    }
}
