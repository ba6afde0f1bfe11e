package org.frisbeegw.gateway.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.frisbeegw.helper.DaemonThreads;

/**
 * The baselines: minimal blocking servers, one thread per connection, that frame requests as
 * the real ones do and answer a fixed reply. What is left of the gateway's time is its own work.
 */
final class EchoServers implements AutoCloseable {
    private final ServerSocket socket;
    private final ExecutorService threads = Executors.newCachedThreadPool(DaemonThreads.named("echo"));

    private EchoServers(ServerSocket socket) {
        this.socket = socket;
    }

    /** Reads the request to EOF (tmcc half-closes after it), writes {@code reply}, closes. */
    static EchoServers start(byte[] reply) throws IOException {
        EchoServers e = new EchoServers(new ServerSocket(0, 1024, InetAddress.getByName("127.0.0.1")));
        Thread acceptor = new Thread(() -> {
            while (!e.socket.isClosed()) {
                try {
                    Socket s = e.socket.accept();
                    e.threads.execute(() -> answer(s, reply));
                } catch (IOException closed) {
                    return;
                }
            }
        }, "echo-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        return e;
    }

    private static void answer(Socket s, byte[] reply) {
        try (s) {
            s.getInputStream().readAllBytes();
            s.getOutputStream().write(reply);
        } catch (IOException e) {
            // the benchmark counts failures on the client side
        }
    }

    int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        threads.shutdownNow();
    }
}
