package io.cairnmq.engine.hz.member;

/**
 * What another member asks of the part that keeps this member's journal in step with the shards
 * it holds: to wait until every shard it received is copied in, since the asker may be the
 * member it copies from.
 */
public interface ReplicaAdoption {

    /**
     * Waits until this member has copied every shard it received into its journal, at most
     * {@code millis}.
     *
     * @return whether it finished in time
     */
    boolean awaitAdopted(long millis) throws InterruptedException;
}
