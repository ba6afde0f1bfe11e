package org.frisbeegw.gateway.config;

import java.nio.file.Path;

/**
 * The "emulab" configuration: the database, where standard images live (never writable, served
 * at the standard rate), and whether this gateway is an inner Emulab's boss.
 */
public record EmulabSettings(DbSettings db, Path standardImages, boolean innerElab) {
}
