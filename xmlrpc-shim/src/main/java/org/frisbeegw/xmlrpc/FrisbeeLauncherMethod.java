package org.frisbeegw.xmlrpc;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.XmlRpcHandler;
import org.apache.xmlrpc.XmlRpcRequest;
import org.frisbeegw.helper.MasterClient;
import org.frisbeegw.helper.MasterClientException;
import org.frisbeegw.wire.GetReply;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.MsError;
import org.frisbeegw.wire.TransferMethods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code elabinelab.frisbeelauncher(0.1, {imageid})} (xmlrpc-elabinelab.md §2.1, §4.2): after the
 * common checks and verifystuff, the numeric image id is resolved in the outer DB and a multicast
 * proxy GET is sent to the master server on behalf of the inner boss. Success: "addr:port".
 */
final class FrisbeeLauncherMethod implements XmlRpcHandler {
    private static final Logger log = LoggerFactory.getLogger(FrisbeeLauncherMethod.class);
    private static final Pattern LEGACY_IMAGEID = Pattern.compile("[-@\\w+.]*");
    private static final Pattern NUMERIC = Pattern.compile("[0-9]+");

    private final ElabAuthority authority;
    private final MasterClient master;

    FrisbeeLauncherMethod(ElabAuthority authority, MasterClient master) {
        this.authority = authority;
        this.master = master;
    }

    @Override
    public Object execute(XmlRpcRequest request) throws XmlRpcException {
        ElabCall call = ElabCall.check(request, authority);
        if (call.refusal() != null) {
            return call.refusal();
        }
        Map<String, Object> answer = launch(call);
        log.info("{}: frisbeelauncher {} -> code {} {}", call.caller().peer().getHostAddress(),
                call.arguments().get("imageid"), answer.get("code"), answer.get("code").equals(0) ? answer.get("value") : answer.get("output"));
        return answer;
    }

    private Map<String, Object> launch(ElabCall call) {
        if (!call.arguments().containsKey("imageid")) {
            return Envelope.failure(Envelope.BADARGS, "Must supply 'imageid'");
        }
        Object raw = call.arguments().get("imageid");
        if (!(raw instanceof Integer || raw instanceof String)) {
            return Envelope.failure(Envelope.BADARGS, "Improperly formed imageid value!");
        }
        String imageId = raw.toString();
        if (!LEGACY_IMAGEID.matcher(imageId).matches()) {
            return Envelope.failure(Envelope.BADARGS, "Improperly formed imageid value!");
        }
        ElabAuthority.Verdict verdict = authority.verifyCaller(call.caller());
        if (verdict instanceof ElabAuthority.Refusal r) {
            return Envelope.failure(r.code(), r.output());
        }
        ElabAuthority.ActingNode node = (ElabAuthority.ActingNode) verdict;
        // Numeric ids only (spec A3): the only form any known inner boss sends.
        Optional<String> name = NUMERIC.matcher(imageId).matches() ? authority.imageName(imageId) : Optional.empty();
        if (name.isEmpty()) {
            return Envelope.of(Envelope.ERROR, 1, "*** frisbeelauncher:\n    " + imageId + ": not a valid Emulab image\n");
        }
        if (!authority.mayLoadImages(call.caller(), node)) {
            return Envelope.of(Envelope.ERROR, 1, "*** frisbeelauncher:\n    " + node.nodeId()
                    + ": not allowed to load images on this node\n");
        }
        return startServer(node, name.get());
    }

    private Map<String, Object> startServer(ElabAuthority.ActingNode node, String masterId) {
        String why;
        try {
            GetReply reply = master.proxyGet(Ipv4.toInt(node.controlIp()), masterId, TransferMethods.MULTICAST);
            if (!reply.isError() && reply.running() && reply.method() == TransferMethods.MULTICAST
                    && Ipv4.isMulticast(reply.addr())) {
                return Envelope.success(Ipv4.format(reply.addr()) + ":" + reply.port());
            }
            MsError e = MsError.of(reply.error());
            why = reply.isError() ? (e == null ? "error " + reply.error() : e.name()) : "no multicast stream";
        } catch (MasterClientException e) {
            why = "no answer from the master server";
        }
        return Envelope.of(Envelope.ERROR, 1, masterId + ": could not start server (" + why + ")");
    }
}
