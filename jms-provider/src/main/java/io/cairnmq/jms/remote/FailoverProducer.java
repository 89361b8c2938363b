package io.cairnmq.jms.remote;

import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.EngineClosedException;
import io.cairnmq.engine.api.EngineProducer;
import io.cairnmq.engine.api.EngineUnavailableException;
import io.cairnmq.engine.api.MessageRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A producer that outlives its node. Every persistent send goes under the producer's identity
 * and a number of its own: when the answer is lost with the node, the same send is made again on
 * the node that took over, and a shard that stored it the first time stores nothing the second
 * (numbers increase, so a new send is never mistaken for a repeat). A non-persistent send lost
 * with its node is not repeated, as JMS allows.
 */
final class FailoverProducer implements EngineProducer {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverProducer.class);

    private final FailoverConnection owner;
    private final String identity;
    private final AtomicLong numbers = new AtomicLong();
    private RemoteProducer delegate;
    private RemoteConnection on;

    FailoverProducer(FailoverConnection owner, String identity) {
        this.owner = owner;
        this.identity = identity;
    }

    /** Opens this producer, under its identity, on a connection that takes over. */
    synchronized void reopen(RemoteConnection connection) {
        delegate = connection.openProducer(identity);
        on = connection;
    }

    /** This producer on the given connection, opened there first if needed. */
    synchronized RemoteProducer delegateOn(RemoteConnection connection) {
        if (on != connection) {
            reopen(connection);
        }
        return delegate;
    }

    @Override
    public void send(DestinationName destination, MessageRecord message) {
        long number = message.persistent() ? numbers.incrementAndGet() : 0;
        while (true) {
            RemoteConnection used = owner.current();
            try {
                RemoteProducer producer = delegateOn(used);
                if (number > 0) {
                    producer.sendNumbered(destination, message, number);
                } else {
                    producer.send(destination, message);
                }
                return;
            } catch (EngineClosedException | EngineUnavailableException e) {
                if (!owner.replacedAfter(used, owner.callTimeoutMillis())) {
                    throw e;
                }
                // Sent again on the node that took over: under the same number, stored once.
            }
        }
    }

    @Override
    public void sendNumbered(DestinationName destination, MessageRecord message, long number) {
        while (true) {
            RemoteConnection used = owner.current();
            try {
                delegateOn(used).sendNumbered(destination, message, number);
                return;
            } catch (EngineClosedException | EngineUnavailableException e) {
                if (!owner.replacedAfter(used, owner.callTimeoutMillis())) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void sendAll(DestinationName destination, List<MessageRecord> messages) {
        for (MessageRecord message : messages) {
            send(destination, message);
        }
        flush();
    }

    @Override
    public void flush() {
        RemoteConnection used = owner.current();
        try {
            delegateOn(used).flush();
        } catch (EngineClosedException | EngineUnavailableException e) {
            if (!owner.replacedAfter(used, owner.callTimeoutMillis())) {
                throw e;
            }
            // Persistent sends were each confirmed or made again; non-persistent ones on their way
            // when the node was lost may be lost with it, which JMS allows.
            LOG.warn("Non-persistent messages on their way to the lost node may be lost: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        owner.forget(this);
        RemoteProducer last;
        synchronized (this) {
            last = delegate;
        }
        try {
            last.close();
        } catch (EngineClosedException | EngineUnavailableException e) {
            // Its node is gone, and the node's side went with the connection.
        }
    }
}
