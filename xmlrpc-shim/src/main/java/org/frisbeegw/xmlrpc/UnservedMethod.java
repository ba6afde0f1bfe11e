package org.frisbeegw.xmlrpc;

import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.XmlRpcHandler;
import org.apache.xmlrpc.XmlRpcRequest;

/**
 * The other elabinelab methods (power, console, vlansv2, vlansv3, switchmac, newnode_info): the
 * legacy server on this port had them, this gateway does not (spec A1). After the common checks
 * they answer RESPONSE_ERROR with a clear text rather than an unknown-method fault.
 */
final class UnservedMethod implements XmlRpcHandler {
    private final ElabAuthority authority;

    UnservedMethod(ElabAuthority authority) {
        this.authority = authority;
    }

    @Override
    public Object execute(XmlRpcRequest request) throws XmlRpcException {
        ElabCall call = ElabCall.check(request, authority);
        if (call.refusal() != null) {
            return call.refusal();
        }
        return Envelope.failure(Envelope.ERROR, request.getMethodName()
                + " is not served by this shim; only elabinelab.frisbeelauncher is");
    }
}
