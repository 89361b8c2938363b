package io.cairnmq.engine.store.h2;

import io.cairnmq.engine.codec.MessageCodec;
import io.cairnmq.engine.store.JournalRecord;
import io.cairnmq.engine.store.QueueAddress;
import io.cairnmq.engine.topic.SubscriptionDefinition;
import io.cairnmq.engine.tx.TransactionCodec;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The statements of one group commit. Records are executed in the order given, consecutive
 * records of one kind as one JDBC batch.
 */
final class H2Statements implements AutoCloseable {

    private final PreparedStatement store;
    private final PreparedStatement remove;
    private final PreparedStatement redeliver;
    private final PreparedStatement createSubscription;
    private final PreparedStatement dropSubscriptionMessages;
    private final PreparedStatement dropSubscription;
    private final PreparedStatement releaseShardMessages;
    private final PreparedStatement releaseShardSubscriptions;
    private final PreparedStatement releaseShardVersions;
    private final PreparedStatement version;
    private final PreparedStatement dropSubscriptionVersion;
    private final PreparedStatement prepare;
    private final PreparedStatement prepared;
    private final PreparedStatement decide;
    private final PreparedStatement forget;
    private final PreparedStatement releaseShardPrepared;
    private final PreparedStatement releaseShardDecisions;
    private final H2Packs packs;
    private List<PreparedStatement> pending = List.of();

    /** Statements on {@code c}; removals and redeliveries of packed messages go to {@code packs} instead. */
    H2Statements(Connection c, H2Packs packs) throws SQLException {
        this.packs = packs;
        store = c.prepareStatement("MERGE INTO cairn_message"
                + " (destination, shard, subscription, seq, priority, durable, failed, record)"
                + " KEY (destination, shard, subscription, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        remove = c.prepareStatement("DELETE FROM cairn_message"
                + " WHERE destination = ? AND shard = ? AND subscription = ? AND seq = ?");
        redeliver = c.prepareStatement("UPDATE cairn_message SET failed = ?"
                + " WHERE destination = ? AND shard = ? AND subscription = ? AND seq = ?");
        createSubscription = c.prepareStatement("MERGE INTO cairn_subscription"
                + " (destination, id, shared, selector, no_local, no_local_scope) KEY (destination, id)"
                + " VALUES (?, ?, ?, ?, ?, ?)");
        dropSubscriptionMessages = c.prepareStatement("DELETE FROM cairn_message"
                + " WHERE destination = ? AND shard = ? AND subscription = ?");
        dropSubscription = c.prepareStatement("DELETE FROM cairn_subscription WHERE destination = ? AND id = ?");
        releaseShardMessages = c.prepareStatement("DELETE FROM cairn_message WHERE destination = ? AND shard = ?");
        // Only topics have subscriptions, and a topic is one shard: its durable subscriptions go with it.
        releaseShardSubscriptions = c.prepareStatement("DELETE FROM cairn_subscription WHERE destination = ?");
        releaseShardVersions = c.prepareStatement("DELETE FROM cairn_version WHERE destination = ? AND shard = ?");
        version = c.prepareStatement("MERGE INTO cairn_version (destination, shard, subscription, version)"
                + " KEY (destination, shard, subscription) VALUES (?, ?, ?, ?)");
        dropSubscriptionVersion = c.prepareStatement("DELETE FROM cairn_version"
                + " WHERE destination = ? AND shard = ? AND subscription = ?");
        prepare = c.prepareStatement("MERGE INTO cairn_prepared (destination, shard, tx, work) KEY (destination, shard, tx)"
                + " VALUES (?, ?, ?, ?)");
        prepared = c.prepareStatement("DELETE FROM cairn_prepared WHERE destination = ? AND shard = ? AND tx = ?");
        decide = c.prepareStatement("MERGE INTO cairn_decision (destination, shard, tx, participants)"
                + " KEY (destination, shard, tx) VALUES (?, ?, ?, ?)");
        forget = c.prepareStatement("DELETE FROM cairn_decision WHERE destination = ? AND shard = ? AND tx = ?");
        releaseShardPrepared = c.prepareStatement("DELETE FROM cairn_prepared WHERE destination = ? AND shard = ?");
        releaseShardDecisions = c.prepareStatement("DELETE FROM cairn_decision WHERE destination = ? AND shard = ?");
    }

    void add(JournalRecord record) throws SQLException {
        QueueAddress q = record.queue();
        if (record instanceof JournalRecord.Stored s) {
            if (!s.firstWrite() && packs.rewrite(q, s.sequence(), s.failedDeliveries(), s.durable())) {
                return;
            }
            switchTo(List.of(store));
            bindKey(store, 1, q, s.sequence());
            store.setInt(5, s.message().priority());
            store.setBoolean(6, s.durable());
            store.setInt(7, s.failedDeliveries());
            store.setBytes(8, encode(s));
            store.addBatch();
        } else if (record instanceof JournalRecord.Removed r) {
            if (packs.remove(q, r.sequence())) {
                return;
            }
            switchTo(List.of(remove));
            bindKey(remove, 1, q, r.sequence());
            remove.addBatch();
        } else if (record instanceof JournalRecord.Redelivered r) {
            if (packs.redeliver(q, r.sequence(), r.failedDeliveries())) {
                return;
            }
            switchTo(List.of(redeliver));
            redeliver.setInt(1, r.failedDeliveries());
            bindKey(redeliver, 2, q, r.sequence());
            redeliver.addBatch();
        } else if (record instanceof JournalRecord.SubscriptionCreated c) {
            switchTo(List.of(createSubscription));
            SubscriptionDefinition d = c.definition();
            createSubscription.setString(1, q.destination());
            createSubscription.setString(2, q.subscription());
            createSubscription.setBoolean(3, d.shared());
            createSubscription.setString(4, d.selector());
            createSubscription.setBoolean(5, d.noLocal());
            createSubscription.setString(6, d.noLocalScope());
            createSubscription.addBatch();
        } else if (record instanceof JournalRecord.QueueVersion v) {
            switchTo(List.of(version));
            version.setString(1, q.destination());
            version.setInt(2, q.shard());
            version.setString(3, q.subscription());
            version.setLong(4, v.version());
            version.addBatch();
        } else if (record instanceof JournalRecord.QueueCleared) {
            packs.dropQueue(q);
            switchTo(List.of(dropSubscriptionMessages));
            bindQueue(dropSubscriptionMessages, q);
            dropSubscriptionMessages.addBatch();
        } else if (record instanceof JournalRecord.SubscriptionDropped) {
            packs.dropQueue(q);
            switchTo(List.of(dropSubscriptionMessages, dropSubscription, dropSubscriptionVersion));
            bindQueue(dropSubscriptionVersion, q);
            dropSubscriptionVersion.addBatch();
            bindQueue(dropSubscriptionMessages, q);
            dropSubscriptionMessages.addBatch();
            dropSubscription.setString(1, q.destination());
            dropSubscription.setString(2, q.subscription());
            dropSubscription.addBatch();
        } else if (record instanceof JournalRecord.TransactionPrepared t) {
            switchTo(List.of(prepare));
            bindTransaction(prepare, q, t.transaction());
            prepare.setBytes(4, TransactionCodec.toBytes(t.work()));
            prepare.addBatch();
        } else if (record instanceof JournalRecord.TransactionDone t) {
            switchTo(List.of(prepared));
            bindTransaction(prepared, q, t.transaction());
            prepared.addBatch();
        } else if (record instanceof JournalRecord.TransactionCommitted t) {
            switchTo(List.of(decide));
            bindTransaction(decide, q, t.transaction());
            // Participants are shard keys ("destination#shard"), one per line.
            decide.setString(4, String.join("\n", t.participants()));
            decide.addBatch();
        } else if (record instanceof JournalRecord.TransactionForgotten t) {
            switchTo(List.of(forget));
            bindTransaction(forget, q, t.transaction());
            forget.addBatch();
        } else if (record instanceof JournalRecord.ShardReleased released) {
            packs.dropShard(released);
            switchTo(List.of(releaseShardPrepared, releaseShardDecisions));
            for (PreparedStatement p : List.of(releaseShardPrepared, releaseShardDecisions)) {
                p.setString(1, q.destination());
                p.setInt(2, q.shard());
                p.addBatch();
            }
            flush();
            switchTo(List.of(releaseShardMessages, releaseShardSubscriptions, releaseShardVersions));
            releaseShardMessages.setString(1, q.destination());
            releaseShardMessages.setInt(2, q.shard());
            releaseShardMessages.addBatch();
            releaseShardVersions.setString(1, q.destination());
            releaseShardVersions.setInt(2, q.shard());
            releaseShardVersions.addBatch();
            releaseShardSubscriptions.setString(1, q.destination());
            releaseShardSubscriptions.addBatch();
        }
    }

    /** Executes what is batched. */
    void flush() throws SQLException {
        for (PreparedStatement p : pending) {
            p.executeBatch();
        }
        pending = List.of();
    }

    private void switchTo(List<PreparedStatement> next) throws SQLException {
        if (!pending.equals(next)) {
            flush();
            pending = next;
        }
    }

    private static void bindTransaction(PreparedStatement p, QueueAddress entry, String transaction)
            throws SQLException {
        p.setString(1, entry.destination());
        p.setInt(2, entry.shard());
        p.setString(3, transaction);
    }

    private static void bindQueue(PreparedStatement p, QueueAddress queue) throws SQLException {
        p.setString(1, queue.destination());
        p.setInt(2, queue.shard());
        p.setString(3, queue.subscription());
    }

    private static void bindKey(PreparedStatement p, int first, QueueAddress queue, long sequence)
            throws SQLException {
        p.setString(first, queue.destination());
        p.setInt(first + 1, queue.shard());
        p.setString(first + 2, queue.subscription());
        p.setLong(first + 3, sequence);
    }

    private static byte[] encode(JournalRecord.Stored s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.message().estimatedSize());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            MessageCodec.write(out, s.message());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement p : List.of(store, remove, redeliver, createSubscription, dropSubscriptionMessages,
                dropSubscription, releaseShardMessages, releaseShardSubscriptions, releaseShardVersions, version,
                dropSubscriptionVersion, prepare, prepared, decide, forget, releaseShardPrepared,
                releaseShardDecisions)) {
            p.close();
        }
    }
}
