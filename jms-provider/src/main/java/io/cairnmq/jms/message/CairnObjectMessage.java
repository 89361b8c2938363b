package io.cairnmq.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.ObjectMessage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;

/**
 * A message whose body is one serialized object. The object is serialized when it is set (so
 * later changes to it do not change the message) and deserialized on each {@code getObject},
 * only from classes the connection trusts ({@link ObjectAllowList}).
 */
public final class CairnObjectMessage extends CairnMessage implements ObjectMessage {

    private byte[] serialized;
    private ObjectAllowList trusted = ObjectAllowList.EVERYTHING;

    public CairnObjectMessage() {
    }

    public CairnObjectMessage(Serializable object) throws JMSException {
        setObject(object);
    }

    @Override
    public BodyType bodyType() {
        return BodyType.OBJECT;
    }

    /** The classes a received message may deserialize. */
    public void trust(ObjectAllowList allowList) {
        this.trusted = allowList;
    }

    @Override
    public void setObject(Serializable object) throws JMSException {
        checkWritable();
        if (object == null) {
            serialized = null;
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        } catch (IOException e) {
            MessageFormatException failure = new MessageFormatException("Cannot serialize the "
                    + object.getClass().getName() + " for an ObjectMessage: " + e);
            failure.setLinkedException(e);
            throw failure;
        }
        serialized = bytes.toByteArray();
    }

    @Override
    public Serializable getObject() throws JMSException {
        if (serialized == null) {
            return null;
        }
        try (ObjectInputStream in = new TrustingInputStream(new ByteArrayInputStream(serialized), trusted)) {
            return (Serializable) in.readObject();
        } catch (InvalidClassException e) {
            throw new MessageFormatException(e.getMessage());
        } catch (IOException | ClassNotFoundException e) {
            MessageFormatException failure = new MessageFormatException("Cannot deserialize the ObjectMessage body: " + e);
            failure.setLinkedException(e);
            throw failure;
        }
    }

    @Override
    public byte[] encodeBody() {
        return serialized;
    }

    @Override
    protected void decodeBody(byte[] body) {
        serialized = body;
    }

    @Override
    protected void clearBodyContent() {
        serialized = null;
    }

    @Override
    protected Object bodyObject() throws JMSException {
        return getObject();
    }

    /** Reads only classes of trusted packages, failing with a message that says how to trust more. */
    private static final class TrustingInputStream extends ObjectInputStream {
        private final ObjectAllowList trusted;

        TrustingInputStream(InputStream in, ObjectAllowList trusted) throws IOException {
            super(in);
            this.trusted = trusted;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            if (!trusted.allows(desc.getName())) {
                throw new InvalidClassException(desc.getName(), "this class is not in the trusted packages ["
                        + trusted + "]; add its package to the connection URL option trustedPackages");
            }
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            if (context != null) {
                try {
                    return Class.forName(desc.getName(), false, context);
                } catch (ClassNotFoundException ignored) {
                    // not visible to the application's loader: try the default resolution below
                }
            }
            return super.resolveClass(desc);
        }
    }
}
