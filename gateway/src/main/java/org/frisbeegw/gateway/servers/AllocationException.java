package org.frisbeegw.gateway.servers;

/** No address/port could be allocated (the C server answers FAILED). */
public class AllocationException extends Exception {
    public AllocationException(String message) {
        super(message);
    }
}
