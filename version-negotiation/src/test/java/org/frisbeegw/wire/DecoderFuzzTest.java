package org.frisbeegw.wire;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.frisbeegw.wire.data.FrisbeePacket;
import org.frisbeegw.wire.data.FrisbeePackets;
import org.frisbeegw.wire.tmcd.TmcdFormatException;
import org.frisbeegw.wire.tmcd.TmcdRequest;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of every decoder in this module: random bytes and mutations of valid messages.
 * A decoder may return a message or throw its typed exception; anything else, or taking longer
 * than the deadline, fails. The seed is printed in the failure message, so a failure replays.
 */
class DecoderFuzzTest {
    private static final int CASES = 20_000;
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private static byte[] mutate(Random r, byte[] valid) {
        byte[] b = switch (r.nextInt(4)) {
            case 0 -> Arrays.copyOf(valid, r.nextInt(valid.length + 1));           // truncate
            case 1 -> Arrays.copyOf(valid, valid.length + 1 + r.nextInt(64));      // extend
            default -> valid.clone();
        };
        for (int flips = r.nextInt(6); flips > 0 && b.length > 0; flips--) {
            b[r.nextInt(b.length)] = (byte) r.nextInt(256);
        }
        return b;
    }

    private static byte[] randomBytes(Random r, int max) {
        byte[] b = new byte[r.nextInt(max + 1)];
        r.nextBytes(b);
        return b;
    }

    @Test
    void masterMessagesOnlyEverThrowMalformedMessage() {
        List<byte[]> valid = List.of(new GetRequest(0, 2, false, "emulab-ops/FBSD73-STD").toBytes(),
                GetReply.failure(MsError.TRYAGAIN).toBytes(), new PutRequest(1, 0, "x", 5, 6, 7).toBytes(),
                PutReply.failure(MsError.TOOBIG).toBytes());
        long seed = 64494;
        assertTimeoutPreemptively(DEADLINE, () -> {
            Random r = new Random(seed);
            for (int i = 0; i < CASES; i++) {
                byte[] input = r.nextBoolean() ? randomBytes(r, 300) : mutate(r, valid.get(r.nextInt(valid.size())));
                try {
                    MasterMessage m = MasterMessage.decode(ByteBuffer.wrap(input));
                    assertTrue(m.toBytes().length >= 272, "seed " + seed + " case " + i);
                    HopTrailer.decode(ByteBuffer.wrap(input));
                } catch (MalformedMessageException expected) {
                    // typed rejection
                }
            }
        });
    }

    @Test
    void dataPacketsOnlyEverThrowMalformedMessage() {
        List<byte[]> valid = List.of(new FrisbeePacket.Join2(false, 1, 0, 1024, 1024, 5).toBytes(0),
                new FrisbeePacket.Request(1, 2, 3).toBytes(0), new FrisbeePacket.PartialRequest(0, 1, new byte[128]).toBytes(0),
                new FrisbeePacket.Block(0, 0, new byte[1024]).toBytes(0),
                new FrisbeePacket.Leave2(1, 2, org.frisbeegw.wire.data.ClientStats.ofDownload(1, 2, new org.frisbeegw.wire.data.ClientStats.Counters(3, 4, 5, 6, 7, 8, 9, 10))).toBytes(0));
        long seed = 1048;
        assertTimeoutPreemptively(DEADLINE, () -> {
            Random r = new Random(seed);
            for (int i = 0; i < CASES; i++) {
                byte[] input = r.nextBoolean() ? randomBytes(r, 2100) : mutate(r, valid.get(r.nextInt(valid.size())));
                try {
                    FrisbeePackets.decode(ByteBuffer.wrap(input));
                } catch (MalformedMessageException expected) {
                    // typed rejection
                }
            }
        });
    }

    @Test
    void tmcdLinesOnlyEverThrowTmcdFormat() {
        List<String> valid = List.of("VERSION=32 loadinfo ", "VNODEID=pcvm1 VERSION=34 state RELOADING ",
                "PRIVKEY=0123456789abcdef01 REDIRECT=10.1.0.1 VERSION=33 loadinfo ", "loadinfo");
        long seed = 7777;
        assertTimeoutPreemptively(DEADLINE, () -> {
            Random r = new Random(seed);
            for (int i = 0; i < CASES; i++) {
                byte[] input = r.nextBoolean() ? randomBytes(r, 200) : mutate(r, valid.get(r.nextInt(valid.size())).getBytes());
                try {
                    TmcdRequest.parse(input);
                } catch (TmcdFormatException expected) {
                    // typed rejection
                }
            }
        });
    }
}
