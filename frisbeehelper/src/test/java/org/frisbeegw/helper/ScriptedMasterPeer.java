package org.frisbeegw.helper;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A loopback TCP peer that reads one request of a known length per connection and answers with
 * whatever the script returns (null = say nothing and keep the connection open).
 */
final class ScriptedMasterPeer implements AutoCloseable {
    private final ServerSocket server;
    private final Thread acceptor;
    private final List<byte[]> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    ScriptedMasterPeer(int requestLength, Function<byte[], byte[]> script) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> serve(requestLength, script), "scripted-master-peer");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void serve(int requestLength, Function<byte[], byte[]> script) {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                open.add(s);
                byte[] request = new InputStreamReader(s.getInputStream()).readExactly(requestLength);
                requests.add(request);
                byte[] reply = script.apply(request);
                if (reply != null) {
                    s.getOutputStream().write(reply);
                    s.close();
                }
            } catch (IOException e) {
                // server closed or client went away: the test asserts on what the client saw
            }
        }
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    List<byte[]> requests() {
        return requests;
    }

    @Override
    public void close() throws Exception {
        server.close();
        for (Socket s : open) {
            s.close();
        }
        acceptor.join(5000);
    }

    private record InputStreamReader(InputStream in) {
        byte[] readExactly(int n) throws IOException {
            return in.readNBytes(n);
        }
    }
}
