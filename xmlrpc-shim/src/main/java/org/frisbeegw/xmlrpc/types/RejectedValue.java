package org.frisbeegw.xmlrpc.types;

/** Stands where the request held a value of a type the shim does not accept; its content was never parsed. */
public record RejectedValue(String type) {
}
