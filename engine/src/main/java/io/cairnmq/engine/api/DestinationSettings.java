package io.cairnmq.engine.api;

/**
 * Settings a destination keeps for its life.
 *
 * @param shards how many shards the queue is split into: 1 gives strict FIFO order over all
 *               producers; more spread the load over members while each producer (and each
 *               message group) keeps its own order on its own shard
 */
public record DestinationSettings(int shards) {

    /** Most shards a destination may have. */
    public static final int MAX_SHARDS = 64;

    public static final DestinationSettings STRICT_ORDER = new DestinationSettings(1);

    public DestinationSettings {
        if (shards < 1 || shards > MAX_SHARDS) {
            throw new IllegalArgumentException("shards must be between 1 and " + MAX_SHARDS + ", was " + shards);
        }
    }

    public static DestinationSettings sharded(int shards) {
        return new DestinationSettings(shards);
    }
}
