package org.frisbeegw.gateway.config;

import org.frisbeegw.helper.cli.UsageException;

/** A flag or config value is wrong; the message names the flag. Main exits with code 2. */
public class ConfigException extends UsageException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
