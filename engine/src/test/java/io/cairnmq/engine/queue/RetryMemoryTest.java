package io.cairnmq.engine.queue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class RetryMemoryTest {

    private final RetryMemory memory = new RetryMemory();

    @Test
    void aBatchUpToTheLastAppliedOneIsARetryOfThatProducerOnly() {
        memory.recordBatch("p", 3);
        assertTrue(memory.isApplied("p", 3));
        assertTrue(memory.isApplied("p", 2));
        assertFalse(memory.isApplied("p", 4));
        assertFalse(memory.isApplied("q", 1));
    }

    @Test
    void aGrantIsRememberedByItsToken() {
        memory.recordGrant("t1", new long[] {4, 5});
        assertArrayEquals(new long[] {4, 5}, memory.granted("t1"));
        assertNull(memory.granted("t2"));
    }

    @Test
    void theOldestGrantIsForgottenPastTheBound() {
        for (int i = 0; i <= RetryMemory.REMEMBERED_GRANTS; i++) {
            memory.recordGrant("t" + i, new long[] {i});
        }
        assertNull(memory.granted("t0"));
        assertArrayEquals(new long[] {1}, memory.granted("t1"));
    }
}
