package org.frisbeegw.gateway.service;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.frisbeegw.gateway.auth.AuthDecision;
import org.frisbeegw.gateway.auth.Authorizer;
import org.frisbeegw.gateway.auth.ImageRecord;
import org.frisbeegw.gateway.images.ImageFile;
import org.frisbeegw.gateway.images.ImageLookup;
import org.frisbeegw.gateway.images.ImageStore;
import org.frisbeegw.gateway.servers.ServerRegistry;
import org.frisbeegw.gateway.upload.TcpUploader;
import org.frisbeegw.gateway.upload.UploadRegistry;
import org.frisbeegw.gateway.upload.UploadSpec;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.MsError;
import org.frisbeegw.wire.PutReply;
import org.frisbeegw.wire.PutRequest;
import org.frisbeegw.wire.Signature;

/** A PUT or PUT status, following master-server.md §6.1 (no mirror mode in this configuration). */
public final class PutHandler {
    private final Authorizer authorizer;
    private final ImageStore store;
    private final ServerRegistry servers;
    private final UploadRegistry uploads;
    private final ServerAddressPolicy addressPolicy;
    private final Clock clock;
    private final boolean mirror;
    private final List<Path> uploadRoots;

    /** @param mirror a strict mirror of its parent takes no uploads (NOTIMPL, spec §6.1 step 2) */
    public PutHandler(Authorizer authorizer, ImageStore store, ServerRegistry servers, UploadRegistry uploads,
                      ServerAddressPolicy addressPolicy, Clock clock, boolean mirror) {
        this.mirror = mirror;
        this.authorizer = authorizer;
        this.store = store;
        // Targets are confined to these (the put dir, or for -C emulab the -I roots) at write time too.
        this.uploadRoots = store.roots();
        this.servers = servers;
        this.uploads = uploads;
        this.addressPolicy = addressPolicy;
        this.clock = clock;
    }

    public Answer<PutReply> handle(PutRequest request, Caller caller) {
        if (mirror) {
            return failure(MsError.NOTIMPL, "a mirror takes no uploads");
        }
        AuthDecision decision = authorizer.authorizePut(request.hostIp(), caller.address(), request.imageId());
        if (decision instanceof AuthDecision.Denied denied) {
            return failure(denied.error(), denied.why());
        }
        ImageRecord image = ((AuthDecision.Allowed) decision).image();
        if (!store.confines(image.path())) {
            return failure(MsError.FAILED, "upload target " + image.path() + " is outside the image directories");
        }
        long max = image.maxUploadSize();
        if (Long.compareUnsigned(request.size(), max) > 0) {
            // The maximum is filled in on purpose so the client can tell the limit (spec §6.1 step 4).
            return new Answer<>(new PutReply(MsError.TOOBIG.code(), 0, 0, false, Signature.NONE, 0, max),
                    "size " + Long.toUnsignedString(request.size()) + " over maximum " + max);
        }
        if (request.mtime() != 0 && request.mtime() > clock.instant().getEpochSecond()) {
            return failure(MsError.BADMTIME, "mtime " + request.mtime() + " is in the future");
        }
        if (servers.isServing(image.path()) || uploads.inProgress(image.path())) {
            return failure(MsError.TRYAGAIN, "image is being served or uploaded");
        }
        ImageLookup lookup = store.examine(image.path());
        if (lookup instanceof ImageLookup.Unusable unusable) {
            return failure(MsError.INVALID, unusable.why());
        }
        Optional<ImageFile> existing = lookup instanceof ImageLookup.Present p ? Optional.of(p.file()) : Optional.empty();
        Signature sig = existing.map(f -> Signature.mtime(f.mtimeSeconds())).orElse(Signature.NONE);
        long size = existing.map(ImageFile::size).orElse(0L);
        if (request.statusOnly()) {
            return new Answer<>(new PutReply(0, 0, 0, existing.isPresent(), sig, size, max), "put status");
        }
        return startUpload(request, caller, image, existing.isPresent(), sig, size);
    }

    private Answer<PutReply> startUpload(PutRequest request, Caller caller, ImageRecord image, boolean exists,
                                         Signature sig, long size) {
        long max = image.maxUploadSize();
        long limit = request.size() == 0 || Long.compareUnsigned(request.size(), max) > 0 ? max : request.size();
        long asked = request.timeoutSeconds();
        Duration timeout = asked == 0 || asked > image.uploadTimeout().toSeconds()
                ? image.uploadTimeout() : Duration.ofSeconds(asked);
        int servAddr = addressPolicy.serverAddressFor(caller);
        UploadSpec spec = new UploadSpec(image.imageId(), image.path(), Ipv4.toAddress(servAddr), caller.address(),
                limit, timeout, request.mtime(), request.size(), uploadRoots);
        Optional<TcpUploader> uploader;
        try {
            uploader = uploads.start(spec);
        } catch (UploadRegistry.TooManyUploads e) {
            return failure(MsError.TRYAGAIN, e.getMessage());
        } catch (IOException e) {
            return failure(MsError.FAILED, "cannot start uploader: " + e.getMessage());
        }
        if (uploader.isEmpty()) {
            return failure(MsError.TRYAGAIN, "an upload of this image is in progress");
        }
        return new Answer<>(new PutReply(0, servAddr, uploader.get().port(), exists, sig, size, max),
                "uploader listening for " + limit + " bytes, " + timeout.toSeconds() + " s");
    }

    private static Answer<PutReply> failure(MsError error, String why) {
        return new Answer<>(PutReply.failure(error), why);
    }
}
