package org.frisbeegw.gateway.config;

/** Which program serves image data once the master server decides to start a server. */
public enum LauncherKind {
    /** Exec the C frisbeed binary given by --frisbeed. */
    EXTERNAL
}
