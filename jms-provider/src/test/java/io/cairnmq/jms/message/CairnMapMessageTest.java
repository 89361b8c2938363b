package io.cairnmq.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MapMessage: typed entries, the conversions of section 3.11.3, read-only when received. */
class CairnMapMessageTest {

    @Test
    void entriesSurviveEncodingWithTheirTypes() throws JMSException {
        CairnMapMessage m = new CairnMapMessage();
        m.setBoolean("bool", true);
        m.setByte("byte", (byte) 1);
        m.setShort("short", (short) 2);
        m.setChar("char", 'c');
        m.setInt("int", 3);
        m.setLong("long", 4);
        m.setFloat("float", 5.5f);
        m.setDouble("double", 6.5);
        m.setString("string", "seven");
        m.setBytes("bytes", new byte[] {1, 2, 3, 4}, 1, 2);
        m.setObject("null", null);

        CairnMapMessage received = new CairnMapMessage();
        received.loadReceivedBody(m.encodeBody());
        assertEquals(List.of("bool", "byte", "short", "char", "int", "long", "float", "double", "string", "bytes", "null"),
                Collections.list(received.getMapNames()));
        assertTrue(received.getBoolean("bool"));
        assertEquals(1, received.getByte("byte"));
        assertEquals(2, received.getShort("short"));
        assertEquals('c', received.getChar("char"));
        assertEquals(3, received.getInt("int"));
        assertEquals(4L, received.getLong("long"));
        assertEquals(5.5f, received.getFloat("float"));
        assertEquals(6.5, received.getDouble("double"));
        assertEquals("seven", received.getString("string"));
        assertArrayEquals(new byte[] {2, 3}, received.getBytes("bytes"));
        assertTrue(received.itemExists("null"));
        assertNull(received.getObject("null"));
        assertThrows(MessageNotWriteableException.class, () -> received.setInt("x", 1));
    }

    @Test
    void conversionsFollowTheTable() throws JMSException {
        CairnMapMessage m = new CairnMapMessage();
        m.setByte("byte", (byte) 9);
        m.setChar("char", 'z');
        m.setBytes("bytes", new byte[] {1});
        m.setString("number", "42");
        assertEquals(9L, m.getLong("byte"));
        assertEquals("9", m.getString("byte"));
        assertEquals("z", m.getString("char"));
        assertEquals(42, m.getInt("number"));
        assertThrows(MessageFormatException.class, () -> m.getInt("char"));
        assertThrows(MessageFormatException.class, () -> m.getChar("byte"));
        assertThrows(MessageFormatException.class, () -> m.getString("bytes"));
        assertThrows(MessageFormatException.class, () -> m.getBytes("number"));
        assertThrows(NullPointerException.class, () -> m.getChar("missing"));
        assertNull(m.getBytes("missing"));
        assertFalse(m.getBoolean("missing"));
    }

    @Test
    void badNamesAndValuesAreRefused() {
        CairnMapMessage m = new CairnMapMessage();
        assertThrows(IllegalArgumentException.class, () -> m.setInt("", 1));
        assertThrows(IllegalArgumentException.class, () -> m.setInt(null, 1));
        assertThrows(MessageFormatException.class, () -> m.setObject("list", List.of()));
    }

    @Test
    void getBodyGivesACopyOfTheMap() throws JMSException {
        CairnMapMessage m = new CairnMapMessage();
        assertNull(m.getBody(Map.class));
        m.setInt("a", 1);
        @SuppressWarnings("unchecked")
        Map<String, Object> body = m.getBody(Map.class);
        assertEquals(Map.of("a", 1), body);
        assertTrue(m.isBodyAssignableTo(Map.class));
        assertFalse(m.isBodyAssignableTo(String.class));
    }
}
