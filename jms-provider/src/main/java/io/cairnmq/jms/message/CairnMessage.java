package io.cairnmq.jms.message;

import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.Collections;
import java.util.Enumeration;

/**
 * Base of every CairnMQ message: headers, properties, the read-only state of a received
 * message, and {@code getBody}. Subclasses hold only their body and say how it encodes to bytes.
 */
public class CairnMessage implements Message {

    /** The provider sets this property on every received message (section 3.5.11). */
    public static final String DELIVERY_COUNT = "JMSXDeliveryCount";

    private final MessageProperties properties = new MessageProperties();
    private String messageId;
    private long timestamp;
    private String correlationId;
    private Destination replyTo;
    private Destination destination;
    private int deliveryMode = DeliveryMode.PERSISTENT;
    private boolean redelivered;
    private String type;
    private long expiration;
    private long deliveryTime;
    private int priority = Message.DEFAULT_PRIORITY;
    private boolean bodyReadOnly;
    private Acknowledger acknowledger;

    /** What {@link #acknowledge()} does for a received message; set by the consuming session. */
    @FunctionalInterface
    public interface Acknowledger {
        void acknowledge() throws JMSException;
    }

    // ------------------------------------------------------------------ body hooks

    /** The body kind, stored with the message. */
    public BodyType bodyType() {
        return BodyType.MESSAGE;
    }

    /** The body as bytes for the engine, or null for no body. */
    public byte[] encodeBody() throws JMSException {
        return null;
    }

    /** Restores the body of a received message. */
    protected void decodeBody(byte[] body) throws JMSException {
        // a plain Message has no body
    }

    /** Empties the body (the message is writable again afterwards). */
    protected void clearBodyContent() {
        // a plain Message has no body
    }

    /** The body as an object for {@code getBody}, or null when there is none. */
    protected Object bodyObject() throws JMSException {
        return null;
    }

    /** Whether the body could be returned as this type (ignoring an empty body). */
    protected boolean bodyFits(Class<?> c) {
        return true;
    }

    // ------------------------------------------------------------------ body state

    protected final void checkWritable() throws MessageNotWriteableException {
        if (bodyReadOnly) {
            throw new MessageNotWriteableException("The body of a received message is read-only; call clearBody() first");
        }
    }

    protected final void checkReadable() throws MessageNotReadableException {
        if (!bodyReadOnly) {
            throw new MessageNotReadableException("The body is being written; call reset() before reading it");
        }
    }

    protected final boolean isBodyReadOnly() {
        return bodyReadOnly;
    }

    protected final void setBodyReadOnly(boolean readOnly) {
        this.bodyReadOnly = readOnly;
    }

    /** Makes a received message read-only and restores its body. */
    public final void loadReceivedBody(byte[] body) throws JMSException {
        decodeBody(body);
        bodyReadOnly = true;
        properties.setReadOnly(true);
    }

    @Override
    public final void clearBody() throws JMSException {
        clearBodyContent();
        bodyReadOnly = false;
    }

    /** False for the one type whose body getBody cannot return (a StreamMessage). */
    protected boolean bodyIsGettable() {
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public final <T> T getBody(Class<T> c) throws JMSException {
        if (!bodyIsGettable()) {
            throw new MessageFormatException("getBody cannot be used on a " + getClass().getSimpleName()
                    + " (section 3.11.7); read it value by value");
        }
        Object body = bodyObject();
        if (body == null) {
            return null;
        }
        if (!bodyFits(c) || !c.isInstance(body)) {
            throw new MessageFormatException("The body of this " + getClass().getSimpleName()
                    + " cannot be returned as " + c.getName());
        }
        return (T) body;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public final boolean isBodyAssignableTo(Class c) throws JMSException {
        if (!bodyIsGettable()) {
            return false;
        }
        Object body;
        try {
            body = bodyObject();
        } catch (MessageFormatException e) {
            return false; // an ObjectMessage whose object cannot be deserialized here
        }
        return body == null || (bodyFits(c) && c.isInstance(body));
    }

    // ------------------------------------------------------------------ acknowledgement

    public final void setAcknowledger(Acknowledger acknowledger) {
        this.acknowledger = acknowledger;
    }

    @Override
    public final void acknowledge() throws JMSException {
        if (acknowledger != null) {
            acknowledger.acknowledge();
        }
    }

    // ------------------------------------------------------------------ headers

    @Override
    public String getJMSMessageID() {
        return messageId;
    }

    @Override
    public void setJMSMessageID(String id) {
        this.messageId = id;
    }

    @Override
    public long getJMSTimestamp() {
        return timestamp;
    }

    @Override
    public void setJMSTimestamp(long timestamp) {
        this.timestamp = timestamp;
    }

    @Override
    public byte[] getJMSCorrelationIDAsBytes() {
        return correlationId == null ? null : correlationId.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Bytes are kept as a string of the same length (ISO-8859-1 maps each byte to one char). */
    @Override
    public void setJMSCorrelationIDAsBytes(byte[] correlationID) {
        this.correlationId = correlationID == null ? null : new String(correlationID, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void setJMSCorrelationID(String correlationID) {
        this.correlationId = correlationID;
    }

    @Override
    public String getJMSCorrelationID() {
        return correlationId;
    }

    @Override
    public Destination getJMSReplyTo() {
        return replyTo;
    }

    @Override
    public void setJMSReplyTo(Destination replyTo) {
        this.replyTo = replyTo;
    }

    @Override
    public Destination getJMSDestination() {
        return destination;
    }

    @Override
    public void setJMSDestination(Destination destination) {
        this.destination = destination;
    }

    @Override
    public int getJMSDeliveryMode() {
        return deliveryMode;
    }

    @Override
    public void setJMSDeliveryMode(int deliveryMode) throws JMSException {
        if (deliveryMode != DeliveryMode.PERSISTENT && deliveryMode != DeliveryMode.NON_PERSISTENT) {
            throw new JMSException("JMSDeliveryMode must be DeliveryMode.PERSISTENT (2) or NON_PERSISTENT (1), was "
                    + deliveryMode);
        }
        this.deliveryMode = deliveryMode;
    }

    @Override
    public boolean getJMSRedelivered() {
        return redelivered;
    }

    @Override
    public void setJMSRedelivered(boolean redelivered) {
        this.redelivered = redelivered;
    }

    @Override
    public String getJMSType() {
        return type;
    }

    @Override
    public void setJMSType(String type) {
        this.type = type;
    }

    @Override
    public long getJMSExpiration() {
        return expiration;
    }

    @Override
    public void setJMSExpiration(long expiration) {
        this.expiration = expiration;
    }

    @Override
    public long getJMSDeliveryTime() {
        return deliveryTime;
    }

    @Override
    public void setJMSDeliveryTime(long deliveryTime) {
        this.deliveryTime = deliveryTime;
    }

    @Override
    public int getJMSPriority() {
        return priority;
    }

    @Override
    public void setJMSPriority(int priority) throws JMSException {
        if (priority < 0 || priority > 9) {
            throw new JMSException("JMSPriority must be between 0 and 9, was " + priority);
        }
        this.priority = priority;
    }

    /** The names of the properties as a live, unmodifiable view (what JMSProducer.getPropertyNames gives). */
    public final Set<String> propertyNameView() {
        return Collections.unmodifiableSet(properties.asMap().keySet());
    }

    // ------------------------------------------------------------------ properties

    @Override
    public void clearProperties() {
        properties.clear();
    }

    @Override
    public boolean propertyExists(String name) {
        return properties.exists(name);
    }

    @Override
    public boolean getBooleanProperty(String name) throws JMSException {
        return TypeConversions.toBoolean(properties.get(name));
    }

    @Override
    public byte getByteProperty(String name) throws JMSException {
        return TypeConversions.toByte(properties.get(name));
    }

    @Override
    public short getShortProperty(String name) throws JMSException {
        return TypeConversions.toShort(properties.get(name));
    }

    @Override
    public int getIntProperty(String name) throws JMSException {
        return TypeConversions.toInt(properties.get(name));
    }

    @Override
    public long getLongProperty(String name) throws JMSException {
        return TypeConversions.toLong(properties.get(name));
    }

    @Override
    public float getFloatProperty(String name) throws JMSException {
        return TypeConversions.toFloat(properties.get(name));
    }

    @Override
    public double getDoubleProperty(String name) throws JMSException {
        return TypeConversions.toDouble(properties.get(name));
    }

    @Override
    public String getStringProperty(String name) throws JMSException {
        return TypeConversions.toText(properties.get(name));
    }

    @Override
    public Object getObjectProperty(String name) {
        return properties.get(name);
    }

    @Override
    public Enumeration<String> getPropertyNames() {
        return properties.names();
    }

    @Override
    public void setBooleanProperty(String name, boolean value) throws JMSException {
        properties.set(name, value);
    }

    @Override
    public void setByteProperty(String name, byte value) throws JMSException {
        properties.set(name, value);
    }

    @Override
    public void setShortProperty(String name, short value) throws JMSException {
        properties.set(name, value);
    }

    @Override
    public void setIntProperty(String name, int value) throws JMSException {
        properties.set(name, value);
    }

    @Override
    public void setLongProperty(String name, long value) throws JMSException {
        properties.set(name, value);
    }

    @Override
    public void setFloatProperty(String name, float value) throws JMSException {
        properties.set(name, value);
    }

    @Override
    public void setDoubleProperty(String name, double value) throws JMSException {
        properties.set(name, value);
    }

    @Override
    public void setStringProperty(String name, String value) throws JMSException {
        properties.set(name, value);
    }

    @Override
    public void setObjectProperty(String name, Object value) throws JMSException {
        properties.set(name, value);
    }

    /** The properties as they go to the engine. */
    final java.util.Map<String, Object> propertyMap() {
        return properties.asMap();
    }

    final void loadProperties(java.util.Map<String, Object> received, int deliveryCount) {
        properties.load(received);
        properties.putProviderValue(DELIVERY_COUNT, deliveryCount);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{id=" + messageId + ", destination=" + destination + "}";
    }
}
