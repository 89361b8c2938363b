package io.cairnmq.engine.api;

/**
 * Receives messages from one destination. Messages are leased from the shards ahead of demand
 * and held in a local buffer; a delivery stays leased to this consumer until it is
 * acknowledged or released. An idle consumer waits for a wake-up from the shard, it does not
 * poll. Thread-safe.
 */
public interface EngineConsumer extends AutoCloseable {

    /**
     * Takes the next delivery from the buffer.
     *
     * @param timeoutMillis how long to wait: 0 returns at once, a negative value waits
     *                      until a message arrives or the consumer is closed
     * @param acknowledge   acknowledge the delivery as it is handed out (lazily, as
     *                      {@link #acknowledge(Delivery)}), so that the acknowledgement can ride
     *                      on the lease request this receive may trigger
     * @return the next delivery, or {@code null} on time-out, when the consumer was closed or
     *         paused (possibly by another thread while this one waited), or when the calling
     *         thread is interrupted (its interrupt status stays set)
     * @throws EngineClosedException when the connection failed (its member shut down)
     */
    Delivery receive(long timeoutMillis, boolean acknowledge);

    /**
     * Takes the next buffered delivery, handed out unacknowledged as {@code receive(0, false)}
     * does, but never fetches on the calling thread: with nothing buffered it returns null at
     * once and leases asynchronously, and the available-callback tells when deliveries came. For
     * a caller that must not block, such as a network front end pushing to a remote consumer.
     */
    default Delivery poll() {
        return receive(0, false);
    }

    /**
     * Holds or resumes hand-outs. While held, {@link #receive} hands out nothing: a receiver
     * already waiting goes on waiting (its time-out running on) and the available-callback is
     * not called; leasing ahead of demand goes on. When this returns with {@code held} true, no
     * receive hands out a delivery until it is called with false, which wakes the waiting
     * receivers and calls the available-callback if deliveries are buffered.
     */
    void hold(boolean held);

    /**
     * Takes back a delivery that {@link #receive(long, boolean) receive(…, false)} handed out
     * and that is neither acknowledged nor released: it is the next delivery handed out again.
     *
     * @param redelivery COUNTED to count the hand-out as a delivery (it comes again marked
     *                   redelivered, its count one higher: a listener that threw); NOT_COUNTED as
     *                   if the receive had not happened (a body that could not be returned)
     */
    void handBack(Delivery delivery, Redelivery redelivery);

    /**
     * Registers a callback run (on an engine thread, which it must not block) whenever the
     * buffer goes from empty to not empty, so that a listener-driven caller can come and
     * {@link #receive(long, boolean) receive(0, …)}. {@code null} removes it.
     */
    void onAvailable(Runnable callback);

    /**
     * Acknowledges a delivery lazily: the acknowledgement rides on the next lease request to
     * the delivery's shard, or is sent when enough have gathered or the consumer goes idle.
     * Until then, a crash of this member redelivers the message.
     */
    void acknowledge(Delivery delivery);

    /** Sends every pending acknowledgement and waits until the shards have applied them. */
    void flushAcknowledgements();

    /**
     * Acknowledges every delivery handed out and not yet acknowledged or released, and waits
     * until the shards have applied it (CLIENT_ACKNOWLEDGE's {@code acknowledge}, a commit).
     */
    void acknowledgeAll();

    /**
     * Starts again from the oldest unacknowledged message: every delivery handed out and not
     * acknowledged goes back marked redelivered, and the buffered ones go back unchanged, so
     * that all of them come again in their original order ({@code recover}, a rollback).
     */
    void recover();

    /**
     * Puts a delivered message back on its queue at its original position, marked
     * redelivered and with its delivery count increased, for any consumer to take.
     */
    void release(Delivery delivery);

    /**
     * Stops leasing for good and gives back, unchanged, what is buffered and not handed out; a
     * receiver waiting returns {@code null}, and on a topic the consumer leaves its subscription
     * (which no longer counts it as active). What was handed out stays with this consumer until
     * {@link #acknowledgeAll()}, {@link #recover()} or {@link #close()}: a JMS consumer closed
     * inside a transaction (or in CLIENT_ACKNOWLEDGE) keeps its messages part of it.
     */
    void pause();

    /**
     * Closes the consumer: pending acknowledgements are sent, buffered messages that were
     * never handed out go back unchanged (not counted as a delivery). A thread waiting in
     * {@link #receive(long, boolean)} returns {@code null}. Idempotent.
     */
    @Override
    void close();
}
