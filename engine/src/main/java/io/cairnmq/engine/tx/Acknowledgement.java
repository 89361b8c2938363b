package io.cairnmq.engine.tx;

import io.cairnmq.engine.queue.Holder;

/**
 * Messages a transaction acknowledges in one queue: sequences its consumer holds there.
 *
 * @param subscription the topic subscription whose queue it is; null for a queue shard
 * @param consumer     the consumer they are leased to
 * @param sequences    their sequences
 */
public record Acknowledgement(String subscription, Holder consumer, long[] sequences) {
}
