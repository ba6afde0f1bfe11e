package org.frisbeegw.gateway.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.frisbeegw.wire.Printable;

/**
 * {@code %safemsg}: the log message with control characters escaped ({@link Printable}), so
 * whatever a client sent (an image id with ESC or CR/LF) cannot forge or garble log lines. One
 * place for every logger, instead of escaping at each call.
 */
public final class SafeMessageConverter extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return Printable.escape(event.getFormattedMessage());
    }
}
