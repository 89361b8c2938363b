package io.cairnmq.tck.policies;

import io.cairnmq.tck.EmbeddedBroker;
import jakarta.jms.Connection;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jakarta Messaging 3.1, section 3.5.9 (JMSXGroupID, JMSXGroupSeq): messages of one group go to
 * one consumer at a time, in order; groups are spread over the consumers; a group moves to
 * another consumer when its consumer closes; JMSXGroupSeq -1 ends a group.
 */
@Timeout(60)
class MessageGroupsTest {

    private static final int GROUPS = 12;

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    /** What each consumer received: group and number, in order. */
    private final Map<String, List<String>> received = new ConcurrentHashMap<>();

    @Test
    @DisplayName("3.5.9 A group's messages go to one consumer, in order; groups are spread; a closed consumer's groups move on")
    void groupsStickToOneConsumerAndMoveWhenItCloses() throws Exception {
        Session producing = BROKER.startedConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = producing.createQueue(EmbeddedBroker.uniqueQueue());
        MessageConsumer first = listen(queue, "first");
        listen(queue, "second");
        MessageProducer producer = producing.createProducer(queue);
        send(producing, producer, 0, 20);
        await().atMost(20, TimeUnit.SECONDS).until(() -> total() == GROUPS * 20);
        Map<String, String> ownerOfGroup = owners();
        assertEquals(GROUPS, ownerOfGroup.size(), "each group went to one consumer only: " + received);
        long firsts = ownerOfGroup.values().stream().filter("first"::equals).count();
        assertTrue(firsts >= GROUPS / 4 && firsts <= GROUPS - GROUPS / 4,
                "the groups are spread over both consumers: " + ownerOfGroup);
        assertInOrder();

        first.close();
        received.values().forEach(List::clear);
        send(producing, producer, 20, 10);
        await().atMost(20, TimeUnit.SECONDS).until(() -> total() == GROUPS * 10);
        assertEquals(Set.of("second"), new HashSet<>(owners().values()), "the closed consumer's groups moved on");
        assertInOrder();
    }

    @Test
    @DisplayName("3.5.9 JMSXGroupSeq -1 ends a group: its next messages may go to another consumer")
    void theLastMessageEndsTheGroup() throws Exception {
        Session producing = BROKER.startedConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = producing.createQueue(EmbeddedBroker.uniqueQueue());
        Session one = BROKER.startedConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer firstConsumer = one.createConsumer(queue);
        MessageProducer producer = producing.createProducer(queue);
        Message opening = producing.createTextMessage("a");
        opening.setStringProperty("JMSXGroupID", "g");
        producer.send(opening);
        assertEquals("g", firstConsumer.receive(5000).getStringProperty("JMSXGroupID"));
        Session two = BROKER.startedConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer secondConsumer = two.createConsumer(queue);
        Message next = producing.createTextMessage("b");
        next.setStringProperty("JMSXGroupID", "g");
        producer.send(next);
        assertEquals(null, secondConsumer.receive(500), "the group is the first consumer's");
        assertEquals("b", ((jakarta.jms.TextMessage) firstConsumer.receive(5000)).getText());
        Message last = producing.createTextMessage("last");
        last.setStringProperty("JMSXGroupID", "g");
        last.setIntProperty("JMSXGroupSeq", -1);
        producer.send(last);
        assertEquals("last", ((jakarta.jms.TextMessage) firstConsumer.receive(5000)).getText());
        firstConsumer.close();
        Message again = producing.createTextMessage("again");
        again.setStringProperty("JMSXGroupID", "g");
        producer.send(again);
        assertEquals("again", ((jakarta.jms.TextMessage) secondConsumer.receive(5000)).getText());
    }

    private MessageConsumer listen(Queue queue, String name) throws JMSException {
        Connection connection = BROKER.startedConnection();
        MessageConsumer consumer = connection.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(queue);
        List<String> log = new CopyOnWriteArrayList<>();
        received.put(name, log);
        consumer.setMessageListener(m -> {
            try {
                received.get(name).add(m.getStringProperty("JMSXGroupID") + ":" + m.getIntProperty("n"));
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        });
        return consumer;
    }

    private void send(Session session, MessageProducer producer, int from, int count) throws JMSException {
        for (int n = from; n < from + count; n++) {
            for (int g = 0; g < GROUPS; g++) {
                Message m = session.createTextMessage("x");
                m.setStringProperty("JMSXGroupID", "g" + g);
                m.setIntProperty("n", n);
                producer.send(m);
            }
        }
    }

    private int total() {
        return received.values().stream().mapToInt(List::size).sum();
    }

    /** Each group and the consumer that received it; a group received by two is not in it. */
    private Map<String, String> owners() {
        Map<String, Set<String>> byGroup = new HashMap<>();
        received.forEach((consumer, log) -> log.forEach(entry ->
                byGroup.computeIfAbsent(entry.split(":")[0], g -> new HashSet<>()).add(consumer)));
        Map<String, String> owners = new HashMap<>();
        byGroup.forEach((group, consumers) -> {
            if (consumers.size() == 1) {
                owners.put(group, consumers.iterator().next());
            }
        });
        return owners;
    }

    private void assertInOrder() {
        received.forEach((consumer, log) -> {
            Map<String, List<Integer>> byGroup = new HashMap<>();
            for (String entry : log) {
                String[] parts = entry.split(":");
                byGroup.computeIfAbsent(parts[0], g -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
            }
            byGroup.forEach((group, numbers) -> {
                List<Integer> sorted = new ArrayList<>(numbers);
                sorted.sort(null);
                assertEquals(sorted, numbers, group + " in order at " + consumer);
            });
        });
    }
}
