package io.cairnmq.jms.destination;

import jakarta.jms.JMSException;
import jakarta.jms.TemporaryQueue;

/**
 * A temporary queue: lives until deleted or until the connection that created it closes; only
 * that connection may consume from it. A copy that arrived in a message (as
 * {@code JMSReplyTo}) can be sent to but not deleted.
 */
public class CairnTemporaryQueue extends CairnQueue implements TemporaryQueue {

    private static final long serialVersionUID = 1L;

    private final transient TemporaryDeleter owner;

    public CairnTemporaryQueue(String name, TemporaryDeleter owner) {
        super(name);
        this.owner = owner;
    }

    @Override
    public void delete() throws JMSException {
        TemporaryDeleter.deleteThrough(owner, this);
    }
}
