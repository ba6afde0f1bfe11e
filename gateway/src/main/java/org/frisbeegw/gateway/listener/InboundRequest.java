package org.frisbeegw.gateway.listener;

import org.frisbeegw.wire.MasterMessage;

/** A decoded request and the hop count its trailer carried (0 without one). */
record InboundRequest(MasterMessage message, int hops) {
}
