package io.cairnmq.jms;

import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.EngineProducer;
import io.cairnmq.engine.api.MessageRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sends of a transacted session, held until {@code commit}. Received messages need no list
 * here: the engine consumers hold them as handed out until they are acknowledged or recovered.
 * A producer closed before the transaction ends keeps its sends in it (section 6.2.8), so its
 * engine producer closes only when the transaction does.
 */
final class LocalTransaction {

    private static final Logger LOG = LoggerFactory.getLogger(LocalTransaction.class);

    private final Map<EngineProducer, Map<DestinationName, List<MessageRecord>>> sends = new LinkedHashMap<>();
    private final List<EngineProducer> closeAtEnd = new ArrayList<>();

    synchronized void add(EngineProducer producer, DestinationName destination, MessageRecord message) {
        sends.computeIfAbsent(producer, p -> new LinkedHashMap<>())
                .computeIfAbsent(destination, d -> new ArrayList<>())
                .add(message);
    }

    /** A producer closed by the application: it goes when the transaction ends. */
    synchronized void closeAtEnd(EngineProducer producer) {
        closeAtEnd.add(producer);
    }

    /** Stores every send, each producer's to each destination in its order; then forgets them. */
    synchronized void sendAll() {
        try {
            sends.forEach((producer, byDestination) -> byDestination.forEach(producer::sendAll));
        } finally {
            sends.clear();
            closeProducers();
        }
    }

    synchronized void discard() {
        sends.clear();
        closeProducers();
    }

    /**
     * Their sends are stored or dropped by now, so a failure to close one changes no outcome:
     * it is logged, not thrown at the commit or rollback that succeeded.
     */
    private void closeProducers() {
        for (EngineProducer producer : closeAtEnd) {
            try {
                producer.close();
            } catch (RuntimeException e) {
                LOG.warn("A producer closed inside a transaction could not be released after it", e);
            }
        }
        closeAtEnd.clear();
    }
}
