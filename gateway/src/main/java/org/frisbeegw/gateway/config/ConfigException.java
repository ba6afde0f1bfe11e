package org.frisbeegw.gateway.config;

/** A flag or config value is wrong; the message names the flag. Main exits with code 2. */
public class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
