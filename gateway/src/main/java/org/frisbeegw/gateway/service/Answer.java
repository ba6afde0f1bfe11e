package org.frisbeegw.gateway.service;

import org.frisbeegw.wire.MasterMessage;

/** A reply plus a short human account of why, for the one log line per request. */
public record Answer<T extends MasterMessage>(T reply, String why) {
}
