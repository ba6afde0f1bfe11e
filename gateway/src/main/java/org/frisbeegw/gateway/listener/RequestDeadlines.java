package org.frisbeegw.gateway.listener;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.mina.core.session.IoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes connections that have not delivered a whole request within the deadline. One sweep
 * over the open connections every {@link #period()} instead of a timer task scheduled and
 * cancelled per connection (cancelled tasks pile up in the timer's queue under load); a
 * connection is closed between {@code deadline} and {@code deadline + period} after it opened.
 */
final class RequestDeadlines implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(RequestDeadlines.class);

    private final Duration deadline;
    private final Supplier<Map<Long, IoSession>> sessions;

    RequestDeadlines(Duration deadline, Supplier<Map<Long, IoSession>> sessions) {
        this.deadline = deadline;
        this.sessions = sessions;
    }

    /** A tenth of the deadline, between 10 ms and 1 s. */
    Duration period() {
        return Duration.ofMillis(Math.max(10, Math.min(1000, deadline.toMillis() / 10)));
    }

    @Override
    public void run() {
        long cutoff = System.currentTimeMillis() - deadline.toMillis();
        for (IoSession s : sessions.get().values()) {
            if (s.getCreationTime() <= cutoff && !MasterRequestDecoder.hasDecoded(s) && !s.isClosing()) {
                log.info("{}: no complete request within {} ms, closing", s.getRemoteAddress(), deadline.toMillis());
                s.closeNow();
            }
        }
    }
}
