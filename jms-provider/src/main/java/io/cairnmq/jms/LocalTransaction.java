package io.cairnmq.jms;

import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.EngineProducer;
import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.api.TransactionWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The sends of a transacted session, held until {@code commit}, which hands them to the engine
 * with the session's consumers as one {@link TransactionWork}: the engine applies it all or
 * nothing. A producer closed before the transaction ends keeps its sends in it (section 6.2.8),
 * so its engine producer closes only when the transaction does.
 */
final class LocalTransaction {

    private static final Logger LOG = LoggerFactory.getLogger(LocalTransaction.class);

    private TransactionWork work = new TransactionWork();
    private final List<EngineProducer> closeAtEnd = new ArrayList<>();

    synchronized void add(EngineProducer producer, DestinationName destination, MessageRecord message) {
        work.send(producer, destination, message);
    }

    /** A producer closed by the application: it goes when the transaction ends. */
    synchronized void closeAtEnd(EngineProducer producer) {
        closeAtEnd.add(producer);
    }

    /** The work of the transaction so far, for its commit; the next transaction starts empty. */
    synchronized TransactionWork take() {
        TransactionWork taken = work;
        work = new TransactionWork();
        return taken;
    }

    /** The transaction ended (committed or rolled back): its sends are gone, its closed producers too. */
    synchronized void end() {
        work = new TransactionWork();
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
