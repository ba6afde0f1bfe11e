package org.frisbeegw.gateway.emulab;

/** One images row as the authorization needs it. */
public record EmulabImage(int imageId, String pid, String gid, String name, String path, boolean global, boolean shared) {
}
