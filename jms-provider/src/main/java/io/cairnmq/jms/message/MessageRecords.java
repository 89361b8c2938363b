package io.cairnmq.jms.message;

import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.jms.destination.CairnDestination;
import io.cairnmq.jms.destination.Destinations;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;

/** Maps a CairnMQ message to the engine's record when sent, and back when received. */
public final class MessageRecords {

    /** Group property whose value picks the message's shard (section 3.5.9). */
    public static final String GROUP_ID = "JMSXGroupID";

    private MessageRecords() {
    }

    /**
     * The record for a message whose send headers (id, timestamp, delivery mode, priority,
     * expiration, destination) the producer has just set.
     *
     * @param engineId the id the engine de-duplicates on; the JMS message id may be null
     */
    public static MessageRecord toRecord(CairnMessage m, String engineId) throws JMSException {
        Object group = m.propertyMap().get(GROUP_ID);
        return MessageRecord.builder(engineId)
                .bodyType(m.bodyType().tag())
                .priority(m.getJMSPriority())
                .persistent(m.getJMSDeliveryMode() == DeliveryMode.PERSISTENT)
                .timestamp(m.getJMSTimestamp())
                .expiration(m.getJMSExpiration())
                .deliveryTime(m.getJMSDeliveryTime())
                .correlationId(m.getJMSCorrelationID())
                .type(m.getJMSType())
                .replyTo(m.getJMSReplyTo() == null ? null : Destinations.toCairn(m.getJMSReplyTo()).engineName())
                .groupId(group instanceof String g ? g : null)
                .properties(m.propertyMap())
                .body(m.encodeBody())
                .build();
    }

    /**
     * A read-only message of the right type for a delivery. A record id without the {@code ID:}
     * prefix comes from a producer that disabled message ids: the header stays null.
     */
    public static CairnMessage fromDelivery(Delivery delivery, CairnDestination destination,
                                            ObjectAllowList trusted) throws JMSException {
        MessageRecord r = delivery.message();
        CairnMessage m = newMessage(BodyType.fromTag(r.bodyType()));
        if (m instanceof CairnObjectMessage object) {
            object.trust(trusted);
        }
        m.setJMSMessageID(r.id().startsWith("ID:") ? r.id() : null);
        m.setJMSTimestamp(r.timestamp());
        m.setJMSCorrelationID(r.correlationId());
        m.setJMSReplyTo(Destinations.fromEngine(r.replyTo()));
        m.setJMSDestination(destination);
        m.setJMSDeliveryMode(r.persistent() ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);
        m.setJMSRedelivered(delivery.redelivered());
        m.setJMSType(r.type());
        m.setJMSExpiration(r.expiration());
        m.setJMSDeliveryTime(r.deliveryTime());
        m.setJMSPriority(r.priority());
        m.loadProperties(r.properties(), delivery.deliveryCount());
        m.loadReceivedBody(r.body());
        return m;
    }

    private static CairnMessage newMessage(BodyType type) throws JMSException {
        return switch (type) {
            case MESSAGE -> new CairnMessage();
            case TEXT -> new CairnTextMessage();
            case BYTES -> new CairnBytesMessage();
            case MAP -> new CairnMapMessage();
            case OBJECT -> new CairnObjectMessage();
            case STREAM -> new CairnStreamMessage();
            default -> throw new JMSException("Received a " + type + " message, which this version cannot read");
        };
    }
}
