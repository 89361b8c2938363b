package io.cairnmq.engine.store;

import io.cairnmq.engine.queue.StoredMessage;

import java.util.List;

/** What the journal held for one queue when the member started: its messages in sequence order. */
public record RecoveredQueue(QueueAddress queue, List<StoredMessage> messages) {
}
