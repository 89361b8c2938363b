package io.cairnmq.engine.queue;

import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.MessageRecord;

/**
 * A message in a shard: its sequence number there and how many deliveries of it have ended
 * without an acknowledgement.
 */
public record StoredMessage(long sequence, MessageRecord message, int failedDeliveries) {

    StoredMessage redelivered() {
        return new StoredMessage(sequence, message, failedDeliveries + 1);
    }

    public Delivery toDelivery(int shard) {
        return new Delivery(message, failedDeliveries + 1, shard, sequence);
    }
}
