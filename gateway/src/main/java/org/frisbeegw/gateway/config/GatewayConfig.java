package org.frisbeegw.gateway.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything the gateway needs to run, validated once at start-up by {@link GatewayOptions}.
 * Nothing reads flags after this is built.
 *
 * @param imageDirs       real paths of the image roots (-I), searched in order for GETs
 * @param putDir          real path of the writable root for PUTs, if uploads are enabled
 * @param bindAddress     -i: listening address and the server address for loopback callers
 * @param clientMethods   -x: methods clients may use (default ucast,mcast)
 * @param serverArgs      the null config's frisbeed options (default "-W 100000000 -K 15")
 * @param requestDeadline how long a connection may take to deliver its whole request
 * @param startupCheck    how long a new image server must survive before it counts as started
 * @param proxyFrom       callers the null config lets proxy (--proxy-from, plus the bridges' own address)
 * @param tmcd            the legacy tmcd bridge, when enabled with --reload-info
 * @param xmlrpc          the elabinelab XML-RPC shim, when enabled with --elab-authority
 * @param emulab          the "emulab" configuration (-C emulab); absent means the "null" one
 * @param parent          the parent master server (-S) and how to use it
 * @param statusPort      the status page's port (--status-port), off when absent
 * @param limits          abuse limits: per-source connections, image servers, cache size
 * @param stateDir        where the journal of running image servers lives (--state-dir), if kept
 * @param adminSocket     the local admin control's unix socket (--admin-socket), off when absent
 */
public record GatewayConfig(
        List<Path> imageDirs,
        Optional<Path> putDir,
        int port,
        Optional<InetAddress> bindAddress,
        int clientMethods,
        int debugLevel,
        LauncherKind launcher,
        Path frisbeedBinary,
        Duration serverTimeout,
        List<String> serverArgs,
        Duration startupCheck,
        AddressPlan addressPlan,
        long putMaxSize,
        Duration putTimeout,
        Duration requestDeadline,
        int workerThreads,
        int backlog,
        List<InetAddress> proxyFrom,
        Optional<TmcdSettings> tmcd,
        Optional<XmlRpcSettings> xmlrpc,
        Optional<EmulabSettings> emulab,
        Optional<ParentSettings> parent,
        Optional<Integer> statusPort,
        Limits limits,
        Optional<Path> stateDir,
        Optional<Path> adminSocket) {

    public GatewayConfig {
        imageDirs = List.copyOf(imageDirs);
        serverArgs = List.copyOf(serverArgs);
        proxyFrom = List.copyOf(proxyFrom);
    }

    /** Abuse limits (cf. MetaServerII's flood control). */
    public record Limits(int connectionsPerSource, int connectionRatePerSource, int connectionBurst, int maxServers,
                         long maxCacheBytes, int maxConnections) {
    }

    /** Where the gateway's own bridges connect to the master server from, and so may proxy from. */
    public InetAddress bridgeAddress() {
        return bindAddress.filter(a -> !a.isAnyLocalAddress()).orElse(InetAddress.getLoopbackAddress());
    }

    /** Every root a GET may read from: the image directories, then the upload directory. */
    public List<Path> readableRoots() {
        return putDir.map(p -> {
            List<Path> all = new java.util.ArrayList<>(imageDirs);
            if (!all.contains(p)) {
                all.add(p);
            }
            return List.copyOf(all);
        }).orElse(imageDirs);
    }
}
