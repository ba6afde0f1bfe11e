package org.frisbeegw.gateway.config;

import java.nio.file.Path;
import java.util.Optional;
import org.frisbeegw.xmlrpc.ShimSettings;

/** The XML-RPC shim: its authority file (absent: the Emulab DB of -C emulab) and how it listens. */
public record XmlRpcSettings(Optional<Path> authorityFile, ShimSettings listener) {
}
