package io.cairnmq.ra.inbound;

/**
 * An activation's settings, validated: the broker and the credentials, what to consume, how
 * many sessions deliver at once, the pause between attempts to reach the broker, and how many
 * times a message is delivered before it goes to the dead-letter queue (0: no limit; an empty
 * queue name: dropped).
 */
public record ActivationSettings(String url, String userName, String password, String destination, boolean topic,
                                 String selector, boolean durable, boolean shared, String subscriptionName,
                                 String clientId, int sessions, long reconnectIntervalMillis,
                                 int maxDeliveryAttempts, String deadLetterQueue, String description) {
}
