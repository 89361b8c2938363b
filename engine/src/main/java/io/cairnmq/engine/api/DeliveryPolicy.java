package io.cairnmq.engine.api;

/**
 * What a destination does with a message whose delivery failed, or that expired: how long it
 * is held back before it is delivered again, how many deliveries it gets, and where it goes
 * when it has had them all or when it expires; and, for a queue, whether it delivers to one
 * consumer at a time and whether it keeps only the newest message per value of a property. A
 * topic's policy holds for each of its subscriptions (the last two are for queues only).
 *
 * @param redeliveryDelayMillis    how long a message put back after a failed delivery (a
 *                                 rollback, {@code recover()}, a failing listener, a consumer
 *                                 or connection closed with it unacknowledged) is held back on
 *                                 its shard before it is delivered again; other messages flow
 *                                 meanwhile. 0: at once
 * @param redeliveryMultiplier     each further failed delivery multiplies the delay by this
 * @param maxRedeliveryDelayMillis the delay grows no further than this
 * @param maxDeliveryAttempts      deliveries a message gets at most; once that many have failed
 *                                 it is moved to {@code deadLetterQueue}. 0: no limit
 * @param deadLetterQueue          the queue for messages out of attempts; null drops them with a
 *                                 log line
 * @param expiryQueue              the queue expired messages are moved to; null drops them
 * @param exclusive                the queue delivers to one consumer at a time (each shard to one):
 *                                 the first to ask, until it closes or its connection or member
 *                                 goes; then the next
 * @param lastValueProperty        the queue keeps only the newest waiting message per value of this
 *                                 property (a last-value queue); null for every message
 */
public record DeliveryPolicy(long redeliveryDelayMillis, double redeliveryMultiplier, long maxRedeliveryDelayMillis,
                             int maxDeliveryAttempts, String deadLetterQueue, String expiryQueue, boolean exclusive,
                             String lastValueProperty) {

    /** A policy for every kind of destination: not exclusive, every message kept. */
    public DeliveryPolicy(long redeliveryDelayMillis, double redeliveryMultiplier, long maxRedeliveryDelayMillis,
                          int maxDeliveryAttempts, String deadLetterQueue, String expiryQueue) {
        this(redeliveryDelayMillis, redeliveryMultiplier, maxRedeliveryDelayMillis, maxDeliveryAttempts,
                deadLetterQueue, expiryQueue, false, null);
    }

    /** Where a message that ran out of attempts goes unless configured otherwise (as in Artemis' sample configuration). */
    public static final String DEFAULT_DEAD_LETTER_QUEUE = "DLQ";
    /** Deliveries a message gets unless configured otherwise (Artemis' {@code max-delivery-attempts} default). */
    public static final int DEFAULT_MAX_DELIVERY_ATTEMPTS = 10;

    public static final DeliveryPolicy DEFAULT = new DeliveryPolicy(0, 1.0, 0, DEFAULT_MAX_DELIVERY_ATTEMPTS,
            DEFAULT_DEAD_LETTER_QUEUE, null);

    /** Holds nothing back and moves nothing: every message stays until it is acknowledged or expires. */
    public static final DeliveryPolicy KEEP = new DeliveryPolicy(0, 1.0, 0, 0, null, null);

    public DeliveryPolicy {
        if (redeliveryDelayMillis < 0 || maxRedeliveryDelayMillis < 0 || maxDeliveryAttempts < 0) {
            throw new IllegalArgumentException("delays and attempts must not be negative");
        }
        if (!(redeliveryMultiplier >= 1.0) || Double.isInfinite(redeliveryMultiplier)) {
            throw new IllegalArgumentException("the redelivery multiplier must be a number of at least 1, was "
                    + redeliveryMultiplier);
        }
    }

    /**
     * How long a message is held back after its {@code failedDeliveries}-th failed delivery
     * (1 for the first): the delay, multiplied for each failure after the first, at most the
     * maximum.
     */
    public long holdMillis(int failedDeliveries) {
        if (redeliveryDelayMillis == 0 || failedDeliveries < 1) {
            return 0;
        }
        double delay = redeliveryDelayMillis * Math.pow(redeliveryMultiplier, failedDeliveries - 1.0);
        return (long) Math.min(delay, Math.max(redeliveryDelayMillis, maxRedeliveryDelayMillis));
    }

    /** Whether a message whose deliveries failed this many times has had all it gets. */
    public boolean exhausted(int failedDeliveries) {
        return maxDeliveryAttempts > 0 && failedDeliveries >= maxDeliveryAttempts;
    }

    /** Whether expired messages are moved rather than dropped. */
    public boolean movesExpired() {
        return expiryQueue != null;
    }
}
