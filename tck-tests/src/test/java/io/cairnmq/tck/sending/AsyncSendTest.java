package io.cairnmq.tck.sending;

import io.cairnmq.tck.EmbeddedBroker;
import jakarta.jms.CompletionListener;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Section 7.3 "Asynchronous send": completion listeners, their order and their thread. */
@Timeout(30)
class AsyncSendTest {

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    @Test
    @DisplayName("7.3 Completion listeners are called in send order, not on the sending thread")
    void completionsInOrder() throws JMSException {
        Session session = BROKER.startedConnection().createSession();
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        MessageProducer producer = session.createProducer(queue);
        List<Integer> completed = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 200; i++) {
            Message m = session.createMessage();
            m.setIntProperty("n", i);
            producer.send(m, new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    try {
                        completed.add(message.getIntProperty("n"));
                        threads.add(Thread.currentThread());
                    } catch (JMSException e) {
                        throw new IllegalStateException(e);
                    }
                }

                @Override
                public void onException(Message message, Exception exception) {
                    completed.add(-1);
                }
            });
        }
        Message last = session.createMessage();
        last.setIntProperty("n", 200);
        producer.send(last);
        await().until(() -> completed.size() == 200);
        for (int i = 0; i < 200; i++) {
            assertEquals(i, completed.get(i));
        }
        assertNotEquals(Thread.currentThread(), threads.get(0));
        MessageConsumer consumer = session.createConsumer(queue);
        for (int i = 0; i <= 200; i++) {
            assertEquals(i, consumer.receive(5_000).getIntProperty("n"), "a synchronous send keeps its place");
        }
    }

    @Test
    @DisplayName("7.3.8 A completion listener cannot close its own session; a null listener is refused")
    void listenerRules() throws JMSException {
        Session session = BROKER.connection().createSession();
        MessageProducer producer = session.createProducer(session.createQueue(EmbeddedBroker.uniqueQueue()));
        AtomicReference<Exception> closeFailure = new AtomicReference<>();
        producer.send(session.createMessage(), new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                try {
                    session.close();
                } catch (Exception e) {
                    closeFailure.set(e);
                }
            }

            @Override
            public void onException(Message message, Exception exception) {
                closeFailure.set(exception);
            }
        });
        await().until(() -> closeFailure.get() != null);
        assertInstanceOf(jakarta.jms.IllegalStateException.class, closeFailure.get());
        assertThrows(IllegalArgumentException.class, () -> producer.send(session.createMessage(), null));
    }
}
