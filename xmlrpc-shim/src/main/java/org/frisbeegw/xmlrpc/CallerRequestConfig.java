package org.frisbeegw.xmlrpc;

import org.apache.xmlrpc.common.XmlRpcHttpRequestConfigImpl;

/** The per-request config, carrying who is calling to the method handlers. Extensions stay off. */
final class CallerRequestConfig extends XmlRpcHttpRequestConfigImpl {
    private final Caller caller;

    CallerRequestConfig(Caller caller) {
        this.caller = caller;
        setEnabledForExtensions(false);
        setEnabledForExceptions(false);
    }

    Caller caller() {
        return caller;
    }
}
