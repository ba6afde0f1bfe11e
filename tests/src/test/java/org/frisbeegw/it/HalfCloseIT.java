package org.frisbeegw.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import org.frisbeegw.wire.GetReply;
import org.frisbeegw.wire.GetRequest;
import org.frisbeegw.wire.MasterMessage;
import org.frisbeegw.wire.TransferMethods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client that sends its whole request and then shuts down its side still gets the reply. */
class HalfCloseIT {
    @TempDir
    Path tmp;
    TestGateway gw;

    @BeforeEach
    void start() throws Exception {
        gw = TestGateway.start(tmp);
    }

    @AfterEach
    void stop() throws Exception {
        gw.close();
    }

    @Test
    void aCompleteRequestFollowedByAHalfCloseIsAnswered() throws Exception {
        byte[] request = new GetRequest(0, TransferMethods.MULTICAST, true, TestGateway.IMAGE).toBytes();
        for (int i = 0; i < 20; i++) { // the reply races the FIN; repeat to catch the race
            try (RawConnection c = new RawConnection(gw.address())) {
                byte[] reply = c.send(request).halfClose().readUntilClosed(Duration.ofSeconds(5));
                assertEquals(288, reply.length, "attempt " + i + ": the whole V01 GET reply");
                GetReply r = (GetReply) MasterMessage.decode(ByteBuffer.wrap(reply));
                assertEquals(0, r.error());
            }
        }
    }

    @Test
    void aHalfCloseBeforeTheRequestIsCompleteIsClosedWithoutReply() throws Exception {
        byte[] request = new GetRequest(0, TransferMethods.MULTICAST, true, TestGateway.IMAGE).toBytes();
        try (RawConnection c = new RawConnection(gw.address())) {
            byte[] reply = c.send(java.util.Arrays.copyOf(request, 100)).halfClose().readUntilClosed(Duration.ofSeconds(5));
            assertEquals(0, reply.length);
        }
    }
}
