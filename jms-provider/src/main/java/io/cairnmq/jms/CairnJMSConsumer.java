package io.cairnmq.jms;

import jakarta.jms.JMSConsumer;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;

/** The simplified API's consumer: the classic one, with runtime exceptions and receiveBody. */
final class CairnJMSConsumer implements JMSConsumer {

    private final CairnMessageConsumer consumer;

    CairnJMSConsumer(CairnMessageConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public String getMessageSelector() {
        return JmsRuntime.call(consumer::getMessageSelector);
    }

    @Override
    public MessageListener getMessageListener() {
        return JmsRuntime.call(consumer::getMessageListener);
    }

    @Override
    public void setMessageListener(MessageListener listener) {
        JmsRuntime.run(() -> consumer.setMessageListener(listener));
    }

    @Override
    public Message receive() {
        return JmsRuntime.call(consumer::receive);
    }

    @Override
    public Message receive(long timeout) {
        return JmsRuntime.call(() -> consumer.receive(timeout));
    }

    @Override
    public Message receiveNoWait() {
        return JmsRuntime.call(consumer::receiveNoWait);
    }

    @Override
    public void close() {
        JmsRuntime.run(consumer::close);
    }

    @Override
    public <T> T receiveBody(Class<T> c) {
        return JmsRuntime.call(() -> consumer.receiveBody(c, -1));
    }

    @Override
    public <T> T receiveBody(Class<T> c, long timeout) {
        return JmsRuntime.call(() -> consumer.receiveBody(c, timeout <= 0 ? -1 : timeout));
    }

    @Override
    public <T> T receiveBodyNoWait(Class<T> c) {
        return JmsRuntime.call(() -> consumer.receiveBody(c, 0));
    }
}
