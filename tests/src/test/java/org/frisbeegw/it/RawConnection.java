package org.frisbeegw.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** A raw TCP client for sending malformed bytes and seeing exactly what comes back. */
final class RawConnection implements AutoCloseable {
    private final Socket socket;

    RawConnection(InetSocketAddress server) throws IOException {
        socket = new Socket();
        socket.connect(server, 5000);
        socket.setTcpNoDelay(true);
    }

    /** Shuts down our sending side (a FIN), keeping the connection open for the reply. */
    RawConnection halfClose() throws IOException {
        socket.shutdownOutput();
        return this;
    }

    RawConnection send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    /**
     * Reads until the server closes the connection, failing if it has not within {@code limit}.
     * Returns everything received.
     */
    byte[] readUntilClosed(Duration limit) throws IOException {
        long end = System.nanoTime() + limit.toNanos();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[512];
        while (true) {
            long left = (end - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new AssertionError("server did not close the connection within " + limit);
            }
            socket.setSoTimeout((int) left);
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("server did not close the connection within " + limit, e);
            } catch (java.net.SocketException e) {
                return got.toByteArray(); // reset by the server counts as closed
            }
            if (n < 0) {
                return got.toByteArray();
            }
            got.write(buf, 0, n);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
