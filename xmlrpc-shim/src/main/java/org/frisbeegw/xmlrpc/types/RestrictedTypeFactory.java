package org.frisbeegw.xmlrpc.types;

import java.util.Set;
import org.apache.ws.commons.util.NamespaceContextImpl;
import org.apache.xmlrpc.common.TypeFactoryImpl;
import org.apache.xmlrpc.common.XmlRpcController;
import org.apache.xmlrpc.common.XmlRpcStreamConfig;
import org.apache.xmlrpc.parser.TypeParser;

/**
 * Parses only what legacy elabinelab callers send (xmlrpc-elabinelab.md §5): double, int/i4,
 * string and struct (an untyped value is a string). Any other type, including every ex:* type,
 * becomes a {@link RejectedValue} without its content being read, so the handler can answer a
 * clean BADARGS instead of the library deserialising it.
 */
public final class RestrictedTypeFactory extends TypeFactoryImpl {
    private static final Set<String> ACCEPTED = Set.of("double", "int", "i4", "string", "struct");

    public RestrictedTypeFactory(XmlRpcController controller) {
        super(controller);
    }

    @Override
    public TypeParser getParser(XmlRpcStreamConfig config, NamespaceContextImpl context, String uri, String localName) {
        if ("".equals(uri) && ACCEPTED.contains(localName)) {
            return super.getParser(config, context, uri, localName);
        }
        return new RejectedTypeParser(uri.isEmpty() ? localName : "{" + uri + "}" + localName);
    }
}
