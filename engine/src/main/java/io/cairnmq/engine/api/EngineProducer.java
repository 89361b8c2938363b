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

    /**
     * Sends a message under a number the caller gives, and returns once it is stored (and as
     * durable as the write policy promises, for a persistent message), after everything this
     * producer sent before it. For a producer opened with an identity
     * ({@link EngineConnection#openProducer(String)}): a shard that stored a message of that
     * identity under this number, or a higher one, stores nothing and answers as the first time,
     * so a send whose answer was lost can be made again, through any connection, and is stored
     * once. Numbers of one identity must increase from send to send.
     *
     * @throws IllegalArgumentException when the number is not above the last one this producer used
     */
    void sendNumbered(DestinationName destination, MessageRecord message, long number);

    /** Waits until every message sent so far is stored, and throws the first failure if any. */
    void flush();

    /** Flushes, then releases the producer. Idempotent. */
    @Override
    void close();
}
