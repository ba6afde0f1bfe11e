package org.frisbeegw.gateway.servers;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test double for unit tests of the decision logic: records every launch and lets the test
 * decide whether a "server" runs, exits at once with a status, or fails to start.
 */
public final class FakeLauncher implements ServerLauncher {
    public final List<LaunchSpec> launches = new CopyOnWriteArrayList<>();
    public final List<FakeServer> servers = new CopyOnWriteArrayList<>();
    private final Deque<Integer> immediateExits = new ArrayDeque<>();
    private final Map<Integer, Integer> exitsByLaunch = new HashMap<>();
    private boolean failToStart;

    /** The next launches exit at once with these statuses, in order. */
    public synchronized FakeLauncher exitAtOnce(Integer... statuses) {
        immediateExits.addAll(List.of(statuses));
        return this;
    }

    /** Launch number {@code n} (1 = the first) exits at once with {@code status}; the others run. */
    public synchronized FakeLauncher exitAtOnceOnLaunch(int n, int status) {
        exitsByLaunch.put(n, status);
        return this;
    }

    public synchronized FakeLauncher failToStart() {
        failToStart = true;
        return this;
    }

    @Override
    public synchronized ImageServerProcess launch(LaunchSpec spec) throws IOException {
        launches.add(spec);
        if (failToStart) {
            throw new IOException("no such binary");
        }
        FakeServer s = new FakeServer(servers.size() + 1);
        servers.add(s);
        Integer status = exitsByLaunch.containsKey(launches.size()) ? exitsByLaunch.get(launches.size())
                : immediateExits.poll();
        if (status != null) {
            s.exit.complete(status);
        }
        return s;
    }

    public static final class FakeServer implements ImageServerProcess {
        final CompletableFuture<Integer> exit = new CompletableFuture<>();
        private final int id;

        FakeServer(int id) {
            this.id = id;
        }

        /** Simulates the server's own exit (e.g. its inactivity timeout). */
        public void exitWith(int status) {
            exit.complete(status);
        }

        @Override
        public CompletableFuture<Integer> exit() {
            return exit;
        }

        @Override
        public void stop() {
            exit.complete(143);
        }

        @Override
        public String describe() {
            return "fake " + id;
        }
    }
}
