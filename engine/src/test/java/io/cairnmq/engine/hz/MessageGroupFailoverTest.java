package io.cairnmq.engine.hz;

import io.cairnmq.engine.api.ConnectionListener;
import io.cairnmq.engine.api.ConsumerSpec;
import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.EngineConnection;
import io.cairnmq.engine.api.EngineConsumer;
import io.cairnmq.engine.api.EngineProducer;
import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.hz.member.ShardKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In a 3-member cluster, the member of the consumer that has a message group dies: the group
 * moves to a consumer on another member, which gets the dead consumer's unacknowledged messages
 * of the group first, marked redelivered, then the rest, in order.
 */
@Timeout(120)
class MessageGroupFailoverTest {

    @TempDir
    Path dataDir;

    @Test
    void aGroupWhoseConsumersMemberDiesMovesOnWithItsUnacknowledgedMessagesFirst() {
        try (TestCluster cluster = TestCluster.start(3, dataDir)) {
            DestinationName queue = DestinationName.queue("grouped");
            int owner = cluster.ownerOf(new ShardKey(queue.qualified(), 0));
            int doomed = (owner + 1) % 3;
            int survivor = (owner + 2) % 3;
            try (EngineConnection sending = cluster.engine(owner).connect(ConnectionListener.IGNORE)) {
                EngineProducer producer = sending.openProducer();
                EngineConnection first = cluster.engine(doomed).connect(ConnectionListener.IGNORE);
                EngineConsumer doomedConsumer = first.openConsumer(ConsumerSpec.of(queue));
                for (int i = 0; i < 10; i++) {
                    producer.send(queue, grouped("g-" + i));
                }
                producer.flush();
                for (int i = 0; i < 4; i++) {
                    Delivery d = doomedConsumer.receive(5_000, false);
                    assertNotNull(d);
                    assertEquals("g-" + i, d.message().id());
                }
                EngineConnection second = cluster.engine(survivor).connect(ConnectionListener.IGNORE);
                EngineConsumer next = second.openConsumer(ConsumerSpec.of(queue));
                assertEquals(null, next.receive(300, false), "the group is the first consumer's");

                cluster.terminate(doomed);
                Map<String, Boolean> received = new LinkedHashMap<>();
                for (Delivery d = next.receive(30_000, true); d != null; d = next.receive(1_000, true)) {
                    received.put(d.message().id(), d.redelivered());
                }
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    expected.add("g-" + i);
                }
                assertEquals(expected, new ArrayList<>(received.keySet()), "the whole group, in order");
                for (int i = 0; i < 4; i++) {
                    assertTrue(received.get("g-" + i), "g-" + i + " was delivered before: redelivered");
                }
                second.close();
            }
        }
    }

    private static MessageRecord grouped(String id) {
        return MessageRecord.builder(id).groupId("g").persistent(true).body(new byte[] {1}).build();
    }
}
