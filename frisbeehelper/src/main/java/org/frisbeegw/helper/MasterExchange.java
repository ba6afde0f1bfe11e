package org.frisbeegw.helper;

import org.frisbeegw.wire.GetReply;
import org.frisbeegw.wire.GetRequest;

/**
 * One GET request answered by a master server without the socket: how the gateway's own bridges
 * reach the master service that runs in the same process (see {@link MasterClient#inProcess}).
 */
@FunctionalInterface
public interface MasterExchange {
    GetReply exchange(GetRequest request) throws MasterClientException;
}
