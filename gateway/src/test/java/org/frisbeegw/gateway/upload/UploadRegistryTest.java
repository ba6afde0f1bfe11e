package org.frisbeegw.gateway.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.frisbeegw.gateway.config.AddressPlan;
import org.frisbeegw.gateway.servers.AddressAllocator;
import org.frisbeegw.wire.TransferMethods;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PUTs that never upload cannot hold the port pool: uploads are capped, and their ports come back. */
class UploadRegistryTest {
    @TempDir
    Path tmp;

    @Test
    void uploadsBeyondTheCapAreRefusedAndCancelledOnesGiveTheirPortsBack() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("put")).toRealPath();
        AddressAllocator allocator = new AddressAllocator(new AddressPlan(239, 192, 1, 30000, 3));
        try (UploadRegistry uploads = new UploadRegistry(allocator, 2)) {
            InetAddress lo = InetAddress.getLoopbackAddress();
            TcpUploader a = uploads.start(spec(root, "a", lo)).orElseThrow();
            TcpUploader b = uploads.start(spec(root, "b", lo)).orElseThrow();
            assertThrows(UploadRegistry.TooManyUploads.class, () -> uploads.start(spec(root, "c", lo)));
            assertEquals(TransferMethods.MULTICAST, allocator.allocate(TransferMethods.MULTICAST).method(),
                    "the refused upload took no port: one of three is still free");
            a.cancel();
            b.cancel();
            a.done().get(10, TimeUnit.SECONDS);
            b.done().get(10, TimeUnit.SECONDS);
            // The registry forgets an upload as its completion runs; wait (bounded) for that.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            java.util.Optional<TcpUploader> c = java.util.Optional.empty();
            while (c.isEmpty() && System.nanoTime() < deadline) {
                try {
                    c = uploads.start(spec(root, "c", lo));
                } catch (UploadRegistry.TooManyUploads notYet) {
                    Thread.onSpinWait();
                }
            }
            assertTrue(c.isPresent(), "freed places are taken again");
        }
    }

    private static UploadSpec spec(Path root, String name, InetAddress lo) {
        return new UploadSpec(name, root.resolve(name), lo, lo, 100, Duration.ofSeconds(30), 0, 0, List.of(root));
    }
}
