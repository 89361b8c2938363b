package io.cairnmq.engine.queue;

/**
 * Who holds a lease or waits for a wake-up: a consumer, its connection and the member the
 * connection lives on. When the member or the connection dies, what it held is released.
 */
public record Holder(String memberId, String connectionId, String consumerId) {
}
