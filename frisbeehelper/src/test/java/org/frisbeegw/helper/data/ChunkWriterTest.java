package org.frisbeegw.helper.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkWriterTest {
    @TempDir
    Path dir;

    private static byte[] chunk(int value, int size) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void chunksWrittenOutOfOrderLandAtTheirOffsetsAndWholeBuffersComeBackForReuse() throws Exception {
        Path out = dir.resolve("out");
        byte[] second = chunk(2, 1 << 20);
        try (FileChannel file = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             ChunkWriter writer = new ChunkWriter(file, 2, 1 << 20)) {
            writer.write(1L << 20, second);
            writer.write(2L << 20, chunk(3, 100));
            writer.write(0, chunk(1, 1 << 20));
            writer.finish();
            assertSame(second, writer.reusable(), "a written whole chunk is offered again");
            assertTrue(writer.reusable() != null, "so is the other whole chunk");
            assertNull(writer.reusable(), "the short last chunk is not kept");
        }
        byte[] got = Files.readAllBytes(out);
        assertEquals((2 << 20) + 100, got.length);
        assertEquals(1, got[0]);
        assertEquals(2, got[(1 << 20) + 5]);
        assertEquals(3, got[got.length - 1]);
    }

    @Test
    void aFailedWriteIsReportedToTheReceiverAndNothingMoreIsWritten() throws Exception {
        Path out = dir.resolve("out");
        FileChannel file = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try (ChunkWriter writer = new ChunkWriter(file, 1, Long.MAX_VALUE)) {
            file.close();
            writer.write(0, chunk(1, 1 << 20));
            IOException e = assertThrows(IOException.class, () -> {
                // the queue holds one: the receiver learns of the failure at a later write or at the end
                for (int i = 1; i < 100; i++) {
                    writer.write((long) i << 20, chunk(i, 1 << 20));
                }
                writer.finish();
            });
            assertTrue(e.getMessage().startsWith("writing the output failed"), e.getMessage());
        }
        assertEquals(0, Files.size(out));
    }

    @Test
    void closeWithoutFinishStopsTheThread() throws Exception {
        Path out = dir.resolve("out");
        try (FileChannel file = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ChunkWriter writer = new ChunkWriter(file, 1, Long.MAX_VALUE);
            writer.write(0, chunk(1, 10));
            assertTrue(writer.isRunning());
            writer.close();
            assertFalse(writer.isRunning(), "the writer thread is gone");
        }
    }
}
