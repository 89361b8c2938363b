package io.cairnmq.jms.message;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * A message whose body is a stream of bytes written and read with the {@link java.io.DataOutput}
 * encodings. Write-only until {@link #reset()} or until received, then read-only.
 */
public final class CairnBytesMessage extends CairnMessage implements BytesMessage {

    private ByteArrayOutputStream written = new ByteArrayOutputStream();
    private DataOutputStream writer = new DataOutputStream(written);
    private byte[] body;
    private DataInputStream reader;

    @Override
    public BodyType bodyType() {
        return BodyType.BYTES;
    }

    // ------------------------------------------------------------------ body

    @Override
    public byte[] encodeBody() {
        return isBodyReadOnly() ? body : written.toByteArray();
    }

    @Override
    protected void decodeBody(byte[] received) {
        body = received == null ? new byte[0] : received;
        reader = new DataInputStream(new ByteArrayInputStream(body));
        written = null;
        writer = null;
    }

    @Override
    protected void clearBodyContent() {
        written = new ByteArrayOutputStream();
        writer = new DataOutputStream(written);
        body = null;
        reader = null;
    }

    @Override
    protected Object bodyObject() {
        byte[] bytes = encodeBody();
        return bytes == null || bytes.length == 0 ? null : bytes.clone();
    }

    @Override
    protected boolean bodyFits(Class<?> c) {
        return c.isAssignableFrom(byte[].class);
    }

    @Override
    public void reset() {
        if (!isBodyReadOnly()) {
            decodeBody(written.toByteArray());
            setBodyReadOnly(true);
        } else {
            reader = new DataInputStream(new ByteArrayInputStream(body));
        }
    }

    @Override
    public long getBodyLength() throws JMSException {
        checkReadable();
        return body.length;
    }

    // ------------------------------------------------------------------ reading

    @Override
    public boolean readBoolean() throws JMSException {
        return read(DataInputStream::readBoolean);
    }

    @Override
    public byte readByte() throws JMSException {
        return read(DataInputStream::readByte);
    }

    @Override
    public int readUnsignedByte() throws JMSException {
        return read(DataInputStream::readUnsignedByte);
    }

    @Override
    public short readShort() throws JMSException {
        return read(DataInputStream::readShort);
    }

    @Override
    public int readUnsignedShort() throws JMSException {
        return read(DataInputStream::readUnsignedShort);
    }

    @Override
    public char readChar() throws JMSException {
        return read(DataInputStream::readChar);
    }

    @Override
    public int readInt() throws JMSException {
        return read(DataInputStream::readInt);
    }

    @Override
    public long readLong() throws JMSException {
        return read(DataInputStream::readLong);
    }

    @Override
    public float readFloat() throws JMSException {
        return read(DataInputStream::readFloat);
    }

    @Override
    public double readDouble() throws JMSException {
        return read(DataInputStream::readDouble);
    }

    @Override
    public String readUTF() throws JMSException {
        return read(in -> in.readUTF());
    }

    @Override
    public int readBytes(byte[] value) throws JMSException {
        return readBytes(value, value.length);
    }

    @Override
    public int readBytes(byte[] value, int length) throws JMSException {
        checkReadable();
        if (length < 0 || length > value.length) {
            throw new IndexOutOfBoundsException("length " + length + " is outside 0.." + value.length);
        }
        try {
            if (reader.available() == 0) {
                return length == 0 ? 0 : -1;
            }
            return reader.read(value, 0, length);
        } catch (IOException e) {
            throw JmsIo.failure(e);
        }
    }

    private <T> T read(Reader<T> op) throws JMSException {
        checkReadable();
        reader.mark(body.length);
        try {
            return op.read(reader);
        } catch (EOFException e) {
            rewindAfterFailure();
            throw JmsIo.endOfBody(e);
        } catch (IOException e) {
            rewindAfterFailure();
            throw JmsIo.failure(e);
        }
    }

    private void rewindAfterFailure() {
        try {
            reader.reset();
        } catch (IOException ignored) {
            // a ByteArrayInputStream always supports reset
        }
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    // ------------------------------------------------------------------ writing

    @Override
    public void writeBoolean(boolean value) throws JMSException {
        write(out -> out.writeBoolean(value));
    }

    @Override
    public void writeByte(byte value) throws JMSException {
        write(out -> out.writeByte(value));
    }

    @Override
    public void writeShort(short value) throws JMSException {
        write(out -> out.writeShort(value));
    }

    @Override
    public void writeChar(char value) throws JMSException {
        write(out -> out.writeChar(value));
    }

    @Override
    public void writeInt(int value) throws JMSException {
        write(out -> out.writeInt(value));
    }

    @Override
    public void writeLong(long value) throws JMSException {
        write(out -> out.writeLong(value));
    }

    @Override
    public void writeFloat(float value) throws JMSException {
        write(out -> out.writeFloat(value));
    }

    @Override
    public void writeDouble(double value) throws JMSException {
        write(out -> out.writeDouble(value));
    }

    @Override
    public void writeUTF(String value) throws JMSException {
        write(out -> out.writeUTF(value));
    }

    @Override
    public void writeBytes(byte[] value) throws JMSException {
        write(out -> out.write(value));
    }

    @Override
    public void writeBytes(byte[] value, int offset, int length) throws JMSException {
        write(out -> out.write(value, offset, length));
    }

    @Override
    public void writeObject(Object value) throws JMSException {
        if (value == null) {
            throw new NullPointerException("BytesMessage.writeObject does not take null");
        }
        if (value instanceof Boolean v) {
            writeBoolean(v);
        } else if (value instanceof Byte v) {
            writeByte(v);
        } else if (value instanceof Short v) {
            writeShort(v);
        } else if (value instanceof Character v) {
            writeChar(v);
        } else if (value instanceof Integer v) {
            writeInt(v);
        } else if (value instanceof Long v) {
            writeLong(v);
        } else if (value instanceof Float v) {
            writeFloat(v);
        } else if (value instanceof Double v) {
            writeDouble(v);
        } else if (value instanceof String v) {
            writeUTF(v);
        } else if (value instanceof byte[] v) {
            writeBytes(v);
        } else {
            throw new MessageFormatException("BytesMessage.writeObject cannot write a " + value.getClass().getName()
                    + "; it takes the boxed primitives, String and byte[]");
        }
    }

    private void write(Writer op) throws JMSException {
        checkWritable();
        try {
            op.write(writer);
        } catch (IOException e) {
            throw JmsIo.failure(e);
        }
    }

    @FunctionalInterface
    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }
}
