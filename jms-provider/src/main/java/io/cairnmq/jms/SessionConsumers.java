package io.cairnmq.jms;

import io.cairnmq.engine.api.EngineConsumer;
import io.cairnmq.engine.api.EngineException;
import jakarta.jms.JMSException;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The consumers of a session whose deliveries its commit, rollback, acknowledge or recover
 * settles: the open ones, and the closed ones whose delivered messages still wait for that.
 */
final class SessionConsumers {

    private final Set<CairnMessageConsumer> open = ConcurrentHashMap.newKeySet();
    /** Closed consumers whose delivered messages wait for the next commit, rollback or acknowledge. */
    private final Set<CairnMessageConsumer> retired = ConcurrentHashMap.newKeySet();

    void add(CairnMessageConsumer consumer) {
        open.add(consumer);
    }

    /** A consumer closed for good: nothing it delivered waits to be settled. */
    void forget(CairnMessageConsumer consumer) {
        open.remove(consumer);
    }

    /** A consumer closed in a transacted or CLIENT_ACKNOWLEDGE session waits here to be settled. */
    void retire(CairnMessageConsumer consumer) {
        open.remove(consumer);
        retired.add(consumer);
    }

    /** Every consumer's engine consumer, the retired ones included, for the acknowledgements of a commit. */
    void forEachEngine(Consumer<EngineConsumer> action) {
        open.forEach(c -> action.accept(c.engine()));
        retired.forEach(c -> action.accept(c.engine()));
    }

    /**
     * Applies a commit's acknowledgement or a rollback's recovery to every consumer of the
     * session, the retired ones included; those then leave the session for good.
     */
    void settle(Consumer<EngineConsumer> action) throws JMSException {
        try {
            for (CairnMessageConsumer consumer : open) {
                action.accept(consumer.engine());
            }
            for (CairnMessageConsumer consumer : retired) {
                action.accept(consumer.engine());
                consumer.engine().close();
                retired.remove(consumer);
            }
        } catch (EngineException e) {
            throw JmsErrors.toJms(e);
        }
    }

    /**
     * The session closes: every consumer closes, and the retired ones give back what they
     * delivered. Goes on past a failure and throws the first one at the end.
     */
    void closeAll() throws JMSException {
        JMSException first = null;
        for (CairnMessageConsumer consumer : open) {
            try {
                consumer.close();
            } catch (JMSException e) {
                first = first == null ? e : first;
            }
        }
        // Closing the session rolls back: retired consumers give back what they delivered.
        for (CairnMessageConsumer consumer : retired) {
            try {
                consumer.engine().close();
            } catch (EngineException e) {
                first = first == null ? JmsErrors.toJms(e) : first;
            }
        }
        retired.clear();
        if (first != null) {
            throw first;
        }
    }
}
