package org.frisbeegw.xmlrpc.types;

import org.apache.xmlrpc.parser.TypeParserImpl;
import org.xml.sax.Attributes;

/** Swallows a value of a refused type without interpreting any of it (no deserialisation, no decoding). */
final class RejectedTypeParser extends TypeParserImpl {
    private final String type;

    RejectedTypeParser(String type) {
        this.type = type;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attrs) {
        // nested content of a refused value is ignored
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
        setResult(new RejectedValue(type));
    }

    @Override
    public void characters(char[] chars, int offset, int length) {
        // ignored
    }
}
