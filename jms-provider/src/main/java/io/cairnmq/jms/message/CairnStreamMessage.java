package io.cairnmq.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.StreamMessage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A message whose body is a sequence of typed values, read in order with the conversions of
 * section 3.11.3. A read that fails to convert leaves the position where it was, so the value
 * can be read again as another type; a byte array may be read in pieces.
 */
public final class CairnStreamMessage extends CairnMessage implements StreamMessage {

    private final List<Object> values = new ArrayList<>();
    private int position;
    /** Bytes of the current byte[] value already read by readBytes, or -1 when none is in progress. */
    private int bytesRead = -1;

    @Override
    public BodyType bodyType() {
        return BodyType.STREAM;
    }

    // ------------------------------------------------------------------ reading

    @Override
    public boolean readBoolean() throws JMSException {
        return read(TypeConversions::toBoolean);
    }

    @Override
    public byte readByte() throws JMSException {
        return read(TypeConversions::toByte);
    }

    @Override
    public short readShort() throws JMSException {
        return read(TypeConversions::toShort);
    }

    @Override
    public char readChar() throws JMSException {
        return read(TypeConversions::toChar);
    }

    @Override
    public int readInt() throws JMSException {
        return read(TypeConversions::toInt);
    }

    @Override
    public long readLong() throws JMSException {
        return read(TypeConversions::toLong);
    }

    @Override
    public float readFloat() throws JMSException {
        return read(TypeConversions::toFloat);
    }

    @Override
    public double readDouble() throws JMSException {
        return read(TypeConversions::toDouble);
    }

    @Override
    public String readString() throws JMSException {
        return read(TypeConversions::toText);
    }

    @Override
    public Object readObject() throws JMSException {
        return read(value -> value instanceof byte[] bytes ? bytes.clone() : value);
    }

    /**
     * Reads a byte array value, possibly in pieces: each call fills the buffer from where the
     * last one stopped; -1 says the value is done (or was null), and the next read moves on.
     */
    @Override
    public int readBytes(byte[] value) throws JMSException {
        checkReadable();
        if (position >= values.size()) {
            throw new MessageEOFException("Reached the end of the StreamMessage");
        }
        Object current = values.get(position);
        if (current == null) {
            position++;
            return -1;
        }
        if (!(current instanceof byte[] bytes)) {
            throw new MessageFormatException("The next value is a " + current.getClass().getSimpleName()
                    + ", not a byte[]");
        }
        int offset = Math.max(bytesRead, 0);
        if (offset >= bytes.length && bytesRead >= 0) {
            bytesRead = -1;
            position++;
            return -1;
        }
        int count = Math.min(value.length, bytes.length - offset);
        System.arraycopy(bytes, offset, value, 0, count);
        bytesRead = offset + count;
        if (bytes.length == 0) {
            bytesRead = 0;
        }
        return count;
    }

    @FunctionalInterface
    private interface Conversion<T> {
        T convert(Object value) throws JMSException;
    }

    /** Reads the next value; if it cannot be converted, the position stays where it was. */
    private <T> T read(Conversion<T> conversion) throws JMSException {
        checkReadable();
        if (bytesRead >= 0) {
            throw new MessageFormatException("A byte[] value is being read with readBytes; finish it first");
        }
        if (position >= values.size()) {
            throw new MessageEOFException("Reached the end of the StreamMessage");
        }
        T result = conversion.convert(values.get(position));
        position++;
        return result;
    }

    // ------------------------------------------------------------------ writing

    @Override
    public void writeBoolean(boolean value) throws JMSException {
        append(value);
    }

    @Override
    public void writeByte(byte value) throws JMSException {
        append(value);
    }

    @Override
    public void writeShort(short value) throws JMSException {
        append(value);
    }

    @Override
    public void writeChar(char value) throws JMSException {
        append(value);
    }

    @Override
    public void writeInt(int value) throws JMSException {
        append(value);
    }

    @Override
    public void writeLong(long value) throws JMSException {
        append(value);
    }

    @Override
    public void writeFloat(float value) throws JMSException {
        append(value);
    }

    @Override
    public void writeDouble(double value) throws JMSException {
        append(value);
    }

    @Override
    public void writeString(String value) throws JMSException {
        append(value);
    }

    @Override
    public void writeBytes(byte[] value) throws JMSException {
        append(value == null ? null : value.clone());
    }

    @Override
    public void writeBytes(byte[] value, int offset, int length) throws JMSException {
        byte[] part = new byte[length];
        System.arraycopy(value, offset, part, 0, length);
        append(part);
    }

    @Override
    public void writeObject(Object value) throws JMSException {
        if (value != null && !TypedValues.isMapValue(value)) {
            throw new MessageFormatException("A StreamMessage cannot hold a " + value.getClass().getName()
                    + "; it takes the boxed primitives, Character, String and byte[]");
        }
        append(value instanceof byte[] bytes ? bytes.clone() : value);
    }

    private void append(Object value) throws JMSException {
        checkWritable();
        values.add(value);
    }

    // ------------------------------------------------------------------ body

    @Override
    public void reset() {
        setBodyReadOnly(true);
        position = 0;
        bytesRead = -1;
    }

    @Override
    public byte[] encodeBody() throws JMSException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(values.size());
            for (Object value : values) {
                TypedValues.write(out, value);
            }
        } catch (IOException e) {
            throw JmsIo.failure(e);
        }
        return bytes.toByteArray();
    }

    @Override
    protected void decodeBody(byte[] body) throws JMSException {
        values.clear();
        position = 0;
        bytesRead = -1;
        if (body == null) {
            return;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
            for (int i = in.readInt(); i > 0; i--) {
                values.add(TypedValues.read(in));
            }
        } catch (IOException e) {
            throw JmsIo.failure(e);
        }
    }

    @Override
    protected void clearBodyContent() {
        values.clear();
        position = 0;
        bytesRead = -1;
    }

    /** A StreamMessage has no body that getBody could return (section 3.11.7). */
    @Override
    protected boolean bodyIsGettable() {
        return false;
    }
}
