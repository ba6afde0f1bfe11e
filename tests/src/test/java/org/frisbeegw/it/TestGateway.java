package org.frisbeegw.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.frisbeegw.gateway.Gateway;
import org.frisbeegw.gateway.config.ConfigException;
import org.frisbeegw.gateway.config.GatewayConfig;
import org.frisbeegw.gateway.config.GatewayOptions;
import org.frisbeegw.helper.Deadlines;
import org.frisbeegw.helper.MasterClient;
import org.frisbeegw.helper.RetryPolicy;

/**
 * A real gateway on 127.0.0.1 and an ephemeral port, started through the same flags an operator
 * uses, with an image directory holding {@code emulab-ops/FBSD73-STD.ndz}.
 */
final class TestGateway implements AutoCloseable {
    static final String IMAGE = "emulab-ops/FBSD73-STD.ndz";
    static final long IMAGE_MTIME = 1_323_685_248L;
    static final int IMAGE_SIZE = 3 * 1024 * 1024 + 17;

    final Path images;
    final Path uploads;
    final Gateway gateway;

    private TestGateway(Path images, Path uploads, Gateway gateway) {
        this.images = images;
        this.uploads = uploads;
        this.gateway = gateway;
    }

    /** Through the operator's flags. @param extra further flags, e.g. "--frisbeed", path, "--put-dir", dir */
    static TestGateway start(Path tmp, String... extra) throws IOException, ConfigException {
        Path images = writeImage(tmp);
        Path uploads = Files.createDirectories(tmp.resolve("uploads"));
        List<String> args = new ArrayList<>(List.of("-I", images.toString(), "-i", "127.0.0.1", "-p", "0",
                "--startup-check", "300"));
        args.addAll(List.of(extra));
        Gateway gateway = Gateway.start(GatewayOptions.parse(args.toArray(String[]::new)));
        return new TestGateway(images.toRealPath(), uploads.toRealPath(), gateway);
    }

    /** Configured in code: the same base (image root, 127.0.0.1, an ephemeral port), then {@code edit}. */
    static TestGateway start(Path tmp, UnaryOperator<GatewayConfig.Builder> edit) throws IOException {
        Path images = writeImage(tmp).toRealPath();
        Path uploads = Files.createDirectories(tmp.resolve("uploads")).toRealPath();
        GatewayConfig.Builder base = GatewayConfig.builder()
                .images(i -> i.withDirs(List.of(images)))
                .master(m -> m.withBind(InetAddress.getLoopbackAddress()).withPort(0))
                .launch(l -> l.withStartupCheck(Duration.ofMillis(300)));
        return new TestGateway(images, uploads, Gateway.start(edit.apply(base).build()));
    }

    private static Path writeImage(Path tmp) throws IOException {
        Path images = Files.createDirectories(tmp.resolve("images"));
        Path image = images.resolve(IMAGE);
        Files.createDirectories(image.getParent());
        byte[] data = new byte[IMAGE_SIZE];
        new java.util.Random(7).nextBytes(data);
        Files.write(image, data);
        Files.setLastModifiedTime(image, FileTime.fromMillis(IMAGE_MTIME * 1000));
        return images;
    }

    InetSocketAddress address() {
        return gateway.masterAddress();
    }

    MasterClient client() {
        return new MasterClient(address(), Deadlines.uniform(Duration.ofSeconds(5)), RetryPolicy.NONE);
    }

    @Override
    public void close() {
        gateway.close();
    }
}
