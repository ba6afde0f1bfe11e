package org.frisbeegw.gateway.upload;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.frisbeegw.gateway.servers.AddressAllocator;
import org.frisbeegw.gateway.servers.Allocation;
import org.frisbeegw.gateway.servers.AllocationException;
import org.frisbeegw.wire.TransferMethods;

/** Uploads in progress, one per image path; ports come from the same allocator as image servers. */
public final class UploadRegistry implements AutoCloseable {
    /** Uploads at once by default: enough for a site's image captures, far from the port pool's size. */
    public static final int DEFAULT_MAX_UPLOADS = 32;
    private static final int MAX_RETRIES = 5;

    private final AddressAllocator allocator;
    private final int maxUploads;
    private final Map<Path, TcpUploader> active = new ConcurrentHashMap<>();
    private volatile UploadJournal journal = UploadJournal.NONE;

    public UploadRegistry(AddressAllocator allocator) {
        this(allocator, DEFAULT_MAX_UPLOADS);
    }

    /** @param maxUploads uploads that may wait or run at once; more are refused (TRYAGAIN) */
    public UploadRegistry(AddressAllocator allocator, int maxUploads) {
        this.allocator = allocator;
        this.maxUploads = maxUploads;
    }

    /** Thrown when {@code maxUploads} are waiting or running already. */
    public static final class TooManyUploads extends IOException {
        TooManyUploads(int max) {
            super(max + " uploads are in progress (limit)");
        }
    }

    /** Records each upload's temporary file in {@code j} from now on. */
    public void journalTo(UploadJournal j) {
        this.journal = j;
    }

    public boolean inProgress(Path image) {
        return active.containsKey(image);
    }

    /** True while any upload waits or runs (most of the time none does, and a GET need not look further). */
    public boolean anyInProgress() {
        return !active.isEmpty();
    }

    /** The uploads waiting or running now. */
    public List<TcpUploader> active() {
        return List.copyOf(active.values());
    }

    /**
     * Starts an uploader unless one runs for the same path; empty means one does.
     *
     * @throws IOException when no port could be bound
     */
    public synchronized Optional<TcpUploader> start(UploadSpec spec) throws IOException {
        if (active.containsKey(spec.target())) {
            return Optional.empty();
        }
        if (active.size() >= maxUploads) {
            throw new TooManyUploads(maxUploads);
        }
        for (int attempt = 0; ; attempt++) {
            Allocation a;
            try {
                a = allocator.allocate(TransferMethods.UNICAST);
            } catch (AllocationException e) {
                throw new IOException(e.getMessage(), e);
            }
            try {
                TcpUploader u = TcpUploader.start(spec, a.port(), journal);
                active.put(spec.target(), u);
                u.done().whenComplete((status, error) -> {
                    // The port first: once the place is free, the next upload may take it and needs a port.
                    allocator.release(a.port());
                    active.remove(spec.target(), u);
                });
                return Optional.of(u);
            } catch (BindException e) {
                allocator.release(a.port());
                if (attempt >= MAX_RETRIES) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void close() {
        active.values().forEach(TcpUploader::cancel);
    }
}
