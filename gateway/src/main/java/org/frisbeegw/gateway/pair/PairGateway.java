package org.frisbeegw.gateway.pair;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Clock;
import java.util.Optional;
import org.frisbeegw.gateway.Gateway;
import org.frisbeegw.gateway.config.GatewayConfig;
import org.frisbeegw.gateway.config.OperationSettings;
import org.frisbeegw.gateway.config.PairSettings;
import org.frisbeegw.gateway.status.AdminControl;
import org.frisbeegw.gateway.status.StatusListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway run as one of a pair ({@code --pair}): the parts that live in either role (the
 * shared state, the admin control that keepalived's notify hook speaks to, the status page on
 * this machine's own address) around a {@link PairMember} that starts and stops the serving
 * gateway. Nothing listens on the service address while standby.
 */
public final class PairGateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PairGateway.class);

    private final PairState state;
    private final PairMember member;
    private final AdminControl admin;
    private final Optional<StatusListener> status;

    private PairGateway(PairState state, PairMember member, AdminControl admin, Optional<StatusListener> status) {
        this.state = state;
        this.member = member;
        this.admin = admin;
        this.status = status;
    }

    public static PairGateway start(GatewayConfig config) throws IOException {
        String problem = config.pairProblem();
        if (problem != null || config.pair().isEmpty()) {
            throw new IOException(problem != null ? problem : "not configured as one of a pair (--pair)");
        }
        PairSettings pair = config.pair().get();
        // The serving gateway gets neither status page nor admin control: those stay up in either role, here.
        GatewayConfig serving = new GatewayConfig(config.master(), config.images(), config.uploads(), config.launch(),
                config.parent(), config.emulab(), config.tmcd(), config.xmlrpc(), new OperationSettings(Optional.empty(),
                Optional.empty(), Optional.empty(), config.operations().debugLevel()), config.proxyFrom(), Optional.empty());
        PairState state = config.emulab().isPresent() ? DbPairState.open(config.emulab().get().db())
                : new DirectoryPairState(config.operations().stateDir().get());
        PairMember member = PairMember.start(pair.member(), state, Gateway.journalCheck(config),
                journal -> Gateway.start(serving, journal), Clock.systemUTC());
        Optional<StatusListener> status = Optional.empty();
        try {
            if (config.operations().statusPort().isPresent()) {
                status = Optional.of(StatusListener.start(new InetSocketAddress(pair.ownAddress(),
                        config.operations().statusPort().get()), member::status));
            }
            AdminControl admin = AdminControl.start(config.operations().adminSocket().get(), member, Optional.of(member));
            if (serviceAddressIsHere(config)) {
                // keepalived made this machine MASTER before the gateway (re)started: no notify will come.
                log.info("the service address {} is on this machine already: becoming active",
                        config.master().bind().get().getHostAddress());
                member.becomeActive();
            }
            return new PairGateway(state, member, admin, status);
        } catch (IOException | RuntimeException e) {
            status.ifPresent(StatusListener::close);
            member.close();
            state.close();
            throw e;
        }
    }

    private static boolean serviceAddressIsHere(GatewayConfig config) {
        try {
            return config.master().bind().isPresent() && !config.master().bind().get().isAnyLocalAddress()
                    && NetworkInterface.getByInetAddress(config.master().bind().get()) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    public PairMember member() {
        return member;
    }

    public Optional<InetSocketAddress> statusAddress() {
        return status.map(StatusListener::localAddress);
    }

    @Override
    public void close() {
        admin.close();
        status.ifPresent(StatusListener::close);
        member.close();
        try {
            state.close();
        } catch (IOException e) {
            log.warn("closing the pair state: {}", e.toString());
        }
    }
}
