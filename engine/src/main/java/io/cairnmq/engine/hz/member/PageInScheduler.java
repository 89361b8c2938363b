package io.cairnmq.engine.hz.member;

/**
 * What a shard operation on a partition thread asks of its member's page-ins: to bring spilled
 * messages back from the journal. Both calls only note the request and return; the reading
 * happens on a thread of the store's own.
 */
public interface PageInScheduler {

    /** After a change of a queue that has a disk backlog: starts a page-in if the queue runs low. */
    void consider(ShardKey key, String subscription, int residentReady);

    /**
     * A consumer with a selector found nothing it wants in memory while the queue has a disk
     * backlog: scans the backlog for matches and brings them back ahead of the others.
     */
    void findMatches(ShardKey key, String subscription, String selector);
}
