package org.frisbeegw.xmlrpc;

import java.net.InetAddress;
import java.util.Optional;

/**
 * The outer Emulab's answers the shim needs (xmlrpc-elabinelab.md §4): is the caller the boss of
 * an active elabinelab experiment created by the certificate's user, which image a numeric id
 * names, and may that user load images onto the acting node. Implementations: a file-backed one
 * for the embedded default and tests; the Emulab DB one comes with the -C emulab configuration.
 */
public interface ElabAuthority {

    /** The verdict of verifystuff. */
    sealed interface Verdict {
    }

    /** The caller is the inner boss {@code nodeId} whose control IP is {@code controlIp}. */
    record ActingNode(String nodeId, InetAddress controlIp) implements Verdict {
    }

    /** Refused with a RESPONSE_* code and the legacy output text. */
    record Refusal(int code, String output) implements Verdict {
    }

    /** Site variable web/nologins: the message when logins are off, else empty. */
    Optional<String> loginsRefused();

    /** verifystuff: node by peer IP, reserved, elabinelab, active, creator = certificate user, boss role. */
    Verdict verifyCaller(Caller caller);

    /** The outer DB's "pid/imagename" for a numeric images.imageid. */
    Optional<String> imageName(String numericImageId);

    /** TB_NODEACCESS_LOADIMAGE for the certificate user on the acting node (or admin). */
    boolean mayLoadImages(Caller caller, ActingNode node);
}
