package org.frisbeegw.gateway;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.frisbeegw.gateway.config.GatewayConfig;
import org.frisbeegw.gateway.config.TmcdSettings;
import org.frisbeegw.gateway.emulab.DbReloadInfoSource;
import org.frisbeegw.gateway.emulab.EmulabDatabase;
import org.frisbeegw.gateway.service.ImageService;
import org.frisbeegw.helper.MasterClient;
import org.frisbeegw.helper.RetryPolicy;
import org.frisbeegw.tmcd.LoadInfoResponder;
import org.frisbeegw.tmcd.MasterServerStreams;
import org.frisbeegw.tmcd.TmcdRelay;
import org.frisbeegw.tmcd.TmcdService;
import org.frisbeegw.tmcd.listener.TmcdListener;
import org.frisbeegw.tmcd.reload.FileReloadInfoSource;
import org.frisbeegw.tmcd.reload.ReloadInfoSource;

/** Wires the legacy tmcd bridge: reload info, the compat path through our own master server, the relay. */
final class TmcdBridge {
    private static final Duration COMPAT_RETRY_INTERVAL = Duration.ofSeconds(5);
    private static final Duration RELAY_TIMEOUT = Duration.ofSeconds(5);

    private TmcdBridge() {
    }

    static TmcdListener start(GatewayConfig config, TmcdSettings settings, ImageService own, int masterPort,
                              Optional<EmulabDatabase> db) throws IOException {
        MasterClient master = OwnMaster.client(config, own, masterPort,
                new RetryPolicy(COMPAT_RETRY_INTERVAL, settings.compatTries()));
        ReloadInfoSource reloads = settings.reloadInfo().isPresent()
                ? new FileReloadInfoSource(settings.reloadInfo().get(), settings.bossIp())
                : new DbReloadInfoSource(db.orElseThrow(() -> new IOException("tmcd bridge: no reload info source")),
                        settings.bossIp());
        TmcdService service = new TmcdService(reloads,
                new LoadInfoResponder(new MasterServerStreams(master)),
                settings.upstream().map(u -> new TmcdRelay(u, settings.relayFrom(), RELAY_TIMEOUT)));
        return TmcdListener.start(service, config.master().bind().orElse(null), settings.ports(), config.master().workers());
    }

}
