package org.frisbeegw.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.frisbeegw.wire.MsError;
import org.frisbeegw.wire.PutReply;
import org.frisbeegw.wire.PutRequest;
import org.frisbeegw.wire.Signature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PUT decision sequence of master-server.md §6.1 (the upload itself is tested over sockets). */
class PutHandlerTest {
    @TempDir
    Path tmp;
    ServiceFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new ServiceFixture(tmp);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private PutReply put(String id, int status, long size, long mtime) {
        return f.puts.handle(new PutRequest(0, status, id, size, mtime, 0), f.caller).reply();
    }

    @Test
    void tooBigFillsInTheMaximumEvenForAStatusCall() {
        PutReply r = put("big.ndz", 1, ServiceFixture.MAX_UPLOAD + 1, 0);
        assertEquals(MsError.TOOBIG.code(), r.error());
        assertEquals(ServiceFixture.MAX_UPLOAD, r.maxSize());
    }

    @Test
    void futureMtimeIsBadMtime() {
        long future = ServiceFixture.NOW.getEpochSecond() + 60;
        assertEquals(MsError.BADMTIME.code(), put("x.ndz", 0, 10, future).error());
        assertEquals(0, put("x.ndz", 1, 10, future - 120).error());
    }

    @Test
    void statusReportsAnExistingFileWithoutStartingAnUploader() throws Exception {
        Path existing = f.uploadsDir.resolve("old.ndz");
        Files.write(existing, new byte[7]);
        Files.setLastModifiedTime(existing, java.nio.file.attribute.FileTime.fromMillis(1_000_000_000L));
        PutReply r = put("old.ndz", 1, 0, 0);
        assertEquals(new PutReply(0, 0, 0, true, Signature.mtime(1_000_000), 7, ServiceFixture.MAX_UPLOAD), r);
        assertFalse(f.uploads.inProgress(existing));
        assertEquals(new PutReply(0, 0, 0, false, Signature.NONE, 0, ServiceFixture.MAX_UPLOAD), put("fresh.ndz", 1, 0, 0));
    }

    @Test
    void aSecondPutOfTheSameImageWhileOneRunsIsTryAgain() {
        PutReply first = put("new.ndz", 0, 10, 0);
        assertEquals(0, first.error());
        assertTrue(first.port() > 0);
        assertEquals(MsError.TRYAGAIN.code(), put("new.ndz", 0, 10, 0).error());
        assertEquals(MsError.TRYAGAIN.code(), f.gets.handle(
                new org.frisbeegw.wire.GetRequest(0, 2, true, "new.ndz"), f.caller).reply().error(),
                "a GET of an image being uploaded is TRYAGAIN, status calls too");
    }

    @Test
    void pathTricksAreRefused() {
        assertEquals(MsError.FAILED.code(), put("../images/x.ndz", 0, 10, 0).error());
        assertEquals(MsError.FAILED.code(), put("/etc/passwd/../../x", 0, 10, 0).error());
    }

    @Test
    void aConfigurationsTargetOutsideTheImageDirectoriesIsRefused() throws Exception {
        // As the Emulab DB could say: an images.path anywhere. Nothing may be written there.
        java.nio.file.Path elsewhere = tmp.resolve("elsewhere/evil.ndz");
        org.frisbeegw.gateway.auth.Authorizer anywhere = new org.frisbeegw.gateway.auth.Authorizer() {
            @Override
            public org.frisbeegw.gateway.auth.AuthDecision authorizeGet(int h, java.net.InetAddress c, String id) {
                throw new UnsupportedOperationException();
            }

            @Override
            public org.frisbeegw.gateway.auth.AuthDecision authorizePut(int h, java.net.InetAddress c, String id) {
                return new org.frisbeegw.gateway.auth.AuthDecision.Allowed(new org.frisbeegw.gateway.auth.ImageRecord(id,
                        elsewhere, 3, java.time.Duration.ofSeconds(1), java.util.List.of(), 1000, java.time.Duration.ofSeconds(5)));
            }
        };
        PutHandler puts = new PutHandler(anywhere, new org.frisbeegw.gateway.images.ImageStore(java.util.List.of(f.images, f.uploadsDir)),
                f.servers, f.uploads, new ServerAddressPolicy(java.util.Optional.empty()),
                java.time.Clock.systemUTC(), false);
        PutReply r = puts.handle(new PutRequest(0, 0, "p/evil", 10, 0, 0), f.caller).reply();
        assertEquals(MsError.FAILED.code(), r.error());
        assertFalse(Files.exists(elsewhere.getParent()), "nothing created outside");
    }
}
