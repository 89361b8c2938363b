package io.cairnmq.engine.api;

/**
 * Sends messages. A producer sticks to one shard of each destination (or, for a message with
 * a group id, to the group's shard), so the order in which it sends is the order consumers
 * see. Used by one thread at a time.
 */
public interface EngineProducer extends AutoCloseable {

    /**
     * Sends one message. A persistent message is stored (in memory on its shard's owner and
     * its synchronous backups) when this returns. A non-persistent message may still be on
     * its way: the producer keeps at most one batch in flight per shard and sends the rest as
     * the next batch, blocking only when its send window is full. A failure of such a batch is
     * thrown by the next {@code send}, {@link #flush()} or {@link #close()}.
     *
     * @throws InvalidDestinationNameException for a destination name the engine cannot store
     * @throws ResourceLimitException when the message is larger than the broker accepts
     */
    void send(DestinationName destination, MessageRecord message);

    /**
     * Sends messages in one go, persistent or not, pipelined like non-persistent sends, and
     * returns once all of them are stored (a transaction's commit).
     */
    void sendAll(DestinationName destination, java.util.List<MessageRecord> messages);

    /** Waits until every message sent so far is stored, and throws the first failure if any. */
    void flush();

    /** Flushes, then releases the producer. Idempotent. */
    @Override
    void close();
}
