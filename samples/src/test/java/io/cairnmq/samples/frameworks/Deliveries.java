package io.cairnmq.samples.frameworks;

import jakarta.jms.ExceptionListener;
import jakarta.jms.JMSException;
import jakarta.jms.Message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What a listener received, by the sequence number each message carries: a second delivery of
 * a number is a duplicate. It is also the exception listener of the container that delivers, so
 * a failure the container only logs (a commit that failed, a consumer it had to recreate) ends
 * the wait at once with that failure as its cause.
 */
final class Deliveries implements ExceptionListener {

    private final Set<Integer> seen = ConcurrentHashMap.newKeySet();
    private final Queue<String> duplicates = new ConcurrentLinkedQueue<>();
    private final Queue<JMSException> failures = new ConcurrentLinkedQueue<>();

    void record(Message message) throws JMSException {
        int seq = message.getIntProperty(EmbeddedTestBroker.SEQUENCE);
        if (!seen.add(seq)) {
            duplicates.add(seq + (message.getJMSRedelivered() ? " (JMSRedelivered)" : " (not marked redelivered)"));
        }
    }

    int count() {
        return seen.size();
    }

    @Override
    public void onException(JMSException failure) {
        failures.add(failure);
    }

    /**
     * Waits until messages 0 to {@code expected - 1} have all arrived, then checks that none came
     * twice; the failure names the numbers still missing.
     */
    void awaitExactlyOnce(int expected, Duration atMost) {
        await().atMost(atMost)
                .failFast("the listener container reported a failure", this::assertNoFailure)
                .untilAsserted(() -> assertEquals(expected, count(),
                        () -> "messages received; missing " + missing(expected) + ", duplicates " + duplicates));
        assertNoDuplicate();
        assertNoFailure();
    }

    void assertNoDuplicate() {
        assertEquals(List.of(), List.copyOf(duplicates), "messages received more than once");
    }

    void assertNoFailure() {
        JMSException first = failures.peek();
        if (first != null) {
            throw new AssertionError(failures.size() + " failure(s), the first: " + first, first);
        }
    }

    /** The first few numbers below {@code expected} not received yet. */
    private List<Integer> missing(int expected) {
        List<Integer> missing = new ArrayList<>();
        for (int seq = 0; seq < expected && missing.size() < 20; seq++) {
            if (!seen.contains(seq)) {
                missing.add(seq);
            }
        }
        return missing;
    }
}
