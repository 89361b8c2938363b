package io.cairnmq.jms.destination;

import io.cairnmq.engine.api.DestinationKind;
import io.cairnmq.engine.api.DestinationName;
import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.Topic;

/**
 * Turns any {@link Destination} into a CairnMQ one: ours as they are, another provider's
 * queue or topic by its name (so messages and replies can cross providers), anything else
 * refused.
 */
public final class Destinations {

    private Destinations() {
    }

    public static CairnDestination toCairn(Destination destination) throws JMSException {
        if (destination == null) {
            throw new InvalidDestinationException("The destination is null; name a Queue or a Topic");
        }
        if (destination instanceof CairnDestination cairn) {
            return cairn;
        }
        if (destination instanceof Queue queue) {
            return new CairnQueue(queue.getQueueName());
        }
        // (a foreign temporary destination is sent to by its name, like any other)
        if (destination instanceof Topic topic) {
            return new CairnTopic(topic.getTopicName());
        }
        throw new InvalidDestinationException("CairnMQ cannot use " + destination.getClass().getName()
                + " (" + destination + "): it is neither a Queue nor a Topic");
    }

    public static CairnDestination fromEngine(DestinationName name) {
        if (name == null) {
            return null;
        }
        if (name.isTemporary()) {
            return name.kind() == DestinationKind.QUEUE
                    ? new CairnTemporaryQueue(name.name(), null) : new CairnTemporaryTopic(name.name(), null);
        }
        return name.kind() == DestinationKind.QUEUE ? new CairnQueue(name.name()) : new CairnTopic(name.name());
    }
}
