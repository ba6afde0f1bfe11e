package org.frisbeegw.gateway.listener;

import java.util.concurrent.Executor;
import java.util.function.Predicate;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.IoSession;
import org.frisbeegw.wire.GetRequest;

/**
 * Sends a decoded request to the worker pool, unless it can be answered at once (a status
 * request the null configuration answers from the file system alone): that one is answered on
 * the I/O thread that read it, which saves two thread hand-offs and their context switches.
 * Anything that may wait (starting a server, a database, a parent) goes to the workers, so an
 * I/O thread never blocks.
 */
final class RequestOffloadFilter extends IoFilterAdapter {
    private final Executor workers;
    private final Predicate<GetRequest> answersAtOnce;

    RequestOffloadFilter(Executor workers, Predicate<GetRequest> answersAtOnce) {
        this.workers = workers;
        this.answersAtOnce = answersAtOnce;
    }

    @Override
    public void messageReceived(NextFilter next, IoSession session, Object message) {
        if (message instanceof InboundRequest r && r.message() instanceof GetRequest get && answersAtOnce.test(get)) {
            next.messageReceived(session, message);
        } else {
            workers.execute(() -> next.messageReceived(session, message));
        }
    }
}
