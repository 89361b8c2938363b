package io.cairnmq.tck.durability;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A backlog several times the heap: the embedded broker in a JVM with a 64 MiB heap takes 200
 * MiB of messages with no consumer, then gives them all back in order, without running out of
 * memory (the child JVM exits on an OutOfMemoryError, which fails the test).
 */
@Timeout(300)
class BoundedMemoryTest {

    @TempDir
    Path dataDir;

    @Test
    @DisplayName("200 MiB through a queue in a 64 MiB heap, drained in order")
    void backlogLargerThanTheHeap() throws Exception {
        List<String> lines;
        try (ChildJvm broker = ChildJvm.withHeap("64m", "vm://bounded?dataDir=" + dataDir, "backlog", "20000",
                "10240")) {
            lines = broker.runToEnd();
        }
        assertTrue(lines.contains("DRAINED 20000 IN ORDER"), String.join("\n", lines));
    }
}
