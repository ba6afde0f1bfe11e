package org.frisbeegw.gateway.status;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * {@code /metrics} through the Prometheus Java client: a registry of its own (not the global
 * one), callback metrics that read one {@link StatusSnapshot} per scrape, written in the
 * Prometheus text format. Counters only grow (requests, replies by outcome, refused connections,
 * and the built-in servers' traffic, which keeps what exited servers sent); gauges are now-values.
 */
final class StatusMetrics {
    private final Supplier<StatusSnapshot> source;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    /** The snapshot being scraped; callbacks run inside {@link #scrape()}, under its lock. */
    private StatusSnapshot current;

    StatusMetrics(Supplier<StatusSnapshot> source) {
        this.source = source;
        counter("frisbeegw_requests", "Master-server requests answered, by kind.", "kind", cb -> {
            cb.call(current.counters().gets(), "get");
            cb.call(current.counters().statusGets(), "status");
            cb.call(current.counters().puts(), "put");
        });
        counter("frisbeegw_replies", "Master-server replies, by outcome (NONE is success).", "outcome",
                cb -> current.counters().outcomes().forEach((outcome, n) -> cb.call(n, outcome)));
        counter("frisbeegw_refused_connections", "Master connections closed unread by the per-source limits.", null,
                cb -> cb.call(current.refusedConnections()));
        counter("frisbeegw_blocks_sent", "BLOCK packets sent by built-in servers, exited ones included.", null,
                cb -> cb.call(current.traffic().blocksSent()));
        counter("frisbeegw_bytes_sent", "UDP payload bytes of those BLOCKs.", null, cb -> cb.call(current.traffic().bytesSent()));
        counter("frisbeegw_client_joins", "Distinct clients that joined a built-in server.", null,
                cb -> cb.call(current.traffic().joins()));
        counter("frisbeegw_dropped_packets", "Data packets dropped by the receive or request checks.", null,
                cb -> cb.call(current.traffic().droppedPackets()));
        gauge("frisbeegw_uptime_seconds", "Time since the gateway started.", () -> current.uptime().toSeconds());
        gauge("frisbeegw_image_servers", "Image servers running.", () -> current.servers().size());
        gauge("frisbeegw_active_clients", "Clients joined and not yet left, running servers.",
                () -> current.servers().stream().mapToLong(v -> Math.max(0, v.clients())).sum());
        gauge("frisbeegw_parent_fetches", "Downloads from the parent in progress.", () -> current.fetches().size());
        // Only one of a pair (--pair) has these: alert when the pair's sum of active is not 1.
        pairGauge("frisbeegw_pair_active", "1 while this gateway of a pair is active, 0 while standby.",
                p -> p.role().equals("active") ? 1 : 0);
        pairGauge("frisbeegw_pair_epoch", "The epoch this gateway of a pair holds, or the newest it has seen.",
                StatusSnapshot.Pair::epoch);
    }

    String contentType() {
        return writer.getContentType();
    }

    /** One scrape: one snapshot, every metric read from it. */
    synchronized byte[] scrape() {
        current = source.get();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return out.toByteArray();
    }

    private interface CounterValues {
        void read(CounterWithCallback.Callback callback);
    }

    private interface GaugeValue {
        double read();
    }

    private void counter(String name, String help, String label, CounterValues values) {
        CounterWithCallback.Builder b = CounterWithCallback.builder().name(name).help(help).callback(values::read);
        if (label != null) {
            b.labelNames(label);
        }
        b.register(registry);
    }

    private void pairGauge(String name, String help, ToDoubleFunction<StatusSnapshot.Pair> value) {
        GaugeWithCallback.builder().name(name).help(help)
                .callback(cb -> current.pair().ifPresent(p -> cb.call(value.applyAsDouble(p)))).register(registry);
    }

    private void gauge(String name, String help, GaugeValue value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.read())).register(registry);
    }
}
