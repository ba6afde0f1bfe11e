package org.frisbeegw.gateway.bench;

/** Bytes moved in a time, and the fraction lost on the way (baseline only). */
record Measurement(long bytes, long nanos, double lossFraction) {
    double mibPerSecond() {
        return bytes / 1048576.0 / (nanos / 1e9);
    }
}
