package org.frisbeegw.gateway.service;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.frisbeegw.gateway.auth.OpenAuthorizer;
import org.frisbeegw.gateway.config.AddressPlan;
import org.frisbeegw.gateway.images.ImageStore;
import org.frisbeegw.gateway.servers.AddressAllocator;
import org.frisbeegw.gateway.servers.FakeLauncher;
import org.frisbeegw.gateway.servers.ServerRegistry;
import org.frisbeegw.gateway.upload.UploadRegistry;
import org.frisbeegw.wire.TransferMethods;

/** The GET/PUT handlers wired as the gateway wires them, over temp dirs and a {@link FakeLauncher}. */
final class ServiceFixture implements AutoCloseable {
    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    static final long MAX_UPLOAD = 1000;
    /** The one caller allowed to proxy (as --proxy-from). */
    static final String PROXY = "127.0.0.9";

    final Path images;
    final Path uploadsDir;
    final FakeLauncher launcher = new FakeLauncher();
    final ServerRegistry servers;
    final UploadRegistry uploads;
    final GetHandler gets;
    final PutHandler puts;
    final Caller caller;

    ServiceFixture(Path tmp) throws IOException {
        images = Files.createDirectories(tmp.resolve("images")).toRealPath();
        uploadsDir = Files.createDirectories(tmp.resolve("uploads")).toRealPath();
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        caller = new Caller(loopback, loopback);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        ImageStore readable = new ImageStore(List.of(images, uploadsDir));
        OpenAuthorizer auth = new OpenAuthorizer(readable, Optional.of(new ImageStore(List.of(uploadsDir))),
                Duration.ofSeconds(180), List.of("-W", "100000000", "-K", "15"), MAX_UPLOAD, Duration.ofSeconds(30),
                java.util.Set.of(InetAddress.getByName(PROXY)));
        AddressAllocator allocator = new AddressAllocator(AddressPlan.NULL_CONFIG);
        servers = new ServerRegistry(launcher, allocator, Duration.ofMillis(50), clock);
        uploads = new UploadRegistry(allocator);
        ServerAddressPolicy policy = new ServerAddressPolicy(Optional.empty());
        gets = new GetHandler(TransferMethods.UNICAST | TransferMethods.MULTICAST, auth, readable, servers, uploads, policy,
                Optional.empty());
        puts = new PutHandler(auth, readable, servers, uploads, policy, clock, false);
    }

    Path image(String name, int bytes, long mtimeSeconds) throws IOException {
        Path p = images.resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[bytes]);
        Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.fromMillis(mtimeSeconds * 1000));
        return p;
    }

    @Override
    public void close() {
        uploads.close();
        servers.close();
    }
}
