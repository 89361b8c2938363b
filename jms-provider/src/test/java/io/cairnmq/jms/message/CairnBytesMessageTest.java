package io.cairnmq.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BytesMessage body rules: write-only until reset or receipt, then read-only, cursor and end. */
class CairnBytesMessageTest {

    @Test
    void writtenValuesReadBackInOrderAfterReset() throws JMSException {
        CairnBytesMessage m = new CairnBytesMessage();
        m.writeBoolean(true);
        m.writeByte((byte) -3);
        m.writeShort((short) 300);
        m.writeChar('x');
        m.writeInt(70_000);
        m.writeLong(1L << 40);
        m.writeFloat(1.5f);
        m.writeDouble(2.25);
        m.writeUTF("héllo");
        m.writeBytes(new byte[] {1, 2, 3, 4}, 1, 2);
        m.writeObject(9);
        m.reset();
        assertTrue(m.readBoolean());
        assertEquals(-3, m.readByte());
        assertEquals(300, m.readShort());
        assertEquals('x', m.readChar());
        assertEquals(70_000, m.readInt());
        assertEquals(1L << 40, m.readLong());
        assertEquals(1.5f, m.readFloat());
        assertEquals(2.25, m.readDouble());
        assertEquals("héllo", m.readUTF());
        byte[] two = new byte[2];
        assertEquals(2, m.readBytes(two, 2));
        assertArrayEquals(new byte[] {2, 3}, two);
        assertEquals(9, m.readInt());
        assertEquals(-1, m.readBytes(new byte[4]));
        assertThrows(MessageEOFException.class, m::readByte);
    }

    @Test
    void readingWhileWritingAndWritingWhileReadingAreRefused() throws JMSException {
        CairnBytesMessage m = new CairnBytesMessage();
        m.writeInt(1);
        assertThrows(MessageNotReadableException.class, m::readInt);
        assertThrows(MessageNotReadableException.class, m::getBodyLength);
        m.reset();
        assertEquals(4, m.getBodyLength());
        assertThrows(MessageNotWriteableException.class, () -> m.writeInt(2));
        m.clearBody();
        m.writeInt(3);
        m.reset();
        assertEquals(3, m.readInt());
    }

    @Test
    void aReceivedMessageIsReadOnlyUntilClearBody() throws JMSException {
        CairnBytesMessage m = new CairnBytesMessage();
        m.loadReceivedBody(new byte[] {0, 0, 0, 5});
        assertEquals(5, m.readInt());
        assertThrows(MessageNotWriteableException.class, () -> m.writeByte((byte) 1));
        assertThrows(MessageNotWriteableException.class, () -> m.setIntProperty("p", 1));
        m.reset();
        assertEquals(5, m.readInt(), "reset rewinds a received body");
    }

    @Test
    void aFailedReadLeavesTheCursorWhereItWas() throws JMSException {
        CairnBytesMessage m = new CairnBytesMessage();
        m.writeShort((short) 7);
        m.reset();
        assertThrows(MessageEOFException.class, m::readLong);
        assertEquals(7, m.readShort());
    }

    @Test
    void writeObjectTakesOnlyTheSpecifiedTypes() {
        CairnBytesMessage m = new CairnBytesMessage();
        assertThrows(MessageFormatException.class, () -> m.writeObject(new Object()));
        assertThrows(NullPointerException.class, () -> m.writeObject(null));
    }

    @Test
    void getBodyGivesTheBytesOrNullWhenEmpty() throws JMSException {
        CairnBytesMessage m = new CairnBytesMessage();
        assertNull(m.getBody(byte[].class));
        m.writeBytes(new byte[] {4, 5});
        assertArrayEquals(new byte[] {4, 5}, m.getBody(byte[].class));
        assertTrue(m.isBodyAssignableTo(byte[].class));
        assertThrows(MessageFormatException.class, () -> m.getBody(String.class));
    }
}
