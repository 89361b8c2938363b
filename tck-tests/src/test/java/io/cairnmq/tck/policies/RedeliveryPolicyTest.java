package io.cairnmq.tck.policies;

import io.cairnmq.engine.api.MovedMessages;
import io.cairnmq.tck.EmbeddedBroker;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The broker's redelivery policy, set per destination pattern: a message put back after a
 * failed delivery is held back on its queue for the redelivery delay (growing by the multiplier)
 * while other messages flow; after the maximum delivery attempts it is moved, in one step, to the
 * dead-letter queue with where it came from, why, and how often it failed; without a
 * dead-letter queue it is dropped. An expired message goes to the expiry queue when one is set.
 */
@Timeout(60)
class RedeliveryPolicyTest {

    private static final String DEAD_LETTERS = "dead.letters";

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker(Map.ofEntries(
            Map.entry("queue.slow.>.redeliveryDelay", "400"),
            Map.entry("queue.slow.>.redeliveryMultiplier", "2"),
            Map.entry("queue.slow.>.maxDeliveryAttempts", "0"),
            Map.entry("queue.dead.>.maxDeliveryAttempts", "3"),
            Map.entry("queue.dead.>.deadLetterQueue", DEAD_LETTERS),
            Map.entry("queue.drop.>.maxDeliveryAttempts", "2"),
            Map.entry("queue.drop.>.deadLetterQueue", ""),
            Map.entry("queue.expiring.>.expiryQueue", "expired.messages"),
            Map.entry("topic.news.>.maxDeliveryAttempts", "2"),
            Map.entry("topic.news.>.deadLetterQueue", DEAD_LETTERS),
            Map.entry("queue.orders.>.maxDeliveryAttempts", "4"),
            Map.entry("queue.listened.>.maxDeliveryAttempts", "6"),
            Map.entry("queue.listened.>.deadLetterQueue", DEAD_LETTERS),
            Map.entry("queue.paced.>.redeliveryDelay", "300"),
            Map.entry("expiryScanMillis", "200"),
            Map.entry("queue.stuck.>.maxDeliveryAttempts", "1"),
            Map.entry("queue.stuck.>.deadLetterQueue", "full.letters"),
            Map.entry("queue.full.letters.maxMessages", "1"),
            Map.entry("queue.full.letters.limitPolicy", "fail")));

    @Test
    @DisplayName("A rolled-back message is held back for the redelivery delay, growing by the multiplier, while later ones flow")
    void heldBackForTheDelay() throws Exception {
        Connection connection = BROKER.startedConnection();
        Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
        Queue queue = session.createQueue("slow." + UUID.randomUUID());
        MessageProducer producer = session.createProducer(queue);
        for (String text : new String[] {"a", "b", "c"}) {
            producer.send(session.createTextMessage(text));
        }
        session.commit();
        MessageConsumer consumer = session.createConsumer(queue);
        assertEquals("a", text(consumer.receive(5000)));
        long firstRollback = System.nanoTime();
        session.rollback();
        assertEquals("b", text(consumer.receive(5000)), "a later message is not held up by the one held back");
        assertEquals("c", text(consumer.receive(5000)));
        session.commit();

        Message again = consumer.receive(10_000);
        long firstWait = elapsedMillis(firstRollback);
        assertEquals("a", text(again));
        assertTrue(again.getJMSRedelivered());
        assertEquals(2, again.getIntProperty("JMSXDeliveryCount"));
        assertTrue(firstWait >= 390, "held back for the delay of 400 ms, came after " + firstWait + " ms");

        long secondRollback = System.nanoTime();
        session.rollback();
        Message third = consumer.receive(10_000);
        long secondWait = elapsedMillis(secondRollback);
        assertEquals("a", text(third));
        assertEquals(3, third.getIntProperty("JMSXDeliveryCount"));
        assertTrue(secondWait >= 790, "the second delay is 400 ms times 2, came after " + secondWait + " ms");
        session.commit();
        assertNull(consumer.receive(200));
    }

    @Test
    @DisplayName("After the maximum delivery attempts a message is in the dead-letter queue, with where it came from, why and how often")
    void outOfAttemptsGoesToTheDeadLetterQueue() throws Exception {
        Connection connection = BROKER.startedConnection();
        Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
        String name = "dead." + UUID.randomUUID();
        Queue queue = session.createQueue(name);
        session.createProducer(queue).send(session.createTextMessage("poison"));
        session.commit();
        MessageConsumer consumer = session.createConsumer(queue);
        String id = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            Message m = consumer.receive(5000);
            assertEquals("poison", text(m));
            assertEquals(attempt, m.getIntProperty("JMSXDeliveryCount"));
            id = m.getJMSMessageID();
            session.rollback();
        }
        assertNull(consumer.receive(300), "three deliveries failed: it is not delivered a fourth time");
        consumer.close();
        await().atMost(10, TimeUnit.SECONDS).until(() -> BROKER.stats(name).depth() == 0);

        Message dead = deadLetterOf(session, DEAD_LETTERS, "queue:" + name);
        assertEquals("poison", text(dead));
        assertEquals(id, dead.getJMSMessageID(), "the same message, not a new one");
        assertEquals(3, dead.getIntProperty(MovedMessages.DELIVERY_ATTEMPTS));
        assertTrue(dead.getStringProperty(MovedMessages.REASON).contains("maxDeliveryAttempts 3"),
                dead.getStringProperty(MovedMessages.REASON));
        session.commit();
    }

    @Test
    @DisplayName("A move the dead-letter queue refuses leaves the message where it was, not delivered, until it fits")
    void aRefusedMoveIsTriedAgain() throws Exception {
        Connection connection = BROKER.startedConnection();
        Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
        Queue full = session.createQueue("full.letters");
        session.createProducer(full).send(session.createTextMessage("already there"));
        String name = "stuck." + UUID.randomUUID();
        Queue queue = session.createQueue(name);
        session.createProducer(queue).send(session.createTextMessage("poison"));
        session.commit();
        MessageConsumer consumer = session.createConsumer(queue);
        assertEquals("poison", text(consumer.receive(5000)));
        session.rollback();
        assertNull(consumer.receive(2500), "out of attempts: not delivered, though it cannot move yet");
        assertEquals(1, BROKER.stats(name).depth(), "still in its queue");
        try (MessageConsumer drain = session.createConsumer(full)) {
            assertEquals("already there", text(drain.receive(5000)));
            session.commit();
        }
        Message moved = deadLetterOf(session, "full.letters", "queue:" + name);
        assertEquals("poison", text(moved));
        session.commit();
        await().atMost(10, TimeUnit.SECONDS).until(() -> BROKER.stats(name).depth() == 0);
    }

    @Test
    @DisplayName("Without a dead-letter queue a message out of attempts is dropped")
    void droppedWithoutADeadLetterQueue() throws Exception {
        Connection connection = BROKER.startedConnection();
        Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
        String name = "drop." + UUID.randomUUID();
        Queue queue = session.createQueue(name);
        MessageProducer producer = session.createProducer(queue);
        producer.send(session.createTextMessage("poison"));
        producer.send(session.createTextMessage("fine"));
        session.commit();
        MessageConsumer consumer = session.createConsumer(queue);
        for (int attempt = 1; attempt <= 2; attempt++) {
            assertEquals("poison", text(consumer.receive(5000)));
            session.rollback();
        }
        assertEquals("fine", text(consumer.receive(5000)));
        session.commit();
        assertNull(consumer.receive(300));
        await().atMost(10, TimeUnit.SECONDS).until(() -> BROKER.stats(name).depth() == 0);
    }

    @Test
    @DisplayName("An expired message is moved to the expiry queue, with its destination and expiration, and does not expire there")
    void expiredGoesToTheExpiryQueue() throws Exception {
        Connection connection = BROKER.startedConnection();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        String name = "expiring." + UUID.randomUUID();
        Queue queue = session.createQueue(name);
        MessageProducer producer = session.createProducer(queue);
        producer.setTimeToLive(300);
        TextMessage sent = session.createTextMessage("late");
        producer.send(sent);
        long expiration = sent.getJMSExpiration();
        await().atMost(10, TimeUnit.SECONDS).until(() -> System.currentTimeMillis() > expiration);
        MessageConsumer consumer = session.createConsumer(queue);
        assertNull(consumer.receive(300), "an expired message is not delivered");
        consumer.close();
        await().atMost(10, TimeUnit.SECONDS).until(() -> BROKER.stats(name).depth() == 0);

        Message moved = deadLetterOf(session, "expired.messages", "queue:" + name);
        assertEquals("late", text(moved));
        assertEquals(expiration, moved.getLongProperty(MovedMessages.ORIGINAL_EXPIRATION));
        assertEquals(0, moved.getJMSExpiration(), "the moved copy does not expire");
    }

    @Test
    @DisplayName("Expired messages nobody consumes are moved to the expiry queue by the broker's scan, or dropped without one")
    void expiredBacklogNobodyConsumes() throws Exception {
        Connection connection = BROKER.startedConnection();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        String moving = "expiring." + UUID.randomUUID();
        String vanishing = "vanishing." + UUID.randomUUID();
        for (String name : List.of(moving, vanishing)) {
            MessageProducer producer = session.createProducer(session.createQueue(name));
            producer.setTimeToLive(300);
            for (int i = 0; i < 5; i++) {
                producer.send(session.createTextMessage("late-" + i));
            }
            producer.setTimeToLive(0);
            producer.send(session.createTextMessage("stays"));
        }
        await().atMost(15, TimeUnit.SECONDS).until(() -> BROKER.stats(moving).depth() == 1
                && BROKER.stats(vanishing).depth() == 1);
        try (MessageConsumer consumer = session.createConsumer(session.createQueue("expired.messages"),
                MovedMessages.ORIGINAL_DESTINATION + " = 'queue:" + moving + "'")) {
            List<String> moved = new ArrayList<>();
            for (Message m = consumer.receive(5000); m != null; m = consumer.receive(300)) {
                moved.add(text(m));
            }
            assertEquals(List.of("late-0", "late-1", "late-2", "late-3", "late-4"), moved);
        }
    }

    @Test
    @DisplayName("A topic subscription's message out of attempts goes to the dead-letter queue naming the topic and subscription")
    void subscriptionsToo() throws Exception {
        Connection connection = BROKER.connection();
        connection.setClientID(EmbeddedBroker.unique("client"));
        connection.start();
        Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
        String name = "news." + UUID.randomUUID();
        Topic topic = session.createTopic(name);
        MessageConsumer subscriber = session.createDurableConsumer(topic, "reader");
        session.createProducer(topic).send(session.createTextMessage("bad news"));
        session.commit();
        for (int attempt = 1; attempt <= 2; attempt++) {
            assertEquals("bad news", text(subscriber.receive(5000)));
            session.rollback();
        }
        assertNull(subscriber.receive(300));
        Message dead = deadLetterOf(session, DEAD_LETTERS, "topic:" + name);
        assertEquals("bad news", text(dead));
        assertNotNull(dead.getStringProperty(MovedMessages.ORIGINAL_SUBSCRIPTION));
        assertEquals(2, dead.getIntProperty(MovedMessages.DELIVERY_ATTEMPTS));
        session.commit();
        subscriber.close();
        session.unsubscribe("reader");
    }

    @Test
    @DisplayName("A poison message under a transacted listener ends in the DLQ after the attempts; every other message is processed once and the listener goes on")
    void poisonMessageUnderATransactedListener() throws Exception {
        Connection connection = BROKER.startedConnection();
        Session producing = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        String name = "orders." + UUID.randomUUID();
        Queue queue = producing.createQueue(name);
        MessageProducer producer = producing.createProducer(queue);
        Session listening = connection.createSession(true, Session.SESSION_TRANSACTED);
        List<String> processed = new CopyOnWriteArrayList<>();
        AtomicInteger poisonAttempts = new AtomicInteger();
        listening.createConsumer(queue).setMessageListener(m -> {
            // As a listener container does: a failure rolls the transaction back.
            try {
                String text = text(m);
                if (text.equals("poison")) {
                    poisonAttempts.incrementAndGet();
                    throw new IllegalStateException("this one always fails");
                }
                processed.add(text);
                listening.commit();
            } catch (Exception e) {
                rollBack(listening);
            }
        });
        for (int i = 0; i < 30; i++) {
            producer.send(producing.createTextMessage(i == 10 ? "poison" : "order-" + i));
        }
        Message dead = deadLetterOf(producing, "DLQ", "queue:" + name);
        assertEquals("poison", text(dead));
        assertEquals(4, dead.getIntProperty(MovedMessages.DELIVERY_ATTEMPTS));
        for (int i = 30; i < 40; i++) {
            producer.send(producing.createTextMessage("order-" + i));
        }
        await().atMost(20, TimeUnit.SECONDS).until(() -> processed.size() >= 39);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            if (i != 10) {
                expected.add("order-" + i);
            }
        }
        assertEquals(expected, processed.stream().sorted(Comparator.comparingInt(t -> Integer.parseInt(t.substring(6))))
                .toList(), "every other message processed once");
        assertEquals(4, poisonAttempts.get(), "the poison message was delivered maxDeliveryAttempts times");
        await().atMost(10, TimeUnit.SECONDS).until(() -> BROKER.stats(name).depth() == 0);
    }

    @Test
    @DisplayName("An AUTO_ACKNOWLEDGE listener that always throws gets the message maxDeliveryAttempts times, its own immediate redeliveries counted")
    void listenerFailuresCountTowardsTheAttempts() throws Exception {
        Connection connection = BROKER.startedConnection();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        String name = "listened." + UUID.randomUUID();
        Queue queue = session.createQueue(name);
        List<Integer> counts = new CopyOnWriteArrayList<>();
        session.createConsumer(queue).setMessageListener(m -> {
            try {
                counts.add(m.getIntProperty("JMSXDeliveryCount"));
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
            throw new IllegalStateException("this one always fails");
        });
        Session sending = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        sending.createProducer(queue).send(sending.createTextMessage("poison"));
        Message dead = deadLetterOf(sending, DEAD_LETTERS, "queue:" + name);
        assertEquals(List.of(1, 2, 3, 4, 5, 6), counts, "six deliveries, counted one by one");
        assertEquals(6, dead.getIntProperty(MovedMessages.DELIVERY_ATTEMPTS));
    }

    @Test
    @DisplayName("With a redelivery delay an AUTO_ACKNOWLEDGE listener's failed message is held back too, not redelivered at once")
    void listenerFailuresAreHeldBackByTheDelay() throws Exception {
        Connection connection = BROKER.startedConnection();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("paced." + UUID.randomUUID());
        List<Long> times = new CopyOnWriteArrayList<>();
        session.createConsumer(queue).setMessageListener(m -> {
            times.add(System.nanoTime());
            if (times.size() == 1) {
                throw new IllegalStateException("the first delivery fails");
            }
        });
        Session sending = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        sending.createProducer(queue).send(sending.createTextMessage("m"));
        await().atMost(10, TimeUnit.SECONDS).until(() -> times.size() == 2);
        long waited = TimeUnit.NANOSECONDS.toMillis(times.get(1) - times.get(0));
        assertTrue(waited >= 290, "held back for the delay of 300 ms, came again after " + waited + " ms");
    }

    private static void rollBack(Session session) {
        try {
            session.rollback();
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The one message the queue holds that came from {@code origin}; the session commits it. */
    private static Message deadLetterOf(Session session, String queue, String origin) throws JMSException {
        try (MessageConsumer consumer = session.createConsumer(session.createQueue(queue),
                MovedMessages.ORIGINAL_DESTINATION + " = '" + origin + "'")) {
            Message m = consumer.receive(10_000);
            assertNotNull(m, "nothing from " + origin + " in " + queue);
            assertEquals(origin, m.getStringProperty(MovedMessages.ORIGINAL_DESTINATION));
            assertNull(consumer.receive(200), "only one copy of it");
            return m;
        }
    }

    private static long elapsedMillis(long sinceNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sinceNanos);
    }

    private static String text(Message m) throws JMSException {
        assertNotNull(m, "no message");
        return ((TextMessage) m).getText();
    }
}
