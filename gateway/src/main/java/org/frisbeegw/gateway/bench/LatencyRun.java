package org.frisbeegw.gateway.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs {@code requests} calls spread over {@code concurrency} threads; throughput and latency percentiles. */
record LatencyRun(int requests, long nanos, List<Long> latencies, int failures) {

    interface Call {
        boolean run() throws Exception;
    }

    static LatencyRun measure(int concurrency, int requests, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>(requests));
        int[] failures = {0};
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        int each = requests / concurrency;
        for (int t = 0; t < concurrency; t++) {
            workers.add(pool.submit((Callable<Void>) () -> {
                go.await();
                for (int i = 0; i < each; i++) {
                    long start = System.nanoTime();
                    boolean ok;
                    try {
                        ok = call.run();
                    } catch (Exception e) {
                        ok = false;
                    }
                    latencies.add(System.nanoTime() - start);
                    if (!ok) {
                        synchronized (failures) {
                            failures[0]++;
                        }
                    }
                }
                return null;
            }));
        }
        long start = System.nanoTime();
        go.countDown();
        for (Future<?> w : workers) {
            w.get();
        }
        long nanos = System.nanoTime() - start;
        pool.shutdownNow();
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new LatencyRun(each * concurrency, nanos, sorted, failures[0]);
    }

    double perSecond() {
        return requests * 1e9 / nanos;
    }

    double percentileMillis(double p) {
        if (latencies.isEmpty()) {
            return 0;
        }
        int i = (int) Math.min(latencies.size() - 1, Math.ceil(p / 100.0 * latencies.size()) - 1);
        return latencies.get(Math.max(0, i)) / 1e6;
    }
}
