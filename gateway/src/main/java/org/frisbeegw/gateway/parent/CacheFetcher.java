package org.frisbeegw.gateway.parent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.frisbeegw.gateway.upload.ImageInstaller;
import org.frisbeegw.helper.DaemonThreads;
import org.frisbeegw.helper.data.DownloadTarget;
import org.frisbeegw.helper.data.FrisbeeClient;
import org.frisbeegw.helper.data.NetworkInterfaces;
import org.frisbeegw.helper.data.ProgressListener;
import org.frisbeegw.wire.GetReply;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.Signature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads from the parent into the cache, one at a time per image (master-server.md §5.4):
 * into {@code <path>.tmp}, the size checked against the parent's, the parent's MTIME set, then
 * installed atomically (the old copy kept as .bak). A partial download is never visible under
 * the image's name. Progress is logged every 10%.
 */
public final class CacheFetcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CacheFetcher.class);

    private final Map<Path, Fetch> running = new ConcurrentHashMap<>();
    private final Optional<InetAddress> local;
    private final ExecutorService threads = Executors.newCachedThreadPool(DaemonThreads.named("cache-fetch"));

    private final Path cacheRoot;
    private final long maxCacheBytes;

    /**
     * @param local         the address to receive on (-i); else the one the kernel uses toward the parent's server
     * @param cacheRoot     where fetched images go (the first -I directory)
     * @param maxCacheBytes the most the cache may hold; a fetch that would exceed it is refused
     */
    public CacheFetcher(Optional<InetAddress> local, Path cacheRoot, long maxCacheBytes) {
        this.local = local;
        this.cacheRoot = cacheRoot;
        this.maxCacheBytes = maxCacheBytes;
    }

    /** A download in progress: the parent's stream it reads from, and how far it got. */
    public record Fetch(String imageId, GetReply parentStream, AtomicLong bytesDone) {
    }

    /** The downloads running now. */
    public List<Fetch> all() {
        return List.copyOf(running.values());
    }

    /** Bytes the cache holds now (regular files under its root). */
    long cacheBytes() {
        try (var files = Files.walk(cacheRoot)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException | UncheckedIOException e) {
            return Long.MAX_VALUE; // cannot tell: do not grow it
        }
    }

    public Optional<Fetch> running(Path target) {
        return Optional.ofNullable(running.get(target));
    }

    /**
     * Starts fetching unless a fetch of the target runs already; returns the one that runs, or
     * empty when the image would not fit under the cache limit.
     */
    public Optional<Fetch> start(String imageId, Path target, GetReply parentStream) {
        if (maxCacheBytes != Long.MAX_VALUE && cacheBytes() + parentStream.size() > maxCacheBytes) {
            log.warn("not fetching {} ({} bytes): the cache would exceed its {} byte limit", imageId,
                    parentStream.size(), maxCacheBytes);
            return Optional.empty();
        }
        Fetch fetch = new Fetch(imageId, parentStream, new AtomicLong());
        Fetch existing = running.putIfAbsent(target, fetch);
        if (existing != null) {
            return Optional.of(existing);
        }
        threads.execute(() -> {
            try {
                download(fetch, target);
            } finally {
                running.remove(target, fetch);
            }
        });
        return Optional.of(fetch);
    }

    private void download(Fetch fetch, Path target) {
        GetReply s = fetch.parentStream();
        Path tmp = null;
        try {
            ImageInstaller.Temp temp = ImageInstaller.createTemp(target, List.of(cacheRoot));
            temp.channel().close(); // FrisbeeClient writes it by name (no-follow)
            tmp = temp.path();
            InetAddress server = Ipv4.toAddress(s.servAddr());
            DownloadTarget from = new DownloadTarget(server, Ipv4.toAddress(s.addr()), s.port(),
                    local.isPresent() ? local.get() : NetworkInterfaces.localAddressToward(server));
            log.info("fetching {} from parent stream {}:{} ({} bytes)", fetch.imageId(), Ipv4.format(s.addr()), s.port(), s.size());
            long got = FrisbeeClient.download(from, tmp, FrisbeeClient.Options.defaults().withProgress(progress(fetch)))
                    .bytes();
            if (got != s.size()) {
                throw new IOException("got " + got + " bytes, parent announced " + s.size());
            }
            long mtime = s.signature().type() == Signature.TYPE_MTIME ? s.signature().mtimeSeconds() : 0;
            ImageInstaller.install(tmp, target, mtime);
            log.info("fetched {} into {}", fetch.imageId(), target);
        } catch (IOException | RuntimeException e) {
            log.warn("fetch of {} from parent failed: {}", fetch.imageId(), e.getMessage());
            try {
                if (tmp != null) {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException ignored) {
                log.debug("cannot remove {}", tmp);
            }
        }
    }

    private static ProgressListener progress(Fetch fetch) {
        String imageId = fetch.imageId();
        long[] lastTenth = {-1};
        return (done, total, nanos) -> {
            fetch.bytesDone().set(done);
            long tenth = total == 0 ? 10 : done * 10 / total;
            if (tenth != lastTenth[0]) {
                lastTenth[0] = tenth;
                log.info("fetch of {}: {}% ({} of {} bytes, {} MiB/s)", imageId, tenth * 10, done, total,
                        String.format("%.1f", nanos > 0 ? done / 1048576.0 / (nanos / 1e9) : 0));
            }
        };
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
