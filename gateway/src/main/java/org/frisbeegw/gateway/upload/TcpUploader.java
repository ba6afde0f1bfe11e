package org.frisbeegw.gateway.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in equivalent of frisuploadd (master-server.md §6.2): plain TCP, no framing. Accepts
 * a connection from the announced client only (others are closed), writes what it reads into a
 * fresh temporary file beside the target until EOF, fsyncs and installs it atomically, but only
 * when the upload is whole: exactly the announced size, or within the maximum when none was
 * announced. More than that, or a connection that ends short, leaves the old image as it was
 * and removes the temporary file (C frisuploadd installs a short upload; we do not). The whole
 * upload, waiting included, must finish within the spec's timeout.
 */
public final class TcpUploader {
    private static final Logger log = LoggerFactory.getLogger(TcpUploader.class);
    private static final long PROGRESS_EVERY = 64L * 1024 * 1024;

    private final UploadSpec spec;
    private final ServerSocket listener;
    private final UploadJournal journal;
    private final CompletableFuture<UploadStatus> done = new CompletableFuture<>();
    /** Bytes written to the temporary file so far, for the status page. */
    private final AtomicLong received = new AtomicLong();

    private TcpUploader(UploadSpec spec, ServerSocket listener, UploadJournal journal) {
        this.spec = spec;
        this.listener = listener;
        this.journal = journal;
    }

    /** Binds now (so a port clash is known before the reply) and receives on a thread of its own. */
    public static TcpUploader start(UploadSpec spec, int port) throws IOException {
        return start(spec, port, UploadJournal.NONE);
    }

    /** As {@link #start(UploadSpec, int)}, recording the temporary file in {@code journal} while it exists. */
    public static TcpUploader start(UploadSpec spec, int port, UploadJournal journal) throws IOException {
        ServerSocket listener = new ServerSocket();
        try {
            listener.bind(new InetSocketAddress(spec.listenAddr(), port), 1);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        TcpUploader u = new TcpUploader(spec, listener, journal);
        Thread t = new Thread(u::run, "upload " + spec.imageId());
        t.setDaemon(true);
        t.start();
        return u;
    }

    public int port() {
        return listener.getLocalPort();
    }

    public CompletableFuture<UploadStatus> done() {
        return done;
    }

    public UploadSpec spec() {
        return spec;
    }

    public long bytesReceived() {
        return received.get();
    }

    /** Ends a waiting or running upload; the temporary file is removed. */
    public void cancel() {
        try {
            listener.close();
        } catch (IOException e) {
            log.debug("closing upload listener: {}", e.toString());
        }
    }

    private void run() {
        long deadline = System.nanoTime() + spec.timeout().toNanos();
        Path tmp = null;
        UploadStatus status;
        try (ServerSocket l = listener; Socket peer = acceptFromClient(l, deadline)) {
            ImageInstaller.Temp temp = ImageInstaller.createTemp(spec.target(), spec.roots());
            tmp = temp.path();
            record(() -> journal.started(temp.path()));
            long got = receive(peer, temp.channel(), deadline);
            status = complete(got);
            if (status == UploadStatus.OK) {
                ImageInstaller.install(tmp, spec.target(), spec.mtime());
                log.info("upload of {} complete: {} bytes into {}", spec.imageId(), got, spec.target());
            }
        } catch (SocketTimeoutException e) {
            log.info("upload of {} timed out after {} s", spec.imageId(), spec.timeout().toSeconds());
            status = UploadStatus.TOO_LONG;
        } catch (IOException | RuntimeException e) {
            log.info("upload of {} failed: {}", spec.imageId(), e.toString());
            status = UploadStatus.OTHER;
        }
        if (status != UploadStatus.OK && tmp != null) {
            deleteQuietly(tmp);
        }
        if (tmp != null) {
            Path ended = tmp;
            record(() -> journal.ended(ended));
        }
        done.complete(status);
    }

    /** Whether {@code got} bytes (-1: more than allowed) make a whole upload; the old image stays otherwise. */
    private UploadStatus complete(long got) {
        if (got < 0) {
            log.info("upload of {} refused: more than {} bytes sent; {} left as it was", spec.imageId(),
                    spec.maxBytes(), spec.target());
            return UploadStatus.TOO_BIG;
        }
        if (spec.announcedSize() > 0 && got != spec.announcedSize()) {
            log.info("upload of {} refused: connection ended after {} of {} announced bytes; {} left as it was",
                    spec.imageId(), got, spec.announcedSize(), spec.target());
            return UploadStatus.CONNECTION;
        }
        return UploadStatus.OK;
    }

    private Socket acceptFromClient(ServerSocket l, long deadline) throws IOException {
        while (true) {
            l.setSoTimeout(remainingMillis(deadline));
            Socket s = l.accept();
            if (s.getInetAddress().equals(spec.client())) {
                return s;
            }
            log.info("upload of {}: refused connection from {} (expected {})", spec.imageId(),
                    s.getInetAddress().getHostAddress(), spec.client().getHostAddress());
            s.close();
        }
    }

    /** Bytes written before EOF, fsynced; -1 when the peer sent more than {@link UploadSpec#maxBytes()}. */
    private long receive(Socket peer, FileChannel file, long deadline) throws IOException {
        long total = 0;
        long max = spec.maxBytes();
        byte[] buf = new byte[256 * 1024];
        try (file; OutputStream out = Channels.newOutputStream(file)) {
            InputStream in = peer.getInputStream();
            long nextReport = PROGRESS_EVERY;
            while (true) {
                peer.setSoTimeout(remainingMillis(deadline));
                // One byte past the maximum is read on purpose: it tells "exactly full" from "too much".
                int n = in.read(buf, 0, (int) Math.min(buf.length, max - total + 1));
                if (n < 0) {
                    break;
                }
                if (total + n > max) {
                    return -1;
                }
                out.write(buf, 0, n);
                total += n;
                received.set(total);
                if (total >= nextReport) {
                    log.info("upload of {}: {} MiB received", spec.imageId(), total >> 20);
                    nextReport += PROGRESS_EVERY;
                }
            }
            file.force(true);
        }
        return total;
    }

    private static int remainingMillis(long deadline) throws SocketTimeoutException {
        long ms = (deadline - System.nanoTime()) / 1_000_000;
        if (ms <= 0) {
            throw new SocketTimeoutException("upload deadline passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }

    private interface JournalWrite {
        void run() throws IOException;
    }

    /** A journal that cannot be written costs only the clean-up after a crash: logged, not fatal. */
    private static void record(JournalWrite w) {
        try {
            w.run();
        } catch (IOException e) {
            log.warn("upload journal not written: {}", e.getMessage());
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            log.warn("cannot remove {}: {}", p, e.toString());
        }
    }
}
