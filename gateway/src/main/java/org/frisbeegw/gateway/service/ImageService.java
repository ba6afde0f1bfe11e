package org.frisbeegw.gateway.service;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.frisbeegw.wire.GetReply;
import org.frisbeegw.wire.GetRequest;
import org.frisbeegw.wire.MsError;
import org.frisbeegw.wire.PutReply;
import org.frisbeegw.wire.PutRequest;

/** The master server's business: what to answer a GET or PUT from a caller. No I/O library types. */
public final class ImageService {
    private final GetHandler gets;
    private final PutHandler puts;
    private final AtomicLong realGets = new AtomicLong();
    private final AtomicLong statusGets = new AtomicLong();
    private final AtomicLong putRequests = new AtomicLong();

    private final RecentRequests recent = new RecentRequests(50);
    private final Clock clock = Clock.systemUTC();

    public ImageService(GetHandler gets, PutHandler puts) {
        this.gets = gets;
        this.puts = puts;
    }

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
        MsError e = MsError.of(error);
        recent.add(new RecentRequests.Entry(clock.instant(), caller.toString(), op, imageId,
                e == null ? "error " + error : e.name(), why));
    }

    public List<RecentRequests.Entry> recentRequests() {
        return recent.snapshot();
    }

    /** Requests answered since start: real GETs, status GETs, PUTs. */
    public Counters counters() {
        return new Counters(realGets.get(), statusGets.get(), putRequests.get());
    }

    public record Counters(long gets, long statusGets, long puts) {
    }
}
