package org.frisbeegw.gateway.bench;

import java.io.IOException;
import java.io.InputStream;
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

    /** Reads exactly {@code requestLength} bytes (or, when 0, until EOF), writes {@code reply}, closes. */
    static EchoServers start(int requestLength, byte[] reply) throws IOException {
        EchoServers e = new EchoServers(new ServerSocket(0, 1024, InetAddress.getByName("127.0.0.1")));
        Thread acceptor = new Thread(() -> {
            while (!e.socket.isClosed()) {
                try {
                    Socket s = e.socket.accept();
                    e.threads.execute(() -> answer(s, requestLength, reply));
                } catch (IOException closed) {
                    return;
                }
            }
        }, "echo-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        return e;
    }

    private static void answer(Socket s, int requestLength, byte[] reply) {
        try (s) {
            InputStream in = s.getInputStream();
            if (requestLength > 0) {
                in.readNBytes(requestLength);
            } else {
                in.readAllBytes();
            }
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
