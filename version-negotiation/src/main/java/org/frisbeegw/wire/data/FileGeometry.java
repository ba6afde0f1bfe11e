package org.frisbeegw.wire.data;

/**
 * The chunk/block layout of one served file (§7) and the checks a receiver makes against it. C
 * frisbeed checks requests only against the chunk (and aborts on a zero count); we also refuse
 * anything that reaches past the file's last block, so no block outside the file is ever sent.
 * All arithmetic is in longs: a count of 0x7fffffff must not wrap.
 */
public record FileGeometry(long bytes) {
    /** Why a request was refused, or {@link #OK}. */
    public enum Verdict {
        OK, CHUNK_OUT_OF_RANGE, BLOCK_OUT_OF_RANGE, ZERO_COUNT, PAST_CHUNK_END, PAST_FILE_END
    }

    public FileGeometry {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative file size " + bytes);
        }
    }

    public int chunks() {
        return DataProtocol.chunksFor(bytes);
    }

    public int blocksInChunk(int chunk) {
        return DataProtocol.blocksInChunk(chunk, bytes);
    }

    /** JOIN v1 is answered only for "image" files, whose size is a whole number of MiB (§6). */
    public boolean joinV1Allowed() {
        return bytes % DataProtocol.CHUNK_SIZE == 0;
    }

    public Verdict check(FrisbeePacket.Request r) {
        Verdict chunk = checkChunk(r.chunk());
        if (chunk != Verdict.OK) {
            return chunk;
        }
        if (r.block() < 0 || r.block() >= DataProtocol.CHUNK_BLOCKS) {
            return Verdict.BLOCK_OUT_OF_RANGE;
        }
        if (r.count() <= 0) {
            return Verdict.ZERO_COUNT;
        }
        long end = (long) r.block() + r.count();
        if (end > DataProtocol.CHUNK_BLOCKS) {
            return Verdict.PAST_CHUNK_END;
        }
        return end > blocksInChunk(r.chunk()) ? Verdict.PAST_FILE_END : Verdict.OK;
    }

    public Verdict check(FrisbeePacket.PartialRequest p) {
        Verdict chunk = checkChunk(p.chunk());
        if (chunk != Verdict.OK) {
            return chunk;
        }
        for (int b = blocksInChunk(p.chunk()); b < DataProtocol.CHUNK_BLOCKS; b++) {
            if (p.wants(b)) {
                return Verdict.PAST_FILE_END;
            }
        }
        return Verdict.OK;
    }

    /** A BLOCK that lies inside the file (the C client accepts any block below 1024; we do not). */
    public boolean contains(int chunk, int block) {
        return checkChunk(chunk) == Verdict.OK && block >= 0 && block < blocksInChunk(chunk);
    }

    private Verdict checkChunk(int chunk) {
        return chunk >= 0 && chunk < chunks() ? Verdict.OK : Verdict.CHUNK_OUT_OF_RANGE;
    }
}
