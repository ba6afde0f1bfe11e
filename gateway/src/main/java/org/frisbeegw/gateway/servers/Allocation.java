package org.frisbeegw.gateway.servers;

/** One value of the address counter: method, group (0 for unicast: the caller is substituted) and port. */
public record Allocation(int method, int group, int port) {
}
