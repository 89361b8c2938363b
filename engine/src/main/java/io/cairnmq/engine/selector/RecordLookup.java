package io.cairnmq.engine.selector;

import io.cairnmq.engine.api.MessageRecord;

/**
 * Reads a stored message for a selector: the headers a selector may name (section 3.8.1.1)
 * from the record's fields, {@code JMSXDeliveryCount} from the delivery, the rest from the
 * properties.
 */
public record RecordLookup(MessageRecord message, int deliveryCount) implements PropertyLookup {

    @Override
    public Object value(String identifier) {
        if (identifier.startsWith("JMS")) {
            switch (identifier) {
                case "JMSDeliveryMode":
                    return message.persistent() ? "PERSISTENT" : "NON_PERSISTENT";
                case "JMSPriority":
                    return (long) message.priority();
                case "JMSMessageID":
                    return message.id().startsWith("ID:") ? message.id() : null;
                case "JMSTimestamp":
                    return message.timestamp();
                case "JMSCorrelationID":
                    return message.correlationId();
                case "JMSType":
                    return message.type();
                case "JMSXDeliveryCount":
                    return (long) deliveryCount;
                default:
                    break;
            }
        }
        return message.properties().get(identifier);
    }
}
