package io.cairnmq.engine.api;

import java.util.ArrayList;
import java.util.List;

/**
 * The work of one local transaction, gathered by its session until the commit: the messages it
 * sends, in send order, and the consumers whose deliveries it acknowledges (everything they
 * handed out and nobody settled). {@link EngineConnection#commit} applies it all together or not
 * at all. Not thread-safe: a session gathers it on one thread at a time.
 */
public final class TransactionWork {

    /** One message a producer of the transaction sent. */
    public record Send(EngineProducer producer, DestinationName destination, MessageRecord message) {
    }

    private final List<Send> sends = new ArrayList<>();
    private final List<EngineConsumer> consumers = new ArrayList<>();

    public void send(EngineProducer producer, DestinationName destination, MessageRecord message) {
        sends.add(new Send(producer, destination, message));
    }

    /** The consumer's handed-out deliveries are acknowledged by the commit. */
    public void acknowledge(EngineConsumer consumer) {
        if (!consumers.contains(consumer)) {
            consumers.add(consumer);
        }
    }

    public List<Send> sends() {
        return List.copyOf(sends);
    }

    public List<EngineConsumer> consumers() {
        return List.copyOf(consumers);
    }

    public boolean isEmpty() {
        return sends.isEmpty() && consumers.isEmpty();
    }
}
