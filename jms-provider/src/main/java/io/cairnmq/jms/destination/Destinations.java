package io.cairnmq.jms.destination;

import io.cairnmq.engine.api.DestinationKind;
import io.cairnmq.engine.api.DestinationName;
import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;

/**
 * Turns any {@link Destination} into a CairnMQ one: ours as they are, another provider's
 * queue by its name (so messages and replies can cross providers), anything else refused.
 */
public final class Destinations {

    private Destinations() {
    }

    public static CairnDestination toCairn(Destination destination) throws JMSException {
        if (destination == null) {
            throw new InvalidDestinationException("The destination is null; name a Queue");
        }
        if (destination instanceof CairnDestination cairn) {
            return cairn;
        }
        if (destination instanceof Queue queue) {
            return new CairnQueue(queue.getQueueName());
        }
        throw new InvalidDestinationException("CairnMQ cannot send to " + destination.getClass().getName()
                + " (" + destination + "); this version supports queues");
    }

    public static CairnDestination fromEngine(DestinationName name) {
        if (name == null) {
            return null;
        }
        if (name.kind() == DestinationKind.QUEUE) {
            return new CairnQueue(name.name());
        }
        throw new IllegalArgumentException("No JMS destination for " + name + " in this version");
    }
}
