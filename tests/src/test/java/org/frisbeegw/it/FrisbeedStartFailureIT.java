package org.frisbeegw.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.frisbeegw.wire.MsError;
import org.frisbeegw.wire.TransferMethods;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a client hears when the image server cannot be started or dies at once. */
class FrisbeedStartFailureIT {
    @TempDir
    Path tmp;

    @Test
    void frisbeedThatExitsAtOnceGivesTryAgain() throws Exception {
        FakeFrisbeed dying = FakeFrisbeed.exitingWith(tmp.resolve("bin"), 1);
        try (TestGateway gw = TestGateway.start(tmp, "--launcher", "external", "--frisbeed", dying.binary.toString())) {
            assertEquals(MsError.TRYAGAIN.code(), gw.client().get(TestGateway.IMAGE, TransferMethods.MULTICAST).error());
            assertEquals(1, dying.launches().size());
        }
    }

    @Test
    void frisbeedThatFindsItsPortTakenIsRestartedOnAnotherUntilRetriesRunOut() throws Exception {
        FakeFrisbeed busy = FakeFrisbeed.exitingWith(tmp.resolve("bin"), 98);
        try (TestGateway gw = TestGateway.start(tmp, "--launcher", "external", "--frisbeed", busy.binary.toString())) {
            assertEquals(MsError.TRYAGAIN.code(), gw.client().get(TestGateway.IMAGE, TransferMethods.MULTICAST).error());
            assertEquals(6, busy.launches().size(), "one start and five retries, as mfrisbeed");
        }
    }

    @Test
    void missingFrisbeedBinaryIsFailed() throws Exception {
        try (TestGateway gw = TestGateway.start(tmp, "--launcher", "external", "--frisbeed", tmp.resolve("nope").toString())) {
            assertEquals(MsError.FAILED.code(), gw.client().get(TestGateway.IMAGE, TransferMethods.MULTICAST).error());
        }
    }
}
