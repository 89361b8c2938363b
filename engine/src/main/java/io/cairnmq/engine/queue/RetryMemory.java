package io.cairnmq.engine.queue;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a shard remembers of the requests it applied, so that a request Hazelcast runs again
 * (invocations are at-least-once) is recognised and answered as the first time: the last batch
 * number of each producer, and what each lease token was granted. Both are bounded: the oldest
 * entries are forgotten first. Not thread-safe, like its shard.
 */
final class RetryMemory {

    /** Lease tokens remembered for replaying a retried lease request. */
    static final int REMEMBERED_GRANTS = 256;
    /** Producers whose last batch number is remembered for de-duplication. */
    static final int REMEMBERED_PRODUCERS = 65_536;

    final Map<String, long[]> grants = new BoundedMap<>(REMEMBERED_GRANTS);
    final Map<String, Long> lastBatchByProducer = new BoundedMap<>(REMEMBERED_PRODUCERS);

    /** Whether a producer's batch was applied already (a retry). */
    boolean isApplied(String producerId, long batchNumber) {
        Long last = lastBatchByProducer.get(producerId);
        return last != null && last >= batchNumber;
    }

    void recordBatch(String producerId, long batchNumber) {
        lastBatchByProducer.put(producerId, batchNumber);
    }

    /** The sequences a lease request with this token was granted; null when it is not remembered. */
    long[] granted(String token) {
        return grants.get(token);
    }

    void recordGrant(String token, long[] sequences) {
        grants.put(token, sequences);
    }

    /** Insertion-ordered map that forgets its eldest entry past a bound. */
    static final class BoundedMap<K, V> extends LinkedHashMap<K, V> {
        private final int bound;

        BoundedMap(int bound) {
            this.bound = bound;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > bound;
        }
    }
}
