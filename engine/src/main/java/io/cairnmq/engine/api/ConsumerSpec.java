package io.cairnmq.engine.api;

import java.util.Objects;

/**
 * What a consumer is opened on.
 *
 * @param destination  where it consumes from: a queue, or a topic through {@code subscription}
 * @param prefetch     how many messages it may hold leased ahead of its caller (at least 1)
 * @param acknowledgements when its acknowledgements travel: each as it is made, or in batches
 * @param selector     JMS message selector, or null for every message; evaluated on the
 *                     members that hold the messages
 * @param subscription for a topic: the subscription it consumes from (null means a private
 *                     non-durable one); must be null for a queue
 */
public record ConsumerSpec(DestinationName destination, int prefetch, Acknowledgements acknowledgements,
                           String selector, SubscriptionSpec subscription) {

    /** Prefetch used when the caller does not choose one. */
    public static final int DEFAULT_PREFETCH = 512;

    public ConsumerSpec {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(acknowledgements, "acknowledgements");
        if (prefetch < 1) {
            throw new IllegalArgumentException("prefetch must be at least 1, was " + prefetch);
        }
        if (selector != null && selector.isBlank()) {
            selector = null;
        }
        if (destination.kind() == DestinationKind.TOPIC && subscription == null) {
            subscription = SubscriptionSpec.nonDurable(false);
        }
        if (destination.kind() == DestinationKind.QUEUE && subscription != null) {
            throw new IllegalArgumentException("a queue consumer has no subscription: " + destination);
        }
    }

    public ConsumerSpec(DestinationName destination, int prefetch, Acknowledgements acknowledgements) {
        this(destination, prefetch, acknowledgements, null, null);
    }

    public ConsumerSpec(DestinationName destination, int prefetch) {
        this(destination, prefetch, Acknowledgements.LAZY);
    }

    public static ConsumerSpec of(DestinationName destination) {
        return new ConsumerSpec(destination, DEFAULT_PREFETCH);
    }

    /** This spec with a message selector. */
    public ConsumerSpec withSelector(String messageSelector) {
        return new ConsumerSpec(destination, prefetch, acknowledgements, messageSelector, subscription);
    }
}
