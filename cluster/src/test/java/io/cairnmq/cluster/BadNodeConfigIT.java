package io.cairnmq.cluster;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A node process given a bad node.properties exits at once, non-zero, saying what is wrong on stderr. */
@Timeout(60)
class BadNodeConfigIT {

    private static final Duration EXIT = Duration.ofSeconds(30);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private NodeProcess node;

    @AfterEach
    void stopTheNode() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void anUnknownKeyStopsTheNodeListingTheKnownKeys() throws Exception {
        node = NodeProcess.launch(dir, Map.of("name", "bad", "colour", "blue"));

        assertEquals(NodeMain.EXIT_NOT_STARTED, node.awaitExit(EXIT), node::report);
        assertTrue(node.stderr().contains("CairnMQ node did not start: The node configuration node.properties:"
                + " Unknown option(s) [colour]; known options are ["), node::report);
        assertTrue(node.stderr().contains("leaveTimeoutSeconds"), node::report);
    }

    @Test
    void aMissingKeyStoreStopsTheNodeNamingTheFile() throws Exception {
        node = NodeProcess.launch(dir, Map.of("name", "bad", "ssl.keyStore", "missing.p12",
                "ssl.keyStorePassword", "secret"));

        assertEquals(NodeMain.EXIT_NOT_STARTED, node.awaitExit(EXIT), node::report);
        assertTrue(node.stderr().contains("ssl.keyStore=missing.p12: no such file"), node::report);
    }
}
