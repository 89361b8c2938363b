package io.cairnmq.engine.net;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FreePortsTest {

    @Test
    void portsAreDistinctBindableAndOutsideTheEphemeralRange() throws IOException {
        int[] range = FreePorts.ephemeralRange();
        int[] ports = FreePorts.take("127.0.0.1", 20);

        assertEquals(20, Arrays.stream(ports).distinct().count(), Arrays.toString(ports));
        for (int port : ports) {
            assertTrue(port >= 1024 && port <= 65535, "port " + port);
            assertFalse(port >= range[0] && port <= range[1],
                    "port " + port + " lies in the ephemeral range " + range[0] + "-" + range[1]
                            + ", where outgoing connections take their local ports");
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress("127.0.0.1", port));
            }
        }
    }

    @Test
    void aPortAListenerHoldsIsNotGivenOut() throws IOException {
        int held = FreePorts.take("127.0.0.1");
        try (ServerSocket listener = new ServerSocket()) {
            listener.bind(new InetSocketAddress("127.0.0.1", held));
            for (int i = 0; i < 200; i++) {
                assertTrue(FreePorts.take("127.0.0.1") != held);
            }
        }
    }
}
