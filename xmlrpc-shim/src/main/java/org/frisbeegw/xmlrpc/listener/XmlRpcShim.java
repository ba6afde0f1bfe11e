package org.frisbeegw.xmlrpc.listener;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.frisbeegw.helper.MasterClient;
import org.frisbeegw.xmlrpc.ElabAuthority;
import org.frisbeegw.xmlrpc.ShimSettings;
import org.frisbeegw.xmlrpc.ShimXmlRpcServer;

/** The running shim: the XML-RPC engine behind its HTTP(S) front end. */
public final class XmlRpcShim implements AutoCloseable {
    private final JettyFrontEnd front;

    private XmlRpcShim(JettyFrontEnd front) {
        this.front = front;
    }

    public static XmlRpcShim start(ShimSettings settings, ElabAuthority authority, MasterClient master) throws IOException {
        return new XmlRpcShim(JettyFrontEnd.start(new ShimXmlRpcServer(authority, master), settings));
    }

    public InetSocketAddress localAddress() {
        return front.localAddress();
    }

    @Override
    public void close() {
        front.close();
    }
}
