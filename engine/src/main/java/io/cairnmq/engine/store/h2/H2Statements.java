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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The journal writer's statements, on its own connection, kept from one group commit to the
 * next: H2 does not keep most of these parsed for a connection, and parsing them for every
 * group cost the writer a quarter of its time. Records are executed in the order given,
 * consecutive records of one kind as one JDBC batch.
 */
final class H2Statements implements AutoCloseable {

    /** The statements a group may need; each is prepared the first time the group uses it. */
    enum Sql {
        STORE("MERGE INTO cairn_message (destination, shard, subscription, seq, priority, durable, failed, record)"
                + " KEY (destination, shard, subscription, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
        REMOVE("DELETE FROM cairn_message WHERE destination = ? AND shard = ? AND subscription = ? AND seq = ?"),
        REDELIVER("UPDATE cairn_message SET failed = ? WHERE destination = ? AND shard = ? AND subscription = ? AND seq = ?"),
        CREATE_SUBSCRIPTION("MERGE INTO cairn_subscription (destination, id, shared, selector, no_local, no_local_scope)"
                + " KEY (destination, id) VALUES (?, ?, ?, ?, ?, ?)"),
        DROP_SUBSCRIPTION_MESSAGES("DELETE FROM cairn_message WHERE destination = ? AND shard = ? AND subscription = ?"),
        DROP_SUBSCRIPTION("DELETE FROM cairn_subscription WHERE destination = ? AND id = ?"),
        RELEASE_SHARD_MESSAGES("DELETE FROM cairn_message WHERE destination = ? AND shard = ?"),
        // Only topics have subscriptions, and a topic is one shard: its durable subscriptions go with it.
        RELEASE_SHARD_SUBSCRIPTIONS("DELETE FROM cairn_subscription WHERE destination = ?"),
        RELEASE_SHARD_VERSIONS("DELETE FROM cairn_version WHERE destination = ? AND shard = ?"),
        VERSION("MERGE INTO cairn_version (destination, shard, subscription, version)"
                + " KEY (destination, shard, subscription) VALUES (?, ?, ?, ?)"),
        DROP_SUBSCRIPTION_VERSION("DELETE FROM cairn_version WHERE destination = ? AND shard = ? AND subscription = ?"),
        PREPARE("MERGE INTO cairn_prepared (destination, shard, tx, work) KEY (destination, shard, tx) VALUES (?, ?, ?, ?)"),
        PREPARED("DELETE FROM cairn_prepared WHERE destination = ? AND shard = ? AND tx = ?"),
        DECIDE("MERGE INTO cairn_decision (destination, shard, tx, participants) KEY (destination, shard, tx)"
                + " VALUES (?, ?, ?, ?)"),
        FORGET("DELETE FROM cairn_decision WHERE destination = ? AND shard = ? AND tx = ?"),
        RELEASE_SHARD_PREPARED("DELETE FROM cairn_prepared WHERE destination = ? AND shard = ?"),
        RELEASE_SHARD_DECISIONS("DELETE FROM cairn_decision WHERE destination = ? AND shard = ?"),
        PACK_INSERT("INSERT INTO cairn_pack (id, destination, shard, subscription, durable, seqs, priorities, failed, gone)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        PACK_BODY_INSERT("INSERT INTO cairn_pack_body (id, bodies) VALUES (?, ?)"),
        PACK_UPDATE("UPDATE cairn_pack SET failed = ?, gone = ? WHERE id = ?"),
        PACK_DELETE("DELETE FROM cairn_pack WHERE id = ?"),
        PACK_BODY_DELETE("DELETE FROM cairn_pack_body WHERE id = ?"),
        /** Forces the file to the device, so that what is committed outlives a machine crash. */
        FORCE("CHECKPOINT SYNC");

        private final String text;

        Sql(String text) {
            this.text = text;
        }
    }

    private final Connection connection;
    private final Map<Sql, PreparedStatement> prepared = new EnumMap<>(Sql.class);
    private final H2Packs packs;
    private List<PreparedStatement> pending = List.of();

    /** Statements on {@code c}; removals and redeliveries of packed messages go to {@code packs} instead. */
    H2Statements(Connection c, H2Packs packs) {
        this.connection = c;
        this.packs = packs;
    }

    /** The statement, prepared on first use: a group commit mostly stores and removes messages. */
    PreparedStatement statement(Sql sql) throws SQLException {
        PreparedStatement statement = prepared.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql.text);
            prepared.put(sql, statement);
        }
        return statement;
    }

    void add(JournalRecord record) throws SQLException {
        QueueAddress q = record.queue();
        if (record instanceof JournalRecord.Stored s) {
            if (!s.firstWrite() && packs.rewrite(q, s.sequence(), s.failedDeliveries(), s.durable())) {
                return;
            }
            PreparedStatement store = switchTo(Sql.STORE);
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
            PreparedStatement remove = switchTo(Sql.REMOVE);
            bindKey(remove, 1, q, r.sequence());
            remove.addBatch();
        } else if (record instanceof JournalRecord.Redelivered r) {
            if (packs.redeliver(q, r.sequence(), r.failedDeliveries())) {
                return;
            }
            PreparedStatement redeliver = switchTo(Sql.REDELIVER);
            redeliver.setInt(1, r.failedDeliveries());
            bindKey(redeliver, 2, q, r.sequence());
            redeliver.addBatch();
        } else if (record instanceof JournalRecord.SubscriptionCreated c) {
            PreparedStatement create = switchTo(Sql.CREATE_SUBSCRIPTION);
            SubscriptionDefinition d = c.definition();
            create.setString(1, q.destination());
            create.setString(2, q.subscription());
            create.setBoolean(3, d.shared());
            create.setString(4, d.selector());
            create.setBoolean(5, d.noLocal());
            create.setString(6, d.noLocalScope());
            create.addBatch();
        } else if (record instanceof JournalRecord.QueueVersion v) {
            PreparedStatement version = switchTo(Sql.VERSION);
            version.setString(1, q.destination());
            version.setInt(2, q.shard());
            version.setString(3, q.subscription());
            version.setLong(4, v.version());
            version.addBatch();
        } else if (record instanceof JournalRecord.QueueCleared) {
            packs.dropQueue(q);
            PreparedStatement drop = switchTo(Sql.DROP_SUBSCRIPTION_MESSAGES);
            bindQueue(drop, q);
            drop.addBatch();
        } else if (record instanceof JournalRecord.SubscriptionDropped) {
            packs.dropQueue(q);
            List<PreparedStatement> drops = switchTo(Sql.DROP_SUBSCRIPTION_MESSAGES, Sql.DROP_SUBSCRIPTION,
                    Sql.DROP_SUBSCRIPTION_VERSION);
            bindQueue(drops.get(2), q);
            drops.get(2).addBatch();
            bindQueue(drops.get(0), q);
            drops.get(0).addBatch();
            drops.get(1).setString(1, q.destination());
            drops.get(1).setString(2, q.subscription());
            drops.get(1).addBatch();
        } else if (record instanceof JournalRecord.TransactionPrepared t) {
            PreparedStatement prepare = switchTo(Sql.PREPARE);
            bindTransaction(prepare, q, t.transaction());
            prepare.setBytes(4, TransactionCodec.toBytes(t.work()));
            prepare.addBatch();
        } else if (record instanceof JournalRecord.TransactionDone t) {
            PreparedStatement done = switchTo(Sql.PREPARED);
            bindTransaction(done, q, t.transaction());
            done.addBatch();
        } else if (record instanceof JournalRecord.TransactionCommitted t) {
            PreparedStatement decide = switchTo(Sql.DECIDE);
            bindTransaction(decide, q, t.transaction());
            // Participants are shard keys ("destination#shard"), one per line.
            decide.setString(4, String.join("\n", t.participants()));
            decide.addBatch();
        } else if (record instanceof JournalRecord.TransactionForgotten t) {
            PreparedStatement forget = switchTo(Sql.FORGET);
            bindTransaction(forget, q, t.transaction());
            forget.addBatch();
        } else if (record instanceof JournalRecord.ShardReleased released) {
            packs.dropShard(released);
            for (PreparedStatement p : switchTo(Sql.RELEASE_SHARD_PREPARED, Sql.RELEASE_SHARD_DECISIONS)) {
                p.setString(1, q.destination());
                p.setInt(2, q.shard());
                p.addBatch();
            }
            flush();
            List<PreparedStatement> releases = switchTo(Sql.RELEASE_SHARD_MESSAGES, Sql.RELEASE_SHARD_SUBSCRIPTIONS,
                    Sql.RELEASE_SHARD_VERSIONS);
            releases.get(0).setString(1, q.destination());
            releases.get(0).setInt(2, q.shard());
            releases.get(0).addBatch();
            releases.get(2).setString(1, q.destination());
            releases.get(2).setInt(2, q.shard());
            releases.get(2).addBatch();
            releases.get(1).setString(1, q.destination());
            releases.get(1).addBatch();
        }
    }

    /** Makes what is committed on the connection as durable as the disk can. */
    void force() throws SQLException {
        statement(Sql.FORCE).execute();
    }

    /** The connection the statements run on. */
    Connection connection() {
        return connection;
    }

    /** Executes what is batched. */
    void flush() throws SQLException {
        for (PreparedStatement p : pending) {
            p.executeBatch();
        }
        pending = List.of();
    }

    /** The statement of the next record; what another statement batched is executed first, keeping order. */
    private PreparedStatement switchTo(Sql sql) throws SQLException {
        PreparedStatement statement = statement(sql);
        if (pending.size() != 1 || pending.get(0) != statement) {
            flush();
            pending = List.of(statement);
        }
        return statement;
    }

    /** The statements of the next record, executed in this order. */
    private List<PreparedStatement> switchTo(Sql... sqls) throws SQLException {
        List<PreparedStatement> next = new ArrayList<>(sqls.length);
        for (Sql sql : sqls) {
            next.add(statement(sql));
        }
        if (!pending.equals(next)) {
            flush();
            pending = next;
        }
        return next;
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

    /** Closes the statements and the connection (back to its pool). */
    @Override
    public void close() throws SQLException {
        try {
            for (PreparedStatement p : prepared.values()) {
                p.close();
            }
        } finally {
            connection.close();
        }
    }
}
