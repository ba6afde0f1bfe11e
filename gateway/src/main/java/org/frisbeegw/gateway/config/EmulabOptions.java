package org.frisbeegw.gateway.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.frisbeegw.helper.cli.Flags;
import org.frisbeegw.helper.cli.UsageException;

/**
 * Flags of {@code -C emulab}. Without --db-url the gateway uses an embedded H2 holding the spec's
 * sample site, its files under the first -I directory (images/ and proj/), so it runs with no DB
 * server; with --db-url it reads the real Emulab DB (MariaDB/MySQL) and writes nothing.
 */
final class EmulabOptions {
    private static final String DEFAULT_STANDARD_IMAGES = "/usr/testbed/images";

    private EmulabOptions() {
    }

    static void define(Options o) {
        o.addOption(Option.builder("C").hasArg().argName("style").desc("configuration back-end: null (default) or emulab").build());
        o.addOption(GatewayOptions.longOpt("db-url", "jdbc", "-C emulab: the Emulab DB (default: embedded H2 with the sample site)"));
        o.addOption(GatewayOptions.longOpt("db-user", "name", "-C emulab: database user (or in the URL)"));
        o.addOption(GatewayOptions.longOpt("db-password-file", "file", "-C emulab: file holding the database password"));
        o.addOption(GatewayOptions.longOpt("standard-images", "dir", "-C emulab: TBROOT/images (default " + DEFAULT_STANDARD_IMAGES
                + ")"));
        o.addOption(Option.builder().longOpt("inner-elab").desc("-C emulab: this is an inner Emulab's boss").build());
    }

    static Optional<EmulabSettings> parse(CommandLine cl, String style, List<Path> imageDirs) throws UsageException {
        if (!style.equals("emulab")) {
            Flags.requireWith(cl, false, "-C emulab", "db-url", "db-user", "db-password-file", "standard-images", "inner-elab");
            return Optional.empty();
        }
        String url = cl.getOptionValue("db-url");
        boolean embedded = url == null;
        Path standard = Path.of(cl.getOptionValue("standard-images",
                embedded ? imageDirs.get(0).resolve("images").toString() : DEFAULT_STANDARD_IMAGES)).normalize();
        Optional<String> password = Optional.empty();
        if (cl.hasOption("db-password-file")) {
            try {
                password = Optional.of(Files.readString(Path.of(cl.getOptionValue("db-password-file")),
                        StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                throw new ConfigException("--db-password-file: " + e.getMessage());
            }
        }
        // Each embedded database is private to its gateway, even with several in one JVM.
        DbSettings db = new DbSettings(embedded ? DbSettings.embeddedUrl("emulab-" + UUID.randomUUID()) : url,
                Optional.ofNullable(cl.getOptionValue("db-user")), password, embedded);
        return Optional.of(new EmulabSettings(db, standard, cl.hasOption("inner-elab")));
    }
}
