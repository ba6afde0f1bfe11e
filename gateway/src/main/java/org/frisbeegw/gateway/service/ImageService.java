package org.frisbeegw.gateway.service;

import org.frisbeegw.wire.GetReply;
import org.frisbeegw.wire.GetRequest;
import org.frisbeegw.wire.PutReply;
import org.frisbeegw.wire.PutRequest;

/** The master server's business: what to answer a GET or PUT from a caller. No I/O library types. */
public final class ImageService {
    private final GetHandler gets;
    private final PutHandler puts;

    public ImageService(GetHandler gets, PutHandler puts) {
        this.gets = gets;
        this.puts = puts;
    }

    public Answer<GetReply> get(GetRequest request, Caller caller) {
        return gets.handle(request, caller);
    }

    public Answer<PutReply> put(PutRequest request, Caller caller) {
        return puts.handle(request, caller);
    }
}
