package io.cairnmq.engine.queue;

import java.util.List;

/**
 * Messages handed off to a waiting consumer, for the caller to put in that consumer's buffer.
 *
 * @param stillWaiting the consumer stays registered as a waiter (it had room left)
 */
public record HandedOff(Holder holder, List<StoredMessage> messages, boolean stillWaiting) {
}
