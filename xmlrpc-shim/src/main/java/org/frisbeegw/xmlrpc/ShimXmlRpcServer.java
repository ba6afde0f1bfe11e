package org.frisbeegw.xmlrpc;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.XmlRpcRequest;
import org.apache.xmlrpc.XmlRpcRequestConfig;
import org.apache.xmlrpc.common.ServerStreamConnection;
import org.apache.xmlrpc.common.XmlRpcStreamRequestConfig;
import org.apache.xmlrpc.parser.XmlRpcRequestParser;
import org.apache.xmlrpc.server.XmlRpcServerConfigImpl;
import org.apache.xmlrpc.server.XmlRpcStreamServer;
import org.apache.xmlrpc.util.SAXParsers;
import org.frisbeegw.helper.MasterClient;
import org.frisbeegw.xmlrpc.types.RestrictedTypeFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Apache XML-RPC's request/response engine with extensions and exceptions off, the restricted
 * type factory and the method allowlist. Turns a request body into a response body; HTTP is the
 * front end's business. Faults always carry a non-zero code (the Perl caller reads 0 as success).
 */
public final class ShimXmlRpcServer extends XmlRpcStreamServer {
    /** Fault code for protocol-level errors: unknown method, wrong param count, unparsable body. */
    static final int PROTOCOL_FAULT = 1;

    private static final Logger log = LoggerFactory.getLogger(ShimXmlRpcServer.class);

    public ShimXmlRpcServer(ElabAuthority authority, MasterClient master) {
        XmlRpcServerConfigImpl config = new XmlRpcServerConfigImpl();
        config.setEnabledForExtensions(false);
        config.setEnabledForExceptions(false);
        setConfig(config);
        setTypeFactory(new RestrictedTypeFactory(this));
        setHandlerMapping(new ElabMethods(authority, master));
    }

    /** The response body for one request body from {@code caller}. */
    public byte[] process(byte[] body, Caller caller) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            execute(new CallerRequestConfig(caller), new ServerStreamConnection() {
                @Override
                public InputStream newInputStream() {
                    return new ByteArrayInputStream(body);
                }

                @Override
                public OutputStream newOutputStream() {
                    return out;
                }

                @Override
                public void close() {
                    // in-memory streams
                }
            });
        } catch (XmlRpcException e) {
            log.warn("{}: response could not be written: {}", caller.peer().getHostAddress(), e.getMessage());
            return fault(PROTOCOL_FAULT, "internal error");
        }
        return out.toByteArray();
    }

    /** A fault response body, for errors found before XML-RPC parsing (bad path, size, DOCTYPE). */
    public byte[] fault(int code, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            getXmlRpcWriter(new CallerRequestConfig(null), out).write(new CallerRequestConfig(null), code, message, null);
        } catch (XmlRpcException | SAXException e) {
            throw new IllegalStateException("cannot write a fault", e);
        }
        return out.toByteArray();
    }

    @Override
    protected void writeError(XmlRpcStreamRequestConfig config, OutputStream stream, Throwable error)
            throws XmlRpcException {
        int code = error instanceof XmlRpcException x && x.code != 0 ? x.code : PROTOCOL_FAULT;
        try {
            getXmlRpcWriter(config, stream).write(config, code, Envelope.printable(String.valueOf(error.getMessage())), null);
        } catch (SAXException e) {
            throw new XmlRpcException("Failed to write XML-RPC response: " + e.getMessage(), e);
        }
    }

    /**
     * No DTD, no external anything, whatever the body's encoding (the front end's byte filter
     * reads only ASCII-compatible bodies; a UTF-16 one with an external DTD got past it): the
     * parser itself refuses a DOCTYPE, and any entity or DTD it would fetch resolves to nothing.
     */
    static void harden(XMLReader reader) throws XmlRpcException {
        try {
            reader.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            reader.setFeature("http://xml.org/sax/features/external-general-entities", false);
            reader.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            reader.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (SAXException e) {
            throw new XmlRpcException(PROTOCOL_FAULT, "XML parser cannot be hardened: " + e.getMessage(), e);
        }
        reader.setEntityResolver((publicId, systemId) -> {
            throw new SAXException("external entity " + systemId + " refused");
        });
    }

    /**
     * As the library parses, but with a silent SAX error handler: the JDK's default one prints
     * "[Fatal Error]" to stderr for every malformed body. The error still becomes a fault.
     */
    @Override
    protected XmlRpcRequest getRequest(XmlRpcStreamRequestConfig config, InputStream stream) throws XmlRpcException {
        XmlRpcRequestParser parser = new XmlRpcRequestParser(config, getTypeFactory());
        XMLReader reader = SAXParsers.newXMLReader();
        harden(reader);
        reader.setContentHandler(parser);
        reader.setErrorHandler(new DefaultHandler());
        try {
            reader.parse(new InputSource(stream));
        } catch (SAXException e) {
            if (e.getException() instanceof XmlRpcException x) {
                throw x;
            }
            throw new XmlRpcException(PROTOCOL_FAULT, "Failed to parse XML-RPC request: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new XmlRpcException(PROTOCOL_FAULT, "Failed to read XML-RPC request: " + e.getMessage(), e);
        }
        List<?> params = parser.getParams() == null ? List.of() : parser.getParams();
        String method = parser.getMethodName();
        return new XmlRpcRequest() {
            @Override
            public XmlRpcRequestConfig getConfig() {
                return config;
            }

            @Override
            public String getMethodName() {
                return method;
            }

            @Override
            public int getParameterCount() {
                return params.size();
            }

            @Override
            public Object getParameter(int index) {
                return params.get(index);
            }
        };
    }

    @Override
    protected void logError(Throwable t) {
        log.info("XML-RPC request refused: {}", t.getMessage());
    }
}
