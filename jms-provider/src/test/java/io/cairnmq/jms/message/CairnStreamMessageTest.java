package io.cairnmq.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** StreamMessage: values in order, the partial-read rules of section 3.11.7. */
class CairnStreamMessageTest {

    @Test
    void valuesComeBackInOrderAcrossEncoding() throws JMSException {
        CairnStreamMessage m = new CairnStreamMessage();
        m.writeBoolean(true);
        m.writeChar('x');
        m.writeInt(5);
        m.writeString("text");
        m.writeBytes(new byte[] {1, 2, 3});
        m.writeObject(null);
        CairnStreamMessage received = new CairnStreamMessage();
        received.loadReceivedBody(m.encodeBody());
        assertTrue(received.readBoolean());
        assertEquals('x', received.readChar());
        assertEquals(5L, received.readLong());
        assertEquals("text", received.readString());
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) received.readObject());
        assertNull(received.readString());
        assertThrows(MessageEOFException.class, received::readInt);
        assertThrows(MessageNotWriteableException.class, () -> received.writeInt(1));
    }

    @Test
    void aFailedConversionLeavesThePositionSoTheValueCanBeReadAgain() throws JMSException {
        CairnStreamMessage m = new CairnStreamMessage();
        m.writeString("not a number");
        m.writeInt(7);
        m.reset();
        assertThrows(NumberFormatException.class, m::readInt);
        assertThrows(MessageFormatException.class, m::readChar);
        assertEquals("not a number", m.readString());
        assertThrows(MessageFormatException.class, m::readBoolean, "an int cannot be read as boolean");
        assertEquals(7, m.readInt());
    }

    @Test
    void aByteArrayIsReadInPiecesThenEndsWithMinusOne() throws JMSException {
        CairnStreamMessage m = new CairnStreamMessage();
        m.writeBytes(new byte[] {1, 2, 3, 4, 5});
        m.writeBytes(null);
        m.writeInt(9);
        m.reset();
        byte[] buffer = new byte[2];
        assertEquals(2, m.readBytes(buffer));
        assertArrayEquals(new byte[] {1, 2}, buffer);
        assertThrows(MessageFormatException.class, m::readInt, "no other read in the middle of a byte[]");
        assertEquals(2, m.readBytes(buffer));
        assertEquals(1, m.readBytes(buffer));
        assertEquals(5, buffer[0]);
        assertEquals(-1, m.readBytes(buffer));
        assertEquals(-1, m.readBytes(buffer), "a null byte[] value reads as -1");
        assertEquals(9, m.readInt());
    }

    @Test
    void writeOnlyUntilResetAndNoGetBody() throws JMSException {
        CairnStreamMessage m = new CairnStreamMessage();
        m.writeInt(1);
        assertThrows(MessageNotReadableException.class, m::readInt);
        assertFalse(m.isBodyAssignableTo(Object.class));
        assertThrows(MessageFormatException.class, () -> m.getBody(Object.class));
        m.reset();
        assertEquals(1, m.readInt());
        m.clearBody();
        m.writeInt(2);
        m.reset();
        assertEquals(2, m.readInt());
        assertThrows(MessageFormatException.class, () -> m.writeObject(new Object()));
    }
}
