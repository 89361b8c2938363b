package io.cairnmq.engine.topic;

/** Where a published batch comes from, for {@code noLocal} subscriptions. */
public record Origin(String connectionId, String clientId) {
}
