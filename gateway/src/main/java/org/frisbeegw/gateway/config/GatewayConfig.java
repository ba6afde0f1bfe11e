package org.frisbeegw.gateway.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Everything the gateway needs to run, in groups, validated once at start-up (by
 * {@link GatewayOptions} from flags, or built in code with {@link #builder()}). Nothing reads
 * flags after this is built.
 *
 * @param master     the master-server listener (-i, -p, -x, workers, deadlines, per-source limits)
 * @param images     the image roots (-I) and the parent-fetch cache's size
 * @param uploads    PUT uploads (--put-dir and its limits)
 * @param launch     image servers: launcher, frisbeed options, address plan, how many
 * @param parent     the parent master server (-S) and how to use it
 * @param emulab     the "emulab" configuration (-C emulab); absent means the "null" one
 * @param tmcd       the legacy tmcd bridge, when enabled
 * @param xmlrpc     the elabinelab XML-RPC shim, when enabled
 * @param operations status page, admin control, state directory, debug level
 * @param proxyFrom  callers the null config lets proxy (--proxy-from, plus the bridges' own address)
 * @param pair       one gateway of an active/standby pair (--pair), when set
 */
public record GatewayConfig(MasterSettings master, ImageSettings images, UploadSettings uploads, LaunchSettings launch,
                            Optional<ParentSettings> parent, Optional<EmulabSettings> emulab,
                            Optional<TmcdSettings> tmcd, Optional<XmlRpcSettings> xmlrpc,
                            OperationSettings operations, List<InetAddress> proxyFrom, Optional<PairSettings> pair) {

    public GatewayConfig {
        proxyFrom = List.copyOf(proxyFrom);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Where the gateway's own bridges connect to the master server from, and so may proxy from. */
    public InetAddress bridgeAddress() {
        return bridgeAddress(master);
    }

    private static InetAddress bridgeAddress(MasterSettings master) {
        return master.bind().filter(a -> !a.isAnyLocalAddress()).orElse(InetAddress.getLoopbackAddress());
    }

    /**
     * Why this config cannot run as one of a pair, or null: the notify hook needs the admin
     * control, and the journal must be where both gateways reach it (a shared --state-dir, or the
     * Emulab database for -C emulab, never the embedded one).
     */
    public String pairProblem() {
        if (pair.isEmpty()) {
            return null;
        }
        if (operations.adminSocket().isEmpty()) {
            return "--pair needs --admin-socket (keepalived's notify hook speaks to it)";
        }
        if (emulab.isPresent()) {
            return emulab.get().db().loadDemo() ? "--pair with -C emulab needs --db-url: the pair shares the Emulab "
                    + "database, not an embedded one" : null;
        }
        return operations.stateDir().isEmpty() ? "--pair needs --state-dir on storage both gateways mount" : null;
    }

    /** Every root a GET may read from: the image directories, then the upload directory. */
    public List<Path> readableRoots() {
        return uploads.putDir().map(p -> {
            List<Path> all = new ArrayList<>(images.dirs());
            if (!all.contains(p)) {
                all.add(p);
            }
            return List.copyOf(all);
        }).orElse(images.dirs());
    }

    /** Each group starts from its defaults; {@link #build()} adds what is derived (the bridges' proxy address). */
    public static final class Builder {
        private MasterSettings master = MasterSettings.DEFAULTS;
        private ImageSettings images = ImageSettings.DEFAULTS;
        private UploadSettings uploads = UploadSettings.DEFAULTS;
        private LaunchSettings launch = LaunchSettings.DEFAULTS;
        private Optional<ParentSettings> parent = Optional.empty();
        private Optional<EmulabSettings> emulab = Optional.empty();
        private Optional<TmcdSettings> tmcd = Optional.empty();
        private Optional<XmlRpcSettings> xmlrpc = Optional.empty();
        private OperationSettings operations = OperationSettings.DEFAULTS;
        private Optional<PairSettings> pair = Optional.empty();
        private final List<InetAddress> proxyFrom = new ArrayList<>();

        private Builder() {
        }

        public Builder master(UnaryOperator<MasterSettings> edit) {
            master = edit.apply(master);
            return this;
        }

        public Builder images(UnaryOperator<ImageSettings> edit) {
            images = edit.apply(images);
            return this;
        }

        public Builder uploads(UnaryOperator<UploadSettings> edit) {
            uploads = edit.apply(uploads);
            return this;
        }

        public Builder launch(UnaryOperator<LaunchSettings> edit) {
            launch = edit.apply(launch);
            return this;
        }

        public Builder operations(UnaryOperator<OperationSettings> edit) {
            operations = edit.apply(operations);
            return this;
        }

        public Builder parent(Optional<ParentSettings> p) {
            parent = p;
            return this;
        }

        public Builder emulab(Optional<EmulabSettings> e) {
            emulab = e;
            return this;
        }

        public Builder tmcd(Optional<TmcdSettings> t) {
            tmcd = t;
            return this;
        }

        public Builder xmlrpc(Optional<XmlRpcSettings> x) {
            xmlrpc = x;
            return this;
        }

        public Builder pair(Optional<PairSettings> p) {
            pair = p;
            return this;
        }

        public Builder proxyFrom(InetAddress caller) {
            proxyFrom.add(caller);
            return this;
        }

        public GatewayConfig build() {
            List<InetAddress> proxies = new ArrayList<>(proxyFrom);
            InetAddress bridges = bridgeAddress(master);
            if ((tmcd.isPresent() || xmlrpc.isPresent()) && !proxies.contains(bridges)) {
                proxies.add(bridges); // the bridges ask the master on nodes' behalf
            }
            return new GatewayConfig(master, images, uploads, launch, parent, emulab, tmcd, xmlrpc, operations, proxies,
                    pair);
        }
    }
}
