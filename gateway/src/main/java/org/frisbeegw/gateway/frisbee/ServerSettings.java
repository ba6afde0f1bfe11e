package org.frisbeegw.gateway.frisbee;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.frisbeegw.helper.data.DataSockets;
import org.frisbeegw.wire.data.DataProtocol;

/**
 * One built-in image server: the file, where it sends from ({@code servAddr}, frisbeed -i; also
 * the srcip of every packet) and to ({@code destination}: the group, the broadcast address with
 * -b, or the unicast client, -m), the UDP port (-p), and pacing: inactivity timeout (-T, 0 =
 * never), bandwidth cap in bits/s (-W, 0 = none), burst size (-B), gap between bursts in µs (-G)
 * and blocks per file read (-R).
 */
public record ServerSettings(Path file, InetAddress servAddr, InetAddress destination, int port,
                             Duration inactivityTimeout, long bandwidthBitsPerSecond, int burstSize,
                             int burstGapMicros, int readBlocks, boolean broadcast) {

    public ServerSettings {
        if (burstSize < 1 || readBlocks < 1 || readBlocks > DataProtocol.CHUNK_BLOCKS || burstGapMicros < 0
                || bandwidthBitsPerSecond < 0) {
            throw new IllegalArgumentException("burst size and read size must be positive, gap and bandwidth not negative");
        }
        if (broadcast && destination.isMulticastAddress()) {
            throw new IllegalArgumentException("-b needs a broadcast -m address, not the group " + destination.getHostAddress());
        }
    }

    public boolean multicast() {
        return destination.isMulticastAddress();
    }

    /** frisbeed's defaults for everything but the addresses; 255.255.255.255 means broadcast. */
    public static ServerSettings defaults(Path file, InetAddress servAddr, InetAddress destination, int port) {
        return new ServerSettings(file, servAddr, destination, port, Duration.ofSeconds(1800), 0,
                DataProtocol.SERVER_BURST_SIZE, DataProtocol.SERVER_BURST_GAP_MICROS, DataProtocol.SERVER_READ_SIZE,
                DataSockets.isLimitedBroadcast(destination));
    }

    public ServerSettings withPacing(long bitsPerSecond, int burst, int gapMicros) {
        return new ServerSettings(file, servAddr, destination, port, inactivityTimeout, bitsPerSecond, burst, gapMicros,
                readBlocks, broadcast);
    }

    public ServerSettings withInactivityTimeout(Duration timeout) {
        return new ServerSettings(file, servAddr, destination, port, timeout, bandwidthBitsPerSecond, burstSize,
                burstGapMicros, readBlocks, broadcast);
    }

    /** frisbeed -b: SO_BROADCAST, requests heard on the broadcast address. */
    public ServerSettings withBroadcast(boolean on) {
        return new ServerSettings(file, servAddr, destination, port, inactivityTimeout, bandwidthBitsPerSecond, burstSize,
                burstGapMicros, readBlocks, on);
    }
}
