package io.cairnmq.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.TextMessage;

import java.nio.charset.StandardCharsets;

/** A message whose body is one string, carried as UTF-8. */
public final class CairnTextMessage extends CairnMessage implements TextMessage {

    private String text;

    public CairnTextMessage() {
    }

    public CairnTextMessage(String text) {
        this.text = text;
    }

    @Override
    public BodyType bodyType() {
        return BodyType.TEXT;
    }

    @Override
    public void setText(String text) throws JMSException {
        checkWritable();
        this.text = text;
    }

    @Override
    public String getText() {
        return text;
    }

    @Override
    public byte[] encodeBody() {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void decodeBody(byte[] body) {
        text = body == null ? null : new String(body, StandardCharsets.UTF_8);
    }

    @Override
    protected void clearBodyContent() {
        text = null;
    }

    @Override
    protected Object bodyObject() {
        return text;
    }
}
