package org.frisbeegw.gateway.service;

import org.frisbeegw.wire.GetReply;
import org.frisbeegw.wire.GetRequest;
import org.frisbeegw.wire.PutReply;
import org.frisbeegw.wire.PutRequest;

/** The master server's business: what to answer a GET or PUT from a caller. No I/O library types. */
public final class ImageService {
    private final GetHandler gets;
    private final PutHandler puts;
    private final java.util.concurrent.atomic.AtomicLong realGets = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong statusGets = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong putRequests = new java.util.concurrent.atomic.AtomicLong();

    public ImageService(GetHandler gets, PutHandler puts) {
        this.gets = gets;
        this.puts = puts;
    }

    private final RecentRequests recent = new RecentRequests(50);
    private final java.time.Clock clock = java.time.Clock.systemUTC();

    public Answer<GetReply> get(GetRequest request, Caller caller) {
        (request.statusOnly() ? statusGets : realGets).incrementAndGet();
        Answer<GetReply> a = gets.handle(request, caller);
        remember(caller, request.statusOnly() ? "STATUS" : "GET", request.imageId(), a.reply().error(), a.why());
        return a;
    }

    public Answer<PutReply> put(PutRequest request, Caller caller) {
        putRequests.incrementAndGet();
        Answer<PutReply> a = puts.handle(request, caller);
        remember(caller, request.statusOnly() ? "PUTSTATUS" : "PUT", request.imageId(), a.reply().error(), a.why());
        return a;
    }

    private void remember(Caller caller, String op, String imageId, int error, String why) {
        org.frisbeegw.wire.MsError e = org.frisbeegw.wire.MsError.of(error);
        recent.add(new RecentRequests.Entry(clock.instant(), caller.toString(), op, imageId,
                e == null ? "error " + error : e.name(), why));
    }

    public java.util.List<RecentRequests.Entry> recentRequests() {
        return recent.snapshot();
    }

    /** Requests answered since start: real GETs, status GETs, PUTs. */
    public Counters counters() {
        return new Counters(realGets.get(), statusGets.get(), putRequests.get());
    }

    public record Counters(long gets, long statusGets, long puts) {
    }
}
