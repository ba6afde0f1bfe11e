package org.frisbeegw.gateway.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.frisbeegw.helper.cli.Flags;
import org.frisbeegw.helper.cli.UsageException;

/**
 * The directories: image roots (-I) and the cache size into {@link ImageSettings}, the upload
 * root and its limits into {@link UploadSettings}. Roots are resolved to real paths once, so
 * confinement checks compare like with like; {@code --demo} supplies both.
 */
final class StorageOptions {
    private StorageOptions() {
    }

    static void define(Options o) {
        o.addOption(Option.builder("I").hasArg().argName("dir")
                .desc("image directory; repeat for several roots (default " + ImageSettings.DEFAULT_DIR + ")").build());
        o.addOption(GatewayOptions.longOpt("cache-max-bytes", "bytes", "largest the parent-fetch cache may grow (default: no limit)"));
        o.addOption(GatewayOptions.longOpt("put-dir", "dir", "writable directory for PUT uploads (uploads off without it)"));
        o.addOption(GatewayOptions.longOpt("put-max-size", "bytes", "largest upload accepted (default "
                + UploadSettings.DEFAULT_MAX_SIZE + ")"));
        o.addOption(GatewayOptions.longOpt("put-timeout", "secs", "longest upload time (default "
                + UploadSettings.DEFAULT_TIMEOUT.toSeconds() + ")"));
    }

    /** The numbers only: checked before any directory is looked at, so a typo is reported first. */
    static UploadSettings uploadLimits(CommandLine cl) throws UsageException {
        return new UploadSettings(Optional.empty(),
                Flags.longValue(cl, "put-max-size", UploadSettings.DEFAULT_MAX_SIZE, 0, Long.MAX_VALUE),
                Duration.ofSeconds(Flags.intValue(cl, "put-timeout", (int) UploadSettings.DEFAULT_TIMEOUT.toSeconds(), 1,
                        Integer.MAX_VALUE)));
    }

    static ImageSettings images(CommandLine cl, Optional<Path> demo) throws UsageException {
        List<String> given = cl.hasOption("I") ? Arrays.asList(cl.getOptionValues("I"))
                : List.of(demo.map(d -> DemoImages.images(d).toString()).orElse(ImageSettings.DEFAULT_DIR.toString()));
        List<Path> dirs = new ArrayList<>();
        for (String dir : given) {
            dirs.add(realDirectory("-I", Path.of(dir)));
        }
        return new ImageSettings(dirs, Flags.longValue(cl, "cache-max-bytes", Long.MAX_VALUE, 0, Long.MAX_VALUE));
    }

    static UploadSettings uploads(CommandLine cl, UploadSettings limits, Optional<Path> demo) throws UsageException {
        Optional<Path> dir = Optional.ofNullable(cl.getOptionValue("put-dir")).map(Path::of).or(() -> demo.map(DemoImages::uploads));
        if (dir.isEmpty()) {
            return limits;
        }
        Path real = realDirectory("--put-dir", dir.get());
        if (!Files.isWritable(real)) {
            throw new ConfigException("--put-dir " + real + ": not writable");
        }
        return limits.withPutDir(real);
    }

    private static Path realDirectory(String flag, Path dir) throws ConfigException {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(flag + " " + dir + ": not an existing directory");
        }
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            throw new ConfigException(flag + " " + dir + ": " + e.getMessage());
        }
    }
}
