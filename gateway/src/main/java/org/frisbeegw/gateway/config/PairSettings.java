package org.frisbeegw.gateway.config;

import java.net.InetAddress;

/**
 * One gateway of an active/standby pair ({@code --pair}): its name (recorded with each epoch it
 * takes) and this machine's own address, where its status page listens in either role (the
 * service address belongs to whichever gateway is active).
 */
public record PairSettings(String member, InetAddress ownAddress) {
}
