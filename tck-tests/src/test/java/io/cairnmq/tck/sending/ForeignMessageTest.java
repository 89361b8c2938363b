package io.cairnmq.tck.sending;

import io.cairnmq.tck.EmbeddedBroker;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Section 3.12: a message implemented by another provider can be sent. */
@Timeout(30)
class ForeignMessageTest {

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    @Test
    @DisplayName("3.12 A foreign TextMessage is sent with its body, headers and properties; the send sets its headers")
    void aForeignTextMessageIsSent() throws JMSException {
        Session session = BROKER.startedConnection().createSession();
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        TextMessage foreign = foreignTextMessage();
        foreign.setText("from elsewhere");
        foreign.setJMSCorrelationID("corr-9");
        foreign.setStringProperty("origin", "other-provider");
        foreign.setIntProperty("n", 7);
        session.createProducer(queue).send(foreign);

        assertNotNull(foreign.getJMSMessageID(), "the send wrote JMSMessageID back to the original");
        assertTrue(foreign.getJMSMessageID().startsWith("ID:"));
        assertEquals(queue, foreign.getJMSDestination());

        Message got = session.createConsumer(queue).receive(5_000);
        assertEquals("from elsewhere", ((TextMessage) got).getText());
        assertEquals("corr-9", got.getJMSCorrelationID());
        assertEquals("other-provider", got.getStringProperty("origin"));
        assertEquals(7, got.getIntProperty("n"));
        assertEquals(foreign.getJMSMessageID(), got.getJMSMessageID());
    }

    /** A minimal TextMessage of "another provider": headers, properties and text in maps. */
    private static TextMessage foreignTextMessage() {
        Map<String, Object> headers = new HashMap<>();
        Map<String, Object> properties = new LinkedHashMap<>();
        return (TextMessage) Proxy.newProxyInstance(ForeignMessageTest.class.getClassLoader(),
                new Class<?>[] {TextMessage.class}, (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.equals("getPropertyNames")) {
                        return Collections.enumeration(properties.keySet());
                    }
                    if (name.equals("setText")) {
                        headers.put("text", args[0]);
                        return null;
                    }
                    if (name.equals("getText")) {
                        return headers.get("text");
                    }
                    if (name.startsWith("setJMS")) {
                        headers.put(name.substring(3), args[0]);
                        return null;
                    }
                    if (name.startsWith("getJMS")) {
                        Object value = headers.get(name.substring(3));
                        Class<?> type = method.getReturnType();
                        if (value == null && type.isPrimitive()) {
                            return type == boolean.class ? Boolean.FALSE : type == long.class ? (Object) 0L : (Object) 0;
                        }
                        return value;
                    }
                    if (name.startsWith("set") && name.endsWith("Property")) {
                        properties.put((String) args[0], args[1]);
                        return null;
                    }
                    if (name.startsWith("get") && name.endsWith("Property")) {
                        return properties.get((String) args[0]);
                    }
                    if (name.equals("toString")) {
                        return "ForeignTextMessage";
                    }
                    return null;
                });
    }
}
