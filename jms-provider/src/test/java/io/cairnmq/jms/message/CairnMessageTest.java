package io.cairnmq.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Headers, properties and body state common to all messages. */
class CairnMessageTest {

    @Test
    void propertiesKeepTheirTypesAndConvertByTheTable() throws JMSException {
        CairnMessage m = new CairnMessage();
        m.setIntProperty("count", 3);
        m.setStringProperty("name", "x");
        m.setObjectProperty("flag", Boolean.TRUE);
        assertEquals(3L, m.getLongProperty("count"));
        assertEquals("3", m.getStringProperty("count"));
        assertEquals(3, m.getObjectProperty("count"));
        assertTrue(m.getBooleanProperty("flag"));
        assertThrows(MessageFormatException.class, () -> m.getIntProperty("flag"));
        assertEquals(List.of("count", "name", "flag"), Collections.list(m.getPropertyNames()));
        assertFalse(m.propertyExists("missing"));
        assertNull(m.getStringProperty("missing"));
    }

    @Test
    void badPropertyNamesAndValuesAreRefused() {
        CairnMessage m = new CairnMessage();
        assertThrows(IllegalArgumentException.class, () -> m.setIntProperty(null, 1));
        assertThrows(IllegalArgumentException.class, () -> m.setIntProperty("", 1));
        assertThrows(IllegalArgumentException.class, () -> m.setIntProperty("1abc", 1));
        assertThrows(IllegalArgumentException.class, () -> m.setIntProperty("a-b", 1));
        assertThrows(IllegalArgumentException.class, () -> m.setIntProperty("AND", 1));
        assertThrows(MessageFormatException.class, () -> m.setObjectProperty("list", List.of()));
    }

    @Test
    void receivedPropertiesAreReadOnlyUntilCleared() throws JMSException {
        CairnTextMessage m = new CairnTextMessage();
        m.loadProperties(java.util.Map.of("a", 1), 2);
        m.loadReceivedBody(null);
        assertEquals(2, m.getIntProperty(CairnMessage.DELIVERY_COUNT));
        assertThrows(MessageNotWriteableException.class, () -> m.setIntProperty("b", 2));
        m.clearProperties();
        m.setIntProperty("b", 2);
        assertFalse(m.propertyExists("a"));
    }

    @Test
    void headerRangesAreChecked() {
        CairnMessage m = new CairnMessage();
        assertThrows(JMSException.class, () -> m.setJMSPriority(10));
        assertThrows(JMSException.class, () -> m.setJMSDeliveryMode(3));
    }

    @Test
    void correlationIdBytesRoundTrip() {
        CairnMessage m = new CairnMessage();
        byte[] id = {0, -1, 65, 127, -128};
        m.setJMSCorrelationIDAsBytes(id);
        assertArrayEquals(id, m.getJMSCorrelationIDAsBytes());
    }

    @Test
    void textMessageBodyState() throws JMSException {
        CairnTextMessage m = new CairnTextMessage("hello");
        assertEquals("hello", m.getBody(String.class));
        assertTrue(m.isBodyAssignableTo(String.class));
        assertFalse(m.isBodyAssignableTo(byte[].class));
        m.loadReceivedBody(m.encodeBody());
        assertThrows(MessageNotWriteableException.class, () -> m.setText("no"));
        m.clearBody();
        assertNull(m.getText());
        m.setText("yes");
        assertEquals("yes", m.getText());
    }

    @Test
    void aPlainMessageHasNoBody() throws JMSException {
        CairnMessage m = new CairnMessage();
        assertNull(m.getBody(Object.class));
        assertTrue(m.isBodyAssignableTo(String.class));
    }
}
