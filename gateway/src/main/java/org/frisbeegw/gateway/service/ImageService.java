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

    public Answer<GetReply> get(GetRequest request, Caller caller) {
        (request.statusOnly() ? statusGets : realGets).incrementAndGet();
        return gets.handle(request, caller);
    }

    public Answer<PutReply> put(PutRequest request, Caller caller) {
        putRequests.incrementAndGet();
        return puts.handle(request, caller);
    }

    /** Requests answered since start: real GETs, status GETs, PUTs. */
    public Counters counters() {
        return new Counters(realGets.get(), statusGets.get(), putRequests.get());
    }

    public record Counters(long gets, long statusGets, long puts) {
    }
}
