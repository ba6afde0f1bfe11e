package org.frisbeegw.gateway.service;

import org.frisbeegw.gateway.auth.AuthDecision;
import org.frisbeegw.gateway.auth.Authorizer;
import org.frisbeegw.gateway.auth.ImageRecord;
import org.frisbeegw.gateway.images.ImageFile;
import org.frisbeegw.gateway.images.ImageLookup;
import org.frisbeegw.gateway.images.ImageStore;
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
 * A GET or status GET, following the decision sequence of master-server.md §3.2 for a server
 * without a parent: method filter, authorise, upload check, local file, method choice, find or
 * start a server. A status request never starts anything.
 */
public final class GetHandler {
    private final int clientMethods;
    private final Authorizer authorizer;
    private final ImageStore store;
    private final ServerRegistry servers;
    private final UploadRegistry uploads;
    private final ServerAddressPolicy addressPolicy;

    public GetHandler(int clientMethods, Authorizer authorizer, ImageStore store, ServerRegistry servers,
                      UploadRegistry uploads, ServerAddressPolicy addressPolicy) {
        this.clientMethods = clientMethods;
        this.authorizer = authorizer;
        this.store = store;
        this.servers = servers;
        this.uploads = uploads;
        this.addressPolicy = addressPolicy;
    }

    public Answer<GetReply> handle(GetRequest request, Caller caller) {
        int methods = request.methods() & clientMethods;
        if (methods == 0) {
            return failure(MsError.NOMETHOD, "no acceptable method in " + TransferMethods.format(request.methods()));
        }
        AuthDecision decision = authorizer.authorizeGet(request.hostIp(), caller.address(), request.imageId());
        if (decision instanceof AuthDecision.Denied denied) {
            return failure(denied.error(), denied.why());
        }
        ImageRecord image = ((AuthDecision.Allowed) decision).image();
        // An upload may be creating the image in any root, not just where this GET would read it.
        if (uploads.inProgress(image.path()) || store.candidates(image.imageId()).stream().anyMatch(uploads::inProgress)) {
            return failure(MsError.TRYAGAIN, "an upload of this image is in progress");
        }
        ImageLookup lookup = store.examine(image.path());
        if (lookup instanceof ImageLookup.Absent) {
            return failure(MsError.NOIMAGE, "no such image file");
        }
        if (lookup instanceof ImageLookup.Unusable unusable) {
            return failure(MsError.INVALID, unusable.why());
        }
        ImageFile file = ((ImageLookup.Present) lookup).file();
        methods &= image.methods();
        if (methods == 0) {
            return failure(MsError.NOMETHOD, "image not available via " + TransferMethods.format(request.methods()));
        }
        return request.statusOnly() ? status(image, file, methods) : serve(image, file, methods, caller);
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
