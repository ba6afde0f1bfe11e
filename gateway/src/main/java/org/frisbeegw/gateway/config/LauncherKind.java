package org.frisbeegw.gateway.config;

/** Which program serves image data once the master server decides to start a server. */
public enum LauncherKind {
    /** The Java image server inside the gateway (default: nothing to install). */
    BUILTIN,
    /** Exec the C frisbeed binary given by --frisbeed. */
    EXTERNAL
}
