package io.cairnmq.engine.api;

/**
 * How much a destination holds at most, and what happens at the limit.
 *
 * @param maxMessages     messages it holds at most (waiting and delivered but unacknowledged)
 * @param maxBytes        bytes of messages it holds at most
 * @param maxMessageBytes the largest message it accepts
 * @param policy          what a send that would pass a limit does
 * @param blockMillis     with {@link LimitPolicy#BLOCK}: how long a producer waits for room
 */
public record DestinationLimits(long maxMessages, long maxBytes, int maxMessageBytes, LimitPolicy policy,
                                long blockMillis) {

    /** No limit but the message size; what does not fit in memory spills to disk. */
    public static DestinationLimits unlimited(int maxMessageBytes) {
        return new DestinationLimits(Long.MAX_VALUE, Long.MAX_VALUE, maxMessageBytes, LimitPolicy.SPILL, 0);
    }

    /** Whether sends are refused (or held) past the message and byte limits. */
    public boolean enforced() {
        return policy != LimitPolicy.SPILL && (maxMessages != Long.MAX_VALUE || maxBytes != Long.MAX_VALUE);
    }
}
