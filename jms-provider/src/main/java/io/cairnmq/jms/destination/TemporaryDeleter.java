package io.cairnmq.jms.destination;

import jakarta.jms.JMSException;

/** Deletes a temporary destination through the connection that created it. */
@FunctionalInterface
public interface TemporaryDeleter {

    void delete(CairnDestination destination) throws JMSException;
}
