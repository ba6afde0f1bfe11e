package org.frisbeegw.xmlrpc;

import java.util.Map;
import java.util.Optional;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.XmlRpcRequest;
import org.frisbeegw.xmlrpc.types.RejectedValue;

/**
 * The checks every elabinelab method makes before its own work, in the legacy order
 * (xmlrpc-elabinelab.md §2): two params (else a fault, code 1), no refused types, version 0.1,
 * logins allowed, a struct of arguments. {@link #refusal()} holds the envelope when one failed.
 */
final class ElabCall {
    static final double API_VERSION = 0.1;

    private final Caller caller;
    private final Map<?, ?> arguments;
    private final Map<String, Object> refusal;

    private ElabCall(Caller caller, Map<?, ?> arguments, Map<String, Object> refusal) {
        this.caller = caller;
        this.arguments = arguments;
        this.refusal = refusal;
    }

    static ElabCall check(XmlRpcRequest request, ElabAuthority authority) throws XmlRpcException {
        Caller caller = ((CallerRequestConfig) request.getConfig()).caller();
        if (request.getParameterCount() != 2) {
            throw new XmlRpcException(1, "TypeError: " + request.getMethodName() + " takes exactly 2 arguments ("
                    + request.getParameterCount() + " given)");
        }
        Object version = request.getParameter(0);
        Object args = request.getParameter(1);
        Optional<String> rejected = rejectedType(version).or(() -> rejectedType(args));
        if (rejected.isPresent()) {
            return refused(caller, Envelope.failure(Envelope.BADARGS, "Unsupported XML-RPC type: " + rejected.get()));
        }
        // Compare the number, as Python did: 0.1 and 0.10000000000000000555 are the same double.
        if (!(version instanceof Double d) || d != API_VERSION) {
            return refused(caller, Envelope.failure(Envelope.BADVERSION, "Client version mismatch!"));
        }
        Optional<String> nologins = authority.loginsRefused();
        if (nologins.isPresent()) {
            return refused(caller, Envelope.failure(Envelope.REFUSED, nologins.get()));
        }
        if (!(args instanceof Map<?, ?> map)) {
            return refused(caller, Envelope.failure(Envelope.BADARGS, "Arguments must be a struct"));
        }
        return new ElabCall(caller, map, null);
    }

    private static ElabCall refused(Caller caller, Map<String, Object> envelope) {
        return new ElabCall(caller, Map.of(), envelope);
    }

    private static Optional<String> rejectedType(Object value) {
        if (value instanceof RejectedValue r) {
            return Optional.of(r.type());
        }
        if (value instanceof Map<?, ?> m) {
            for (Object v : m.values()) {
                Optional<String> inner = rejectedType(v);
                if (inner.isPresent()) {
                    return inner;
                }
            }
        }
        return Optional.empty();
    }

    Caller caller() {
        return caller;
    }

    Map<?, ?> arguments() {
        return arguments;
    }

    /** The envelope to answer at once, or null when the call may go on. */
    Map<String, Object> refusal() {
        return refusal;
    }
}
