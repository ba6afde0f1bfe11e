package org.frisbeegw.gateway.config;

import java.nio.file.Path;
import org.frisbeegw.xmlrpc.ShimSettings;

/** The XML-RPC shim: where its authority data comes from and how it listens. */
public record XmlRpcSettings(Path authorityFile, ShimSettings listener) {
}
