package org.frisbeegw.xmlrpc;

import java.util.Set;
import org.apache.xmlrpc.XmlRpcHandler;
import org.apache.xmlrpc.server.XmlRpcHandlerMapping;
import org.apache.xmlrpc.server.XmlRpcNoSuchHandlerException;
import org.frisbeegw.helper.MasterClient;

/** An explicit allowlist of method names: nothing is reachable by reflection or introspection. */
final class ElabMethods implements XmlRpcHandlerMapping {
    static final String FRISBEELAUNCHER = "elabinelab.frisbeelauncher";
    private static final Set<String> UNSERVED = Set.of("elabinelab.power", "elabinelab.console", "elabinelab.vlansv2",
            "elabinelab.vlansv3", "elabinelab.switchmac", "elabinelab.newnode_info");

    private final XmlRpcHandler launcher;
    private final XmlRpcHandler unserved;

    ElabMethods(ElabAuthority authority, MasterClient master) {
        this.launcher = new FrisbeeLauncherMethod(authority, master);
        this.unserved = new UnservedMethod(authority);
    }

    @Override
    public XmlRpcHandler getHandler(String name) throws XmlRpcNoSuchHandlerException {
        if (FRISBEELAUNCHER.equals(name)) {
            return launcher;
        }
        if (UNSERVED.contains(name)) {
            return unserved;
        }
        throw new XmlRpcNoSuchHandlerException("No such method: " + name);
    }
}
