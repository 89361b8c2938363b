package io.cairnmq.engine.api;

/**
 * Message counts of one destination at one moment.
 *
 * @param ready  messages waiting to be leased
 * @param leased messages leased to consumers and not yet acknowledged
 */
public record DestinationStats(long ready, long leased) {

    /** Every message the destination holds: ready plus leased. */
    public long depth() {
        return ready + leased;
    }
}
