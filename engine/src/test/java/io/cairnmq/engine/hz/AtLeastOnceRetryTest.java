package io.cairnmq.engine.hz;

import com.hazelcast.map.IMap;
import io.cairnmq.engine.api.Redelivery;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.hz.member.ShardCalls;
import io.cairnmq.engine.hz.member.ShardKey;
import io.cairnmq.engine.hz.member.LeaseReply;
import io.cairnmq.engine.hz.member.StatsReply;
import io.cairnmq.engine.hz.ops.AcknowledgeMessages;
import io.cairnmq.engine.hz.ops.EnqueueBatch;
import io.cairnmq.engine.hz.ops.LeaseMessages;
import io.cairnmq.engine.hz.ops.ReadShardStats;
import io.cairnmq.engine.hz.ops.ReleaseGoneHolders;
import io.cairnmq.engine.hz.ops.ReleaseLeases;
import io.cairnmq.engine.hz.ops.ShardOperation;
import io.cairnmq.engine.queue.Holder;
import io.cairnmq.engine.topic.Origin;
import io.cairnmq.engine.queue.ShardEntry;
import io.cairnmq.engine.queue.StoredMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hazelcast may run an operation twice (a retry after its target left). Each shard operation
 * is sent twice here, from a member that does not own the shard, so each run arrives as a
 * fresh copy; then the owner is killed and the promoted backup must hold the same state.
 */
@Timeout(120)
class AtLeastOnceRetryTest {

    private static final Holder ALICE = new Holder("m", "c1", "alice");
    private static final Origin ORIGIN = new Origin("c0", null);

    @TempDir
    Path dataDir;
    private TestCluster cluster;
    private IMap<ShardKey, ShardEntry> viaNonOwner;
    private ShardKey key;
    private ShardCalls calls;

    @BeforeEach
    void start() {
        cluster = TestCluster.start(2, dataDir);
        DestinationName queue = cluster.queueOwnedBy(0, 0, 1);
        key = new ShardKey(queue.qualified(), 0);
        viaNonOwner = cluster.engine(1).shards();
        calls = new ShardCalls(viaNonOwner, Runnable::run, null, cluster.engine(1).member());
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void everyOperationRunTwiceHasTheEffectOfOneAndTheBackupAgrees() {
        List<MessageRecord> batch = List.of(msg("a"), msg("b"), msg("c"), msg("d"));
        twice(new EnqueueBatch("producer-1", 1, batch, ORIGIN));
        assertCounts(4, 0);

        LeaseReply first = calls.call(key, new LeaseMessages(ALICE, "token-1", 3, new long[0], null));
        LeaseReply retried = calls.call(key, new LeaseMessages(ALICE, "token-1", 3, new long[0], null));
        assertEquals(ids(first.messages()), ids(retried.messages()));
        assertEquals(List.of("a", "b", "c"), ids(first.messages()));
        assertCounts(1, 3);

        long a = first.messages().get(0).sequence();
        long b = first.messages().get(1).sequence();
        long c = first.messages().get(2).sequence();
        twice(new AcknowledgeMessages(ALICE, new long[] {a}));
        assertCounts(1, 2);

        twice(new ReleaseLeases(ALICE, new long[] {b}, Redelivery.COUNTED));
        assertCounts(2, 1);

        twice(new ReleaseGoneHolders(ReleaseGoneHolders.Scope.CONNECTION, "c1"));
        assertCounts(3, 0);

        // The owner dies; the backup, which replayed each decision once, takes over.
        cluster.terminate(0);
        await().until(() -> cluster.engine(1).hazelcast().getCluster().getMembers().size() == 1);
        assertCounts(3, 0);
        LeaseReply after = calls.call(key, new LeaseMessages(ALICE, "token-2", 10, new long[0], null));
        assertEquals(List.of("b", "c", "d"), ids(after.messages()));
        assertEquals(2, after.messages().get(0).toDelivery(0).deliveryCount(), "b was released as redelivered");
        assertEquals(2, after.messages().get(1).toDelivery(0).deliveryCount(), "c went back with its gone holder");
        assertEquals(1, after.messages().get(2).toDelivery(0).deliveryCount(), "d was never delivered");
        assertTrue(after.messages().stream().noneMatch(m -> m.sequence() == a), "a stays acknowledged");
        assertEquals(c, after.messages().get(1).sequence());
    }

    @Test
    void aRetriedBatchAfterOtherProducersStillStoresOnce() {
        EnqueueBatch batch = new EnqueueBatch("p1", 1, List.of(msg("x")), ORIGIN);
        viaNonOwner.executeOnKey(key, batch);
        viaNonOwner.executeOnKey(key, new EnqueueBatch("p2", 1, List.of(msg("y")), ORIGIN));
        viaNonOwner.executeOnKey(key, batch);
        assertCounts(2, 0);
        cluster.terminate(0);
        await().until(() -> cluster.engine(1).hazelcast().getCluster().getMembers().size() == 1);
        assertCounts(2, 0);
    }

    private void twice(ShardOperation<?> operation) {
        viaNonOwner.executeOnKey(key, operation);
        viaNonOwner.executeOnKey(key, operation);
    }

    private void assertCounts(int ready, int leased) {
        StatsReply stats = viaNonOwner.executeOnKey(key, new ReadShardStats());
        assertEquals(ready, stats.ready(), "ready");
        assertEquals(leased, stats.leased(), "leased");
    }

    private static MessageRecord msg(String id) {
        return MessageRecord.builder(id).persistent(true).body(new byte[] {7}).build();
    }

    private static List<String> ids(List<StoredMessage> messages) {
        return messages.stream().map(m -> m.message().id()).toList();
    }
}
