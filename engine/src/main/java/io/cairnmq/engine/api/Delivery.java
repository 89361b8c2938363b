package io.cairnmq.engine.api;

/**
 * A message handed to a consumer, with what the engine knows of its delivery history. The
 * shard and sequence identify the lease, so that the consumer can acknowledge or release it.
 *
 * @param message       the stored message
 * @param deliveryCount how many times it has been delivered, this time included (1 the first time)
 * @param shard         index of the shard it came from
 * @param sequence      its sequence number within that shard
 */
public record Delivery(MessageRecord message, int deliveryCount, int shard, long sequence) {

    /** Whether the message may have been delivered before (its delivery count is above 1). */
    public boolean redelivered() {
        return deliveryCount > 1;
    }
}
