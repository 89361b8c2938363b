package io.cairnmq.jms;

import io.cairnmq.jms.destination.CairnQueue;
import io.cairnmq.jms.destination.CairnTopic;
import io.cairnmq.jms.message.CairnBytesMessage;
import io.cairnmq.jms.message.CairnMapMessage;
import io.cairnmq.jms.message.CairnMessage;
import io.cairnmq.jms.message.CairnObjectMessage;
import io.cairnmq.jms.message.CairnStreamMessage;
import io.cairnmq.jms.message.CairnTextMessage;
import jakarta.jms.BytesMessage;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;

import java.io.Serializable;

/**
 * The new messages and the named destinations a session creates. Knows nothing of the session
 * that asks: the session checks first that it is open and that its domain allows the
 * destination.
 */
final class MessageFactory {

    private MessageFactory() {
    }

    static Message message() {
        return new CairnMessage();
    }

    static BytesMessage bytesMessage() {
        return new CairnBytesMessage();
    }

    static TextMessage textMessage() {
        return new CairnTextMessage();
    }

    static TextMessage textMessage(String text) {
        return new CairnTextMessage(text);
    }

    static MapMessage mapMessage() {
        return new CairnMapMessage();
    }

    static ObjectMessage objectMessage() {
        return new CairnObjectMessage();
    }

    static ObjectMessage objectMessage(Serializable object) throws JMSException {
        return new CairnObjectMessage(object);
    }

    static StreamMessage streamMessage() {
        return new CairnStreamMessage();
    }

    static Queue queue(String name) throws InvalidDestinationException {
        return new CairnQueue(requireName(name, "queue"));
    }

    static Topic topic(String name) throws InvalidDestinationException {
        return new CairnTopic(requireName(name, "topic"));
    }

    /** A name the application gives a destination or a subscription: neither null nor blank. */
    static String requireName(String name, String what) throws InvalidDestinationException {
        if (name == null || name.isBlank()) {
            throw new InvalidDestinationException("A " + what + " name must not be null or empty");
        }
        return name;
    }
}
