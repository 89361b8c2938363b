package io.cairnmq.jms.destination;

import jakarta.jms.JMSException;
import jakarta.jms.TemporaryTopic;

/** A temporary topic: the same life and rules as a {@link CairnTemporaryQueue}. */
public class CairnTemporaryTopic extends CairnTopic implements TemporaryTopic {

    private static final long serialVersionUID = 1L;

    private final transient TemporaryDeleter owner;

    public CairnTemporaryTopic(String name, TemporaryDeleter owner) {
        super(name);
        this.owner = owner;
    }

    @Override
    public void delete() throws JMSException {
        TemporaryDeleter.deleteThrough(owner, this);
    }
}
