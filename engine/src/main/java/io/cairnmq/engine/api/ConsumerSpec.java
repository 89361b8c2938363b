package io.cairnmq.engine.api;

import java.util.Objects;

/**
 * What a consumer is opened on.
 *
 * @param destination where it consumes from
 * @param prefetch    how many messages it may hold leased ahead of its caller (at least 1)
 * @param lazyAcks    acknowledgements may wait and travel in batches with later requests (a
 *                    member crash can then redeliver several acknowledged messages); false
 *                    sends each acknowledgement as it is made, without waiting for it
 */
public record ConsumerSpec(DestinationName destination, int prefetch, boolean lazyAcks) {

    /** Prefetch used when the caller does not choose one. */
    public static final int DEFAULT_PREFETCH = 512;

    public ConsumerSpec {
        Objects.requireNonNull(destination, "destination");
        if (prefetch < 1) {
            throw new IllegalArgumentException("prefetch must be at least 1, was " + prefetch);
        }
    }

    public ConsumerSpec(DestinationName destination, int prefetch) {
        this(destination, prefetch, true);
    }

    public static ConsumerSpec of(DestinationName destination) {
        return new ConsumerSpec(destination, DEFAULT_PREFETCH);
    }
}
