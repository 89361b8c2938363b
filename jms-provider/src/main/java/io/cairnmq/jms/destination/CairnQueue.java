package io.cairnmq.jms.destination;

import io.cairnmq.engine.api.DestinationName;
import jakarta.jms.Queue;

/** A queue, named by its physical name. */
public class CairnQueue extends CairnDestination implements Queue {

    private static final long serialVersionUID = 1L;

    public CairnQueue(String name) {
        super(name);
    }

    @Override
    public String getQueueName() {
        return name();
    }

    @Override
    public DestinationName engineName() {
        return DestinationName.queue(name());
    }
}
