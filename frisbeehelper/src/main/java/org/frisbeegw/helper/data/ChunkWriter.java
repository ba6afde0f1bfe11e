package org.frisbeegw.helper.data;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.frisbeegw.helper.DaemonThreads;
import org.frisbeegw.wire.data.DataProtocol;

/**
 * Writes finished chunks on a thread of its own, as the C client's disk writer does, so the
 * receiving thread goes back to the socket at once instead of waiting on the file. Every
 * {@code syncEveryBytes} it also flushes the file to disk, so the flush a download ends with finds
 * little left to do. At most {@code queued} chunks wait; a receiver that gets ahead of the disk
 * waits for room. Written buffers of a whole chunk are kept for reuse.
 */
final class ChunkWriter implements AutoCloseable {
    private static final Task STOP = () -> { };

    private final FileChannel file;
    private final long syncEveryBytes;
    private final BlockingQueue<Task> queue;
    private final ConcurrentLinkedQueue<byte[]> spare = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    /** Set by the writer thread; once set, nothing more is written and every caller is told. */
    private volatile IOException failure;
    private long unsynced;

    ChunkWriter(FileChannel file, int queued, long syncEveryBytes) {
        this.file = file;
        this.syncEveryBytes = syncEveryBytes;
        this.queue = new ArrayBlockingQueue<>(queued);
        this.thread = DaemonThreads.named("frisbee-writer").newThread(this::run);
        thread.start();
    }

    /** Queues {@code data} for writing at {@code offset}; reports an earlier write's failure. */
    void write(long offset, byte[] data) throws IOException {
        enqueue(() -> {
            ByteBuffer b = ByteBuffer.wrap(data);
            while (b.hasRemaining()) {
                file.write(b, offset + b.position());
            }
            unsynced += data.length;
            if (unsynced >= syncEveryBytes) {
                file.force(false);
                unsynced = 0;
            }
            if (data.length == DataProtocol.CHUNK_SIZE) {
                spare.add(data);
            }
        });
    }

    /** A chunk-sized buffer that has been written and may be filled again, or null. */
    byte[] reusable() {
        return spare.poll();
    }

    /** Waits until everything queued is on disk (forced), or throws what went wrong. */
    void finish() throws IOException {
        enqueue(() -> file.force(false));
        enqueue(STOP);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the last chunks were written");
        }
        throwIfFailed();
    }

    private void enqueue(Task task) throws IOException {
        throwIfFailed();
        try {
            while (!queue.offer(task, 100, TimeUnit.MILLISECONDS)) {
                throwIfFailed();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the disk");
        }
    }

    private void throwIfFailed() throws IOException {
        IOException f = failure;
        if (f != null) {
            throw new IOException("writing the output failed: " + f.getMessage(), f);
        }
    }

    private void run() {
        try {
            for (Task task; (task = queue.take()) != STOP; ) {
                if (failure == null) {
                    try {
                        task.run();
                    } catch (IOException e) {
                        failure = e;
                    } catch (RuntimeException e) {
                        failure = new IOException(e.toString(), e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isRunning() {
        return thread.isAlive();
    }

    /** Stops the thread without waiting for what is queued (a failed download: its output is not used). */
    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A write that may fail, run on the writer thread. */
    @FunctionalInterface
    private interface Task {
        void run() throws IOException;
    }
}
