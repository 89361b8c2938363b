package io.cairnmq.engine.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

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
    /** Consumers whose commit acknowledges only the deliveries named, not all they handed out. */
    private final Map<EngineConsumer, List<Delivery>> only = new IdentityHashMap<>();

    public void send(EngineProducer producer, DestinationName destination, MessageRecord message) {
        sends.add(new Send(producer, destination, message));
    }

    /** The consumer's handed-out deliveries are acknowledged by the commit. */
    public void acknowledge(EngineConsumer consumer) {
        if (!consumers.contains(consumer)) {
            consumers.add(consumer);
        }
    }

    /**
     * The commit acknowledges exactly these deliveries of the consumer (by shard and sequence),
     * which it handed out: a front end acts for a remote consumer whose other hand-outs are still
     * in its client's buffer, not yet the application's.
     */
    public void acknowledge(EngineConsumer consumer, Collection<Delivery> deliveries) {
        acknowledge(consumer);
        only.computeIfAbsent(consumer, c -> new ArrayList<>()).addAll(deliveries);
    }

    /** The deliveries the commit acknowledges for this consumer, or null for all it handed out. */
    public List<Delivery> acknowledgedOf(EngineConsumer consumer) {
        List<Delivery> named = only.get(consumer);
        return named == null ? null : List.copyOf(named);
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
