package org.frisbeegw.tmcd.reload;

import java.net.InetAddress;
import java.util.Optional;

/**
 * Where loadinfo data comes from. Implementations: {@link FileReloadInfoSource} for the embedded
 * default and tests; the Emulab DB one lives with the gateway's DB configuration.
 */
public interface ReloadInfoSource {
    /**
     * The node whose control interface has this address, or empty if there is none.
     *
     * @throws ReloadInfoException when the source cannot be read (tmcd answers empty then)
     */
    Optional<NodeReloads> lookup(InetAddress controlIp) throws ReloadInfoException;
}
