package io.cairnmq.ra.inbound;

/**
 * An activation's settings, validated: the broker and the credentials, what to consume, how
 * many sessions deliver at once, and the pause between attempts to reach the broker.
 */
public record ActivationSettings(String url, String userName, String password, String destination, boolean topic,
                                 String selector, boolean durable, boolean shared, String subscriptionName,
                                 String clientId, int sessions, long reconnectIntervalMillis, String description) {
}
