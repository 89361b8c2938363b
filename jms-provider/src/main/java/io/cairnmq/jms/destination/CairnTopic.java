package io.cairnmq.jms.destination;

import io.cairnmq.engine.api.DestinationName;
import jakarta.jms.Topic;

/** A topic, named by its physical name. */
public class CairnTopic extends CairnDestination implements Topic {

    private static final long serialVersionUID = 1L;

    public CairnTopic(String name) {
        super(name);
    }

    @Override
    public String getTopicName() {
        return name();
    }

    @Override
    public DestinationName engineName() {
        return DestinationName.topic(name());
    }
}
