package io.cairnmq.engine.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports free now on an address, for a listener that is told its port before it binds (a
 * Hazelcast member whose port its peers must know, a node started with a port in its file).
 *
 * <p>The ports come from outside the operating system's ephemeral range. A port the system hands
 * out for {@code bind(0)} lies inside that range, and so does the local port of every outgoing
 * connection: between finding such a port free and binding it, any connection opened on the
 * machine (a member joining another, a client) may take it. Outside the range only a listener
 * that names the port can, so the window is left to deliberate choices.
 */
public final class FreePorts {

    /** Where Linux says its ephemeral range is; elsewhere the IANA range is assumed. */
    private static final Path LINUX_EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int IANA_EPHEMERAL_LOW = 49152;
    private static final int LOWEST = 1024;
    private static final int HIGHEST = 65535;
    /** Ports tried per port wanted before giving up: only a machine with almost no port free runs out. */
    private static final int TRIES_PER_PORT = 200;

    private FreePorts() {
    }

    /** One port free now on {@code address}. */
    public static int take(String address) {
        return take(address, 1)[0];
    }

    /** {@code count} different ports free now on {@code address}: each is held until all are found. */
    public static int[] take(String address, int count) {
        int[] ephemeral = ephemeralRange();
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ports[i] = bindOne(address, ephemeral, held);
            }
            return ports;
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // It only proved the port free.
                }
            }
        }
    }

    private static int bindOne(String address, int[] ephemeral, List<ServerSocket> held) {
        IOException last = null;
        for (int attempt = 0; attempt < TRIES_PER_PORT; attempt++) {
            int port = randomOutside(ephemeral);
            ServerSocket socket = null;
            try {
                socket = new ServerSocket();
                socket.bind(new InetSocketAddress(address, port));
                held.add(socket);
                return socket.getLocalPort();
            } catch (IOException e) {
                last = e;
                closeQuietly(socket);
            }
        }
        throw new UncheckedIOException("No free port found on " + address + " outside the ephemeral range "
                + ephemeral[0] + "-" + ephemeral[1] + " in " + TRIES_PER_PORT + " tries", last);
    }

    /**
     * A port in [LOWEST, HIGHEST] but not in the ephemeral range, each equally likely; 0 (the
     * system's choice) on a machine whose ephemeral range leaves nothing outside it.
     */
    private static int randomOutside(int[] ephemeral) {
        int below = Math.max(0, ephemeral[0] - LOWEST);
        int above = Math.max(0, HIGHEST - ephemeral[1]);
        if (below + above == 0) {
            return 0;
        }
        int pick = ThreadLocalRandom.current().nextInt(below + above);
        return pick < below ? LOWEST + pick : ephemeral[1] + 1 + (pick - below);
    }

    static int[] ephemeralRange() {
        try {
            String[] bounds = Files.readString(LINUX_EPHEMERAL_RANGE).trim().split("\\s+");
            return new int[] {Integer.parseInt(bounds[0]), Integer.parseInt(bounds[1])};
        } catch (IOException | RuntimeException notLinux) {
            // Not Linux, or not readable: the IANA range is what other systems use.
        }
        return new int[] {IANA_EPHEMERAL_LOW, HIGHEST};
    }

    private static void closeQuietly(ServerSocket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // It was never bound.
            }
        }
    }
}
