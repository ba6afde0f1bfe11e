package org.frisbeegw.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.frisbeegw.gateway.auth.AuthDecision;
import org.frisbeegw.gateway.auth.Authorizer;
import org.frisbeegw.gateway.images.ImageStore;
import org.frisbeegw.gateway.servers.LaunchSpec;
import org.frisbeegw.wire.GetReply;
import org.frisbeegw.wire.GetRequest;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.MsError;
import org.frisbeegw.wire.Signature;
import org.frisbeegw.wire.TransferMethods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GET decision sequence of master-server.md §3.2, with image servers faked. */
class GetHandlerTest {
    private static final int UCAST = TransferMethods.UNICAST;
    private static final int MCAST = TransferMethods.MULTICAST;
    private static final int LOOPBACK = Ipv4.parse("127.0.0.1");

    @TempDir
    Path tmp;
    ServiceFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new ServiceFixture(tmp);
        f.image("emulab-ops/FBSD73-STD.ndz", 3000, 1_323_685_248L);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private GetReply get(String id, int methods, boolean status) {
        return f.gets.handle(new GetRequest(0, methods, status, id), f.caller).reply();
    }

    @Test
    void onlyStatusRequestsThatWaitOnNothingMayBeAnsweredOnTheIoThread() throws Exception {
        assertTrue(f.gets.answersAtOnce(new GetRequest(0, MCAST, true, "img")), "null config, no parent: stat calls only");
        assertFalse(f.gets.answersAtOnce(new GetRequest(0, MCAST, false, "img")), "a real GET may start a server");
        Authorizer database = new Authorizer() {
            @Override
            public AuthDecision authorizeGet(int hostIp, java.net.InetAddress caller, String imageId) {
                throw new UnsupportedOperationException();
            }

            @Override
            public AuthDecision authorizePut(int hostIp, java.net.InetAddress caller, String imageId) {
                throw new UnsupportedOperationException();
            }
        };
        GetHandler withDatabase = new GetHandler(MCAST, database, new ImageStore(List.of(f.images)), f.servers, f.uploads,
                new ServerAddressPolicy(Optional.empty()), Optional.empty());
        assertFalse(withDatabase.answersAtOnce(new GetRequest(0, MCAST, true, "img")),
                "an authorizer that may block (the Emulab DB) sends even status requests to the workers");
    }

    @Test
    void statusOfAnIdleImageReportsAllowedMethodsSizeAndMtimeAndStartsNothing() {
        GetReply r = get("emulab-ops/FBSD73-STD.ndz", TransferMethods.ANY, true);
        assertEquals(new GetReply(UCAST | MCAST, false, 0, 0, 0, 0, Signature.mtime(1_323_685_248L), 3000), r);
        assertTrue(f.launcher.launches.isEmpty());
    }

    @Test
    void firstGetStartsAMulticastServerWithTheSpecsArguments() {
        GetReply r = get("emulab-ops/FBSD73-STD.ndz", MCAST, false);
        assertEquals(new GetReply(MCAST, true, 0, LOOPBACK, Ipv4.parse("239.192.1.2"), 1283,
                Signature.mtime(1_323_685_248L), 3000), r);
        LaunchSpec spec = f.launcher.launches.get(0);
        assertEquals(f.images.resolve("emulab-ops/FBSD73-STD.ndz"), spec.imagePath());
        assertEquals(LOOPBACK, spec.servAddr());
        assertEquals(Ipv4.parse("239.192.1.2"), spec.destination());
        assertEquals(Duration.ofSeconds(180), spec.inactivityTimeout());
        assertEquals(List.of("-W", "100000000", "-K", "15"), spec.extraArgs());
    }

    @Test
    void secondGetReusesTheRunningServer() {
        GetReply first = get("emulab-ops/FBSD73-STD.ndz", MCAST, false);
        GetReply second = get("emulab-ops/FBSD73-STD.ndz", UCAST | MCAST, false);
        assertEquals(first, second);
        assertEquals(1, f.launcher.launches.size());
        GetReply status = get("emulab-ops/FBSD73-STD.ndz", TransferMethods.ANY, true);
        assertTrue(status.running());
        assertEquals(1283, status.port());
    }

    @Test
    void unicastServerTellsTheClientTheServerAddressAndRefusesASecondClient() {
        GetReply r = get("emulab-ops/FBSD73-STD.ndz", UCAST, false);
        assertEquals(UCAST, r.method());
        assertEquals(LOOPBACK, r.addr());
        assertEquals(LOOPBACK, f.launcher.launches.get(0).destination()); // -m = the client
        assertEquals(MsError.TRYAGAIN.code(), get("emulab-ops/FBSD73-STD.ndz", UCAST, false).error());
    }

    @Test
    void aServerThatExitsIsForgottenAndTheNextGetStartsANewOne() {
        get("emulab-ops/FBSD73-STD.ndz", MCAST, false);
        f.launcher.servers.get(0).exitWith(0);
        assertFalse(f.servers.isServing(f.images.resolve("emulab-ops/FBSD73-STD.ndz")));
        GetReply again = get("emulab-ops/FBSD73-STD.ndz", MCAST, false);
        assertEquals(2, f.launcher.launches.size());
        assertEquals(Ipv4.parse("239.192.1.3"), again.addr());
    }

    @Test
    void serverDyingAtOnceGivesTryAgain() {
        f.launcher.exitAtOnce(1);
        assertEquals(MsError.TRYAGAIN.code(), get("emulab-ops/FBSD73-STD.ndz", MCAST, false).error());
    }

    @Test
    void addressInUseIsRetriedWithANewAllocation() {
        f.launcher.exitAtOnce(98, 98);
        GetReply r = get("emulab-ops/FBSD73-STD.ndz", MCAST, false);
        assertEquals(0, r.error());
        assertEquals(3, f.launcher.launches.size());
        assertEquals(List.of(1283, 1284, 1285), f.launcher.launches.stream().map(LaunchSpec::port).toList());
    }

    @Test
    void launcherFailureIsFailed() {
        f.launcher.failToStart();
        assertEquals(MsError.FAILED.code(), get("emulab-ops/FBSD73-STD.ndz", MCAST, false).error());
    }

    @Test
    void errorsFollowTheSpecsTable() throws Exception {
        Files.createDirectories(f.images.resolve("adir"));
        assertEquals(MsError.NOIMAGE.code(), get("emulab-ops/NOPE.ndz", MCAST, false).error());
        assertEquals(MsError.INVALID.code(), get("adir", MCAST, false).error());
        assertEquals(MsError.FAILED.code(), get("../etc/passwd", MCAST, false).error());
        assertEquals(MsError.FAILED.code(), get("bad id", MCAST, false).error());
        assertEquals(MsError.NOMETHOD.code(), get("emulab-ops/FBSD73-STD.ndz", TransferMethods.BROADCAST, false).error());
        assertEquals(MsError.NOMETHOD.code(), get("emulab-ops/FBSD73-STD.ndz", 0, false).error());
        assertTrue(f.launcher.launches.isEmpty());
    }

    @Test
    void aListedProxyMayAskForANodeAndAUnicastStreamGoesToTheCallerAsInC() throws Exception {
        Caller proxy = new Caller(java.net.InetAddress.getByName(ServiceFixture.PROXY), f.caller.localAddress());
        int node = Ipv4.parse("10.1.0.1");
        GetReply r = f.gets.handle(new GetRequest(node, UCAST, false, "emulab-ops/FBSD73-STD.ndz"), proxy).reply();
        assertEquals(0, r.error());
        assertEquals(Ipv4.parse(ServiceFixture.PROXY), f.launcher.launches.get(0).destination(),
                "-m is the proxy: a -A sub-boss fetching for a node must receive the stream itself");
    }

    @Test
    void proxyRequestsAreRefusedInTheNullConfig() {
        GetReply r = f.gets.handle(new GetRequest(Ipv4.parse("10.1.0.1"), MCAST, false, "emulab-ops/FBSD73-STD.ndz"),
                f.caller).reply();
        assertEquals(MsError.FAILED.code(), r.error());
        GetReply self = f.gets.handle(new GetRequest(LOOPBACK, MCAST, true, "emulab-ops/FBSD73-STD.ndz"), f.caller).reply();
        assertEquals(0, self.error(), "hostip equal to the caller is not a proxy request");
    }
}
