package io.cairnmq.jms.message;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.ObjectMessage;
import jakarta.jms.TextMessage;

import java.util.Enumeration;

/**
 * Turns a message of another provider into a CairnMQ message (section 3.12 "Provider
 * implementations of JMS message interfaces"): headers, properties and body are copied; the
 * headers the send sets are then written back to the original as well.
 */
public final class ForeignMessages {

    private ForeignMessages() {
    }

    public static CairnMessage toCairn(Message foreign) throws JMSException {
        if (foreign instanceof CairnMessage cairn) {
            return cairn;
        }
        return copyOf(foreign);
    }

    /**
     * A new, writable message with the body, correlation ID, type, reply-to and properties of
     * {@code foreign} (any provider's, or a received one of CairnMQ's, whose properties are
     * read-only), ready to be sent elsewhere; the delivery count is not carried over.
     */
    public static CairnMessage copyOf(Message foreign) throws JMSException {
        CairnMessage copy = copyBody(foreign);
        copy.setJMSCorrelationID(foreign.getJMSCorrelationID());
        copy.setJMSType(foreign.getJMSType());
        copy.setJMSReplyTo(foreign.getJMSReplyTo());
        for (Enumeration<?> names = foreign.getPropertyNames(); names.hasMoreElements(); ) {
            Object property = names.nextElement();
            String name = (String) property;
            Object value = foreign.getObjectProperty(name);
            if (name.equals(CairnMessage.DELIVERY_COUNT)) {
                continue; // set by the provider on receipt, not carried over
            }
            copy.setObjectProperty(name, value);
        }
        return copy;
    }

    /** Writes the headers a send set on the copy back onto the foreign original. */
    public static void copySendHeaders(CairnMessage sent, Message original) throws JMSException {
        if (sent == original) {
            return;
        }
        original.setJMSDestination(sent.getJMSDestination());
        original.setJMSDeliveryMode(sent.getJMSDeliveryMode());
        original.setJMSPriority(sent.getJMSPriority());
        original.setJMSTimestamp(sent.getJMSTimestamp());
        original.setJMSExpiration(sent.getJMSExpiration());
        original.setJMSDeliveryTime(sent.getJMSDeliveryTime());
        original.setJMSMessageID(sent.getJMSMessageID());
    }

    private static CairnMessage copyBody(Message foreign) throws JMSException {
        if (foreign instanceof TextMessage text) {
            return new CairnTextMessage(text.getText());
        }
        if (foreign instanceof BytesMessage bytes) {
            bytes.reset();
            byte[] body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
            bytes.reset();
            CairnBytesMessage copy = new CairnBytesMessage();
            copy.writeBytes(body);
            return copy;
        }
        if (foreign instanceof MapMessage map) {
            CairnMapMessage copy = new CairnMapMessage();
            for (Enumeration<?> names = map.getMapNames(); names.hasMoreElements(); ) {
                String name = (String) names.nextElement();
                copy.setObject(name, map.getObject(name));
            }
            return copy;
        }
        if (foreign instanceof CairnObjectMessage object) {
            // The serialized bytes as they are: a body whose class is not at hand is still copied.
            CairnObjectMessage copy = new CairnObjectMessage();
            copy.decodeBody(object.encodeBody());
            return copy;
        }
        if (foreign instanceof ObjectMessage object) {
            return new CairnObjectMessage(object.getObject());
        }
        if (foreign instanceof jakarta.jms.StreamMessage stream) {
            stream.reset();
            CairnStreamMessage copy = new CairnStreamMessage();
            try {
                while (true) {
                    copy.writeObject(stream.readObject());
                }
            } catch (jakarta.jms.MessageEOFException end) {
                stream.reset();
            }
            return copy;
        }
        return new CairnMessage();
    }
}
