package org.frisbeegw.gateway.service;

import java.util.Optional;
import org.frisbeegw.gateway.auth.AuthDecision;
import org.frisbeegw.gateway.auth.Authorizer;
import org.frisbeegw.gateway.auth.ImageRecord;
import org.frisbeegw.gateway.images.ImageFile;
import org.frisbeegw.gateway.images.ImageLookup;
import org.frisbeegw.gateway.images.ImageStore;
import org.frisbeegw.gateway.parent.ParentAnswer;
import org.frisbeegw.gateway.parent.UpstreamImages;
import org.frisbeegw.gateway.servers.RunningServer;
import org.frisbeegw.gateway.servers.ServeOutcome;
import org.frisbeegw.gateway.servers.ServerRegistry;
import org.frisbeegw.gateway.upload.UploadRegistry;
import org.frisbeegw.wire.GetReply;
import org.frisbeegw.wire.GetRequest;
import org.frisbeegw.wire.MsError;
import org.frisbeegw.wire.Signature;
import org.frisbeegw.wire.TransferMethods;

/**
 * A GET or status GET, following the decision sequence of master-server.md §3.2: method
 * filter, mirror pre-check, authorise, upload check, local file (or the parent: status, fetch,
 * redirect, stale copy), method choice, find or start a server. A status request never starts
 * anything.
 */
public final class GetHandler {
    private final int clientMethods;
    private final Authorizer authorizer;
    private final ImageStore store;
    private final ServerRegistry servers;
    private final UploadRegistry uploads;
    private final ServerAddressPolicy addressPolicy;
    private final Optional<UpstreamImages> upstream;

    public GetHandler(int clientMethods, Authorizer authorizer, ImageStore store, ServerRegistry servers,
                      UploadRegistry uploads, ServerAddressPolicy addressPolicy, Optional<UpstreamImages> upstream) {
        this.clientMethods = clientMethods;
        this.authorizer = authorizer;
        this.store = store;
        this.servers = servers;
        this.uploads = uploads;
        this.addressPolicy = addressPolicy;
        this.upstream = upstream;
    }

    /**
     * True when {@code request} is answered without waiting on anything but the local file system:
     * a status request with no parent to ask and an authorizer that consults no database. Such a
     * request may be answered on the I/O thread that read it, saving two thread hand-offs.
     */
    public boolean answersAtOnce(GetRequest request) {
        return request.statusOnly() && upstream.isEmpty() && !authorizer.mayBlock();
    }

    public Answer<GetReply> handle(GetRequest request, Caller caller) {
        int methods = request.methods() & clientMethods;
        if (methods == 0) {
            return failure(MsError.NOMETHOD, "no acceptable method in " + TransferMethods.format(request.methods()));
        }
        int host = request.hostIp() != 0 ? request.hostIp() : caller.ip();
        Optional<GetReply> mirrored = Optional.empty();
        if (upstream.isPresent() && upstream.get().mirror()) {
            // Mirror pre-check (§3.2 step 2): the parent must know the image, even if we hold it.
            ParentAnswer pre = upstream.get().status(request.imageId(), host, caller.hops());
            if (pre instanceof ParentAnswer.Failure f) {
                return failure(f.error(), f.why());
            }
            mirrored = Optional.of(((ParentAnswer.Reply) pre).reply());
        }
        AuthDecision decision = authorizer.authorizeGet(request.hostIp(), caller.address(), request.imageId());
        if (decision instanceof AuthDecision.Denied denied) {
            return failure(denied.error(), denied.why());
        }
        ImageRecord image = ((AuthDecision.Allowed) decision).image();
        // An upload may be creating the image in any root, not just where this GET would read it.
        // Resolving the id in every root again costs system calls: only worth it while an upload runs.
        if (uploads.anyInProgress() && (uploads.inProgress(image.path())
                || store.candidates(image.imageId()).stream().anyMatch(uploads::inProgress))) {
            return failure(MsError.TRYAGAIN, "an upload of this image is in progress");
        }
        ImageLookup lookup = store.examine(image.path());
        if (lookup instanceof ImageLookup.Unusable unusable) {
            return failure(MsError.INVALID, unusable.why());
        }
        if (lookup instanceof ImageLookup.Absent) {
            return upstream.isPresent() ? fromParent(request, image, mirrored, host, caller.hops())
                    : failure(MsError.NOIMAGE, "no such image file");
        }
        ImageFile file = ((ImageLookup.Present) lookup).file();
        if (mirrored.isPresent() && UpstreamImages.newer(mirrored.get(), file.mtimeSeconds())) {
            if (request.statusOnly()) {
                return new Answer<>(UpstreamImages.statusFrom(mirrored.get()), "status from parent: our copy is stale");
            }
            Optional<UpstreamImages.Outcome> refetch = upstream.get().fetch(image, true, request.methods(), host,
                    caller.hops());
            if (refetch.isPresent()) {
                return new Answer<>(refetch.get().reply(), refetch.get().why());
            }
        }
        methods &= image.methods();
        if (methods == 0) {
            return failure(MsError.NOMETHOD, "image not available via " + TransferMethods.format(request.methods()));
        }
        return request.statusOnly() ? status(image, file, methods) : serve(image, file, methods, caller);
    }

    /** We have no copy: the parent's status, or a fetch (§3.2 step 6, second case, and step 7). */
    private Answer<GetReply> fromParent(GetRequest request, ImageRecord image, Optional<GetReply> mirrored, int host,
                                        int hops) {
        GetReply info;
        if (mirrored.isPresent()) {
            info = mirrored.get();
        } else {
            ParentAnswer answer = upstream.get().status(request.imageId(), host, hops);
            if (answer instanceof ParentAnswer.Failure f) {
                return failure(f.error(), f.why());
            }
            info = ((ParentAnswer.Reply) answer).reply();
        }
        if (request.statusOnly()) {
            return new Answer<>(UpstreamImages.statusFrom(info), "status from parent");
        }
        return upstream.get().fetch(image, false, request.methods(), host, hops)
                .map(o -> new Answer<>(o.reply(), o.why()))
                .orElseGet(() -> failure(MsError.NOIMAGE, "no copy and no parent stream"));
    }

    private Answer<GetReply> status(ImageRecord image, ImageFile file, int methods) {
        return servers.find(file.path(), methods)
                .map(s -> new Answer<>(running(s, file), "status: running"))
                .orElseGet(() -> new Answer<>(new GetReply(methods, false, 0, 0, 0, 0,
                        Signature.mtime(file.mtimeSeconds()), file.size()), "status: not running"));
    }

    private Answer<GetReply> serve(ImageRecord located, ImageFile file, int methods, Caller caller) {
        // Serve the real path we examined, never the name again (closes the C server's TOCTOU window).
        ImageRecord image = new ImageRecord(located.imageId(), file.path(), located.methods(), located.serverTimeout(),
                located.serverArgs(), located.maxUploadSize(), located.uploadTimeout());
        // A unicast stream goes to the caller, as in C: with -A a sub-boss asks on a node's behalf
        // but must receive the stream itself (spec §9.2 item 8 names the cost for other proxies).
        ServeOutcome outcome = servers.acquire(image, methods, addressPolicy.serverAddressFor(caller), caller.ip());
        if (outcome instanceof ServeOutcome.Refused refused) {
            return failure(refused.error(), refused.why());
        }
        ServeOutcome.Serving serving = (ServeOutcome.Serving) outcome;
        return new Answer<>(running(serving.server(), file), serving.reused() ? "joined running server" : "started server");
    }

    private static GetReply running(RunningServer s, ImageFile file) {
        return new GetReply(s.method(), true, 0, s.servAddr(), s.addr(), s.port(),
                Signature.mtime(file.mtimeSeconds()), file.size());
    }

    private static Answer<GetReply> failure(MsError error, String why) {
        return new Answer<>(GetReply.failure(error), why);
    }
}
