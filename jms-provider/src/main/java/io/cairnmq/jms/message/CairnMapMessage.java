package io.cairnmq.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.MessageFormatException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A message whose body is a map of names to primitive values, strings and byte arrays, read
 * with the conversions of section 3.11.3 (the property table, plus char and byte[]).
 */
public final class CairnMapMessage extends CairnMessage implements MapMessage {

    private final Map<String, Object> entries = new LinkedHashMap<>();

    @Override
    public BodyType bodyType() {
        return BodyType.MAP;
    }

    // ------------------------------------------------------------------ reading

    @Override
    public boolean getBoolean(String name) throws JMSException {
        return TypeConversions.toBoolean(entries.get(name));
    }

    @Override
    public byte getByte(String name) throws JMSException {
        return TypeConversions.toByte(entries.get(name));
    }

    @Override
    public short getShort(String name) throws JMSException {
        return TypeConversions.toShort(entries.get(name));
    }

    @Override
    public char getChar(String name) throws JMSException {
        return TypeConversions.toChar(entries.get(name));
    }

    @Override
    public int getInt(String name) throws JMSException {
        return TypeConversions.toInt(entries.get(name));
    }

    @Override
    public long getLong(String name) throws JMSException {
        return TypeConversions.toLong(entries.get(name));
    }

    @Override
    public float getFloat(String name) throws JMSException {
        return TypeConversions.toFloat(entries.get(name));
    }

    @Override
    public double getDouble(String name) throws JMSException {
        return TypeConversions.toDouble(entries.get(name));
    }

    @Override
    public String getString(String name) throws JMSException {
        return TypeConversions.toText(entries.get(name));
    }

    @Override
    public byte[] getBytes(String name) throws JMSException {
        return TypeConversions.toBytes(entries.get(name));
    }

    @Override
    public Object getObject(String name) {
        Object value = entries.get(name);
        return value instanceof byte[] bytes ? bytes.clone() : value;
    }

    @Override
    public Enumeration<String> getMapNames() {
        return Collections.enumeration(entries.keySet());
    }

    @Override
    public boolean itemExists(String name) {
        return entries.containsKey(name);
    }

    // ------------------------------------------------------------------ writing

    @Override
    public void setBoolean(String name, boolean value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setByte(String name, byte value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setShort(String name, short value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setChar(String name, char value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setInt(String name, int value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setLong(String name, long value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setFloat(String name, float value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setDouble(String name, double value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setString(String name, String value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setBytes(String name, byte[] value) throws JMSException {
        put(name, value == null ? null : value.clone());
    }

    @Override
    public void setBytes(String name, byte[] value, int offset, int length) throws JMSException {
        byte[] part = new byte[length];
        System.arraycopy(value, offset, part, 0, length);
        put(name, part);
    }

    @Override
    public void setObject(String name, Object value) throws JMSException {
        if (value != null && !TypedValues.isMapValue(value)) {
            throw new MessageFormatException("A MapMessage cannot hold a " + value.getClass().getName()
                    + "; it takes the boxed primitives, Character, String and byte[]");
        }
        put(name, value instanceof byte[] bytes ? bytes.clone() : value);
    }

    private void put(String name, Object value) throws JMSException {
        checkWritable();
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("A MapMessage name must not be null or empty");
        }
        entries.put(name, value);
    }

    // ------------------------------------------------------------------ body

    @Override
    public byte[] encodeBody() throws JMSException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(entries.size());
            for (Map.Entry<String, Object> e : entries.entrySet()) {
                out.writeUTF(e.getKey());
                TypedValues.write(out, e.getValue());
            }
        } catch (IOException e) {
            throw JmsIo.failure(e);
        }
        return bytes.toByteArray();
    }

    @Override
    protected void decodeBody(byte[] body) throws JMSException {
        entries.clear();
        if (body == null) {
            return;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
            for (int i = in.readInt(); i > 0; i--) {
                entries.put(in.readUTF(), TypedValues.read(in));
            }
        } catch (IOException e) {
            throw JmsIo.failure(e);
        }
    }

    @Override
    protected void clearBodyContent() {
        entries.clear();
    }

    @Override
    protected Object bodyObject() {
        if (entries.isEmpty()) {
            return null;
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        entries.forEach((k, v) -> copy.put(k, v instanceof byte[] bytes ? bytes.clone() : v));
        return copy;
    }

    @Override
    protected boolean bodyFits(Class<?> c) {
        return c.isAssignableFrom(Map.class);
    }
}
