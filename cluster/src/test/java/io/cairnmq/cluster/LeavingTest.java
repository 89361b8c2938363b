package io.cairnmq.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How stop requests end a node process: exit after a graceful leave, halt otherwise. */
@Timeout(30)
class LeavingTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final CompletableFuture<Integer> exited = new CompletableFuture<>();
    private final CompletableFuture<Integer> halted = new CompletableFuture<>();
    /** Holds the leave until the test lets it finish. */
    private final CountDownLatch leaveMayEnd = new CountDownLatch(1);
    private final CountDownLatch leaveStarted = new CountDownLatch(1);

    @Test
    void aStopRequestLeavesThenExitsZero() throws Exception {
        Leaving leaving = leaving(() -> { }, Duration.ofSeconds(10));

        leaving.request("SIGTERM");

        assertEquals(Leaving.EXIT_LEFT, exited.get(10, TimeUnit.SECONDS));
        assertFalse(halted.isDone());
        assertTrue(printed().contains("LEAVING CairnMQ node n1 (SIGTERM)"), printed());
        assertTrue(printed().endsWith("STOPPED CairnMQ node n1\n"), printed());
    }

    @Test
    void aSecondStopRequestWhileLeavingHaltsAtOnce() throws Exception {
        Leaving leaving = leaving(this::slowLeave, Duration.ofSeconds(60));
        leaving.request("SIGTERM");
        assertTrue(leaveStarted.await(10, TimeUnit.SECONDS));

        leaving.request("SIGINT");

        // Without waiting for the leave, which is still held.
        assertEquals(Leaving.EXIT_HALTED, halted.getNow(null));
        assertTrue(printed().contains("HALTED CairnMQ node n1: a second stop request (SIGINT)"), printed());
        leaveMayEnd.countDown();
    }

    @Test
    void aLeaveThatOverrunsItsTimeoutHalts() throws Exception {
        Leaving leaving = leaving(this::slowLeave, Duration.ofMillis(200));

        leaving.request("SIGTERM");

        assertEquals(Leaving.EXIT_HALTED, halted.get(10, TimeUnit.SECONDS));
        assertFalse(exited.isDone());
        assertTrue(printed().contains("did not leave within"), printed());
        leaveMayEnd.countDown();
    }

    @Test
    void aLeaveThatFailsHalts() throws Exception {
        Leaving leaving = leaving(() -> {
            throw new IllegalStateException("journal gone");
        }, Duration.ofSeconds(10));

        leaving.request("SIGTERM");

        assertEquals(Leaving.EXIT_HALTED, halted.get(10, TimeUnit.SECONDS));
        assertTrue(printed().contains("journal gone"), printed());
    }

    private void slowLeave() {
        leaveStarted.countDown();
        try {
            leaveMayEnd.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Leaving leaving(Runnable leave, Duration timeout) {
        return new Leaving("n1", leave, timeout, exited::complete, halted::complete,
                new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }
}
