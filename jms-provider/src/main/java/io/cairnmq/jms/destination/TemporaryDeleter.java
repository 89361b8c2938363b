package io.cairnmq.jms.destination;

import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;

/** Deletes a temporary destination through the connection that created it. */
@FunctionalInterface
public interface TemporaryDeleter {

    void delete(CairnDestination destination) throws JMSException;

    /**
     * Deletes {@code destination} through {@code owner}; a copy that arrived in a message has no
     * owner and cannot be deleted.
     */
    static void deleteThrough(TemporaryDeleter owner, CairnDestination destination) throws JMSException {
        if (owner == null) {
            throw new IllegalStateException("Only the connection that created " + destination + " can delete it");
        }
        owner.delete(destination);
    }
}
