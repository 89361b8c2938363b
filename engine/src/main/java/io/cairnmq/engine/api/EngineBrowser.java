package io.cairnmq.engine.api;

/**
 * Walks a queue's messages in delivery order (shard by shard) without consuming them. It
 * fetches a page at a time from the members that hold them, so a deep queue is never loaded
 * whole; what it shows is the queue as each page was read, not one snapshot. Used by one thread
 * at a time.
 */
public interface EngineBrowser {

    /**
     * The next message, or null when there are no more.
     *
     * @throws EngineClosedException when the connection failed or was closed
     */
    Delivery next();
}
