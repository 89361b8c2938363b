package io.cairnmq.engine.store.h2;

import io.cairnmq.engine.codec.MessageCodec;
import io.cairnmq.engine.queue.StoredMessage;
import io.cairnmq.engine.store.JournalRecord;
import io.cairnmq.engine.store.QueueAddress;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The journal's packs (see {@link Pack}): which exist, and what each still holds, in memory for
 * the writer to decide where a removal or a redelivery goes without a read; and the statements
 * that keep their rows in step, at the end of each group commit. The writer changes the index
 * only while it holds this object's monitor through the whole write, so readers (page-ins,
 * browsers) never see a change that is not committed; a write that fails leaves the index to be
 * read again from the file.
 */
final class H2Packs {

    /** Fewer messages of one queue in a group are stored as rows of their own: a pack costs two rows. */
    static final int MIN_MESSAGES = 4;
    /**
     * Bytes of messages past which a pack is closed and the next one begins. H2 rewrites a whole
     * page to delete one row of it, and writes each commit's changed pages through one buffer:
     * pages of large packs would make that buffer (and its garbage) grow with the packs.
     */
    static final long BYTES = 64L << 10;

    /** Each queue's packs by first sequence (packs of one queue rarely share one, but may). */
    private final Map<QueueAddress, NavigableMap<Long, List<Pack>>> byQueue = new HashMap<>();
    /** Per queue, the widest span of sequences of one pack: how far back a pack holding a sequence may start. */
    private final Map<QueueAddress, Long> widest = new HashMap<>();
    /** Changes of the group being written. */
    private final Set<Pack> changed = new LinkedHashSet<>();
    private final Set<Pack> dropped = new LinkedHashSet<>();
    /** The dropped packs the group under way deletes; the others wait for a later group. */
    private final List<Pack> deleting = new ArrayList<>();
    /**
     * Most packs one group deletes. H2 keeps a deleted row whole in the transaction's undo log
     * until the commit, so a group that deleted every pack a fast drain emptied held them all in
     * memory at once; the rest go with the next groups, their emptiness written at once.
     */
    static final int MAX_DELETES = (int) Math.max(4, H2Journal.GROUP_BYTES / BYTES / 4);
    private final Map<Pack, byte[]> added = new LinkedHashMap<>();
    /** The index no longer matches the file (a write failed): it is read again before its next use. */
    private boolean stale = true;
    private long nextId;

    // ------------------------------------------------------------------ the writer, holding the monitor

    /** Makes the index match the file, when a failed write (or the opening) left it unknown. */
    void ensureLoaded(Connection c) throws SQLException {
        if (!stale) {
            return;
        }
        byQueue.clear();
        widest.clear();
        nextId = 1;
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT id, destination, shard, subscription, durable, seqs, priorities,"
                     + " failed, gone FROM cairn_pack")) {
            while (r.next()) {
                Pack pack = Pack.decode(r.getLong(1), new QueueAddress(r.getString(2), r.getInt(3), r.getString(4)),
                        r.getBoolean(5), r.getBytes(6), r.getBytes(7), r.getBytes(8), r.getBytes(9));
                if (pack.isEmpty()) {
                    // Emptied by a group whose successors had not deleted it yet: deleted with the next one.
                    dropped.add(pack);
                } else {
                    index(pack);
                }
                nextId = Math.max(nextId, pack.id + 1);
            }
        }
        stale = false;
    }

    /**
     * A write of the group failed (before its commit or after it, while syncing): forget its
     * changes and read the index again from whatever state the file is in; the group is retried.
     */
    void writeFailed() {
        changed.clear();
        dropped.clear();
        deleting.clear();
        added.clear();
        stale = true;
    }

    /** The message left the journal; false when it is not in a pack (it has a row of its own). */
    boolean remove(QueueAddress queue, long sequence) {
        Located at = locate(queue, sequence);
        if (at != null) {
            remove(at);
        }
        return at != null;
    }

    private void remove(Located at) {
        if (at.pack.remove(at.index)) {
            changed.add(at.pack);
        } else {
            drop(at.pack);
        }
    }

    /**
     * The message is written again (a restart, a new holder): a packed one stays in its pack, with
     * the failed deliveries known now, so that a read going on meanwhile finds it where it was.
     * False when it is not in a pack, or is in one of the other durability (it then leaves the
     * pack for a row of its own).
     */
    boolean rewrite(QueueAddress queue, long sequence, int failedDeliveries, boolean durable) {
        Located at = locate(queue, sequence);
        if (at == null) {
            return false;
        }
        if (at.pack.durable != durable) {
            remove(at);
            return false;
        }
        redeliver(at, failedDeliveries);
        return true;
    }

    /** A delivery of the message failed; false when it is not in a pack. */
    boolean redeliver(QueueAddress queue, long sequence, int failedDeliveries) {
        Located at = locate(queue, sequence);
        if (at != null) {
            redeliver(at, failedDeliveries);
        }
        return at != null;
    }

    private void redeliver(Located at, int failedDeliveries) {
        at.pack.redelivered(at.index, failedDeliveries);
        changed.add(at.pack);
    }

    /** Every pack of the queue is void (a subscription dropped, a queue cleared). */
    void dropQueue(QueueAddress queue) {
        NavigableMap<Long, List<Pack>> lane = byQueue.get(queue);
        if (lane != null) {
            lane.values().stream().flatMap(List::stream).toList().forEach(this::drop);
        }
    }

    /** Every pack of the shard, whatever its subscription, is void. */
    void dropShard(JournalRecord.ShardReleased released) {
        List<Pack> packs = new ArrayList<>();
        byQueue.forEach((queue, lane) -> {
            if (released.covers(queue)) {
                lane.values().forEach(packs::addAll);
            }
        });
        packs.forEach(this::drop);
    }

    /** Stores messages just enqueued on one queue, all durable or all spilled bodies, as one pack. */
    void add(QueueAddress queue, boolean durable, List<JournalRecord.Stored> stored) {
        List<JournalRecord.Stored> ordered = new ArrayList<>(stored);
        ordered.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
        long[] sequences = new long[ordered.size()];
        byte[] priorities = new byte[ordered.size()];
        int[] failed = new int[ordered.size()];
        for (int i = 0; i < sequences.length; i++) {
            JournalRecord.Stored s = ordered.get(i);
            sequences[i] = s.sequence();
            priorities[i] = (byte) s.message().priority();
            failed[i] = s.failedDeliveries();
        }
        Pack pack = new Pack(nextId++, queue, sequences, priorities, failed, durable, new BitSet());
        long estimate = 0;
        for (JournalRecord.Stored s : ordered) {
            estimate += s.message().estimatedSize() + Integer.BYTES;
        }
        byte[] bodies = Pack.write((int) Math.min(estimate, Integer.MAX_VALUE - 64), out -> {
            // Each message is written to one reused buffer first, to learn the length that precedes it.
            ByteArrayOutputStream one = new ByteArrayOutputStream(1024);
            DataOutputStream record = new DataOutputStream(one);
            for (JournalRecord.Stored s : ordered) {
                one.reset();
                MessageCodec.write(record, s.message());
                record.flush();
                out.writeInt(one.size());
                one.writeTo(out);
            }
        });
        index(pack);
        added.put(pack, bodies);
    }

    /** Writes the group's changes of packs, in the transaction of the writer's connection. */
    void write(H2Statements statements) throws SQLException {
        deleting.clear();
        for (Pack p : dropped) {
            if (deleting.size() == MAX_DELETES) {
                // Not deleted by this group: that it is empty is written, as for a pack that changed.
                changed.add(p);
            } else {
                deleting.add(p);
            }
        }
        if (!deleting.isEmpty()) {
            PreparedStatement packs = statements.statement(H2Statements.Sql.PACK_DELETE);
            PreparedStatement bodies = statements.statement(H2Statements.Sql.PACK_BODY_DELETE);
            for (Pack p : deleting) {
                packs.setLong(1, p.id);
                packs.addBatch();
                bodies.setLong(1, p.id);
                bodies.addBatch();
            }
            packs.executeBatch();
            bodies.executeBatch();
        }
        changed.removeAll(deleting);
        changed.removeAll(added.keySet());
        if (!changed.isEmpty()) {
            PreparedStatement update = statements.statement(H2Statements.Sql.PACK_UPDATE);
            for (Pack p : changed) {
                update.setBytes(1, p.encodeFailed());
                update.setBytes(2, p.encodeGone());
                update.setLong(3, p.id);
                update.addBatch();
            }
            update.executeBatch();
        }
        if (!added.isEmpty()) {
            PreparedStatement packs = statements.statement(H2Statements.Sql.PACK_INSERT);
            PreparedStatement bodies = statements.statement(H2Statements.Sql.PACK_BODY_INSERT);
            for (Map.Entry<Pack, byte[]> e : added.entrySet()) {
                Pack p = e.getKey();
                packs.setLong(1, p.id);
                packs.setString(2, p.queue.destination());
                packs.setInt(3, p.queue.shard());
                packs.setString(4, p.queue.subscription());
                packs.setBoolean(5, p.durable);
                packs.setBytes(6, p.encodeSequences());
                packs.setBytes(7, p.priorities);
                packs.setBytes(8, p.encodeFailed());
                packs.setBytes(9, p.encodeGone());
                packs.addBatch();
                bodies.setLong(1, p.id);
                bodies.setBytes(2, e.getValue());
                bodies.addBatch();
            }
            packs.executeBatch();
            bodies.executeBatch();
        }
    }

    /** The group is committed: its changes are the file's now. */
    void committed() {
        changed.clear();
        deleting.forEach(dropped::remove);
        deleting.clear();
        added.clear();
    }

    /** The packs' tables changed other than through a group (emptied): the index is read again before its next use. */
    void reread() {
        writeFailed();
    }

    private void drop(Pack pack) {
        NavigableMap<Long, List<Pack>> lane = byQueue.get(pack.queue);
        List<Pack> starting = lane == null ? null : lane.get(pack.first);
        if (starting != null && starting.remove(pack)) {
            if (starting.isEmpty()) {
                lane.remove(pack.first);
            }
            if (lane.isEmpty()) {
                byQueue.remove(pack.queue);
                widest.remove(pack.queue);
            }
        }
        if (added.remove(pack) == null) {
            dropped.add(pack);
        }
    }

    private void index(Pack pack) {
        byQueue.computeIfAbsent(pack.queue, q -> new TreeMap<>()).computeIfAbsent(pack.first, f -> new ArrayList<>(1))
                .add(pack);
        widest.merge(pack.queue, pack.last() - pack.first, Math::max);
    }

    private record Located(Pack pack, int index) {
    }

    private Located locate(QueueAddress queue, long sequence) {
        NavigableMap<Long, List<Pack>> lane = byQueue.get(queue);
        if (lane == null) {
            return null;
        }
        // Packs of one queue rarely overlap, but may (groups are not ordered by sequence): look
        // at every pack that starts close enough before the sequence to hold it.
        long from = sequence - widest.getOrDefault(queue, 0L);
        for (List<Pack> starting : lane.subMap(from, true, sequence, true).descendingMap().values()) {
            for (Pack p : starting) {
                int i = p.liveIndexOf(sequence);
                if (i >= 0) {
                    return new Located(p, i);
                }
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ readers

    /** A live message of a pack, by position. */
    record Entry(Pack pack, int index) {
        long sequence() {
            return pack.sequences[index];
        }
    }

    /**
     * Up to {@code max} live packed messages of a queue after a sequence, in sequence order;
     * of one priority, or of all when {@code priority} is negative.
     */
    synchronized List<Entry> after(Connection c, QueueAddress queue, int priority, long afterSequence, int max)
            throws SQLException {
        ensureLoaded(c);
        NavigableMap<Long, List<Pack>> lane = byQueue.get(queue);
        List<Entry> result = new ArrayList<>();
        if (lane == null) {
            return result;
        }
        long span = widest.getOrDefault(queue, 0L);
        long from = afterSequence < Long.MIN_VALUE + span ? Long.MIN_VALUE : afterSequence - span;
        for (Map.Entry<Long, List<Pack>> starting : lane.tailMap(from, true).entrySet()) {
            for (Pack p : starting.getValue()) {
                if (priority >= 0 && !p.mayHold(priority) || p.last() <= afterSequence) {
                    continue;
                }
                for (int i = 0; i < p.sequences.length; i++) {
                    if (p.sequences[i] > afterSequence && p.isLive(i)
                            && (priority < 0 || p.priorities[i] == priority)) {
                        result.add(new Entry(p, i));
                    }
                }
            }
            // Packs may overlap: keep going until the next pack starts after the last one wanted.
            if (result.size() >= max) {
                result.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
                long lastWanted = result.get(max - 1).sequence();
                Long next = lane.higherKey(starting.getKey());
                if (next == null || next > lastWanted) {
                    break;
                }
            }
        }
        result.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
        return result.size() > max ? new ArrayList<>(result.subList(0, max)) : result;
    }

    /**
     * Every live packed message of every queue now, by queue, in sequence order: what a full read
     * (the start's recovery) goes through while it writes to the journal, which may drop the very
     * packs it is reading (a recovery that replaces a queue's rows clears them first).
     */
    synchronized Map<QueueAddress, List<Entry>> snapshot(Connection c) throws SQLException {
        ensureLoaded(c);
        Map<QueueAddress, List<Entry>> result = new java.util.LinkedHashMap<>();
        byQueue.forEach((queue, lane) -> {
            List<Entry> entries = new ArrayList<>();
            for (List<Pack> starting : lane.values()) {
                for (Pack p : starting) {
                    for (int i = 0; i < p.sequences.length; i++) {
                        if (p.isLive(i)) {
                            entries.add(new Entry(p, i));
                        }
                    }
                }
            }
            entries.sort((x, y) -> Long.compare(x.sequence(), y.sequence()));
            result.put(queue, entries);
        });
        return result;
    }

    /** The queues that have packs, for a full read. */
    synchronized List<QueueAddress> queues(Connection c) throws SQLException {
        ensureLoaded(c);
        return new ArrayList<>(byQueue.keySet());
    }

    /** The messages of the entries, read from their packs' bodies; entries whose pack went meanwhile are left out. */
    static List<StoredMessage> read(Connection c, Collection<Entry> entries) throws SQLException {
        Map<Pack, byte[][]> bodies = new HashMap<>();
        List<StoredMessage> result = new ArrayList<>(entries.size());
        try (PreparedStatement p = c.prepareStatement("SELECT bodies FROM cairn_pack_body WHERE id = ?")) {
            for (Entry e : entries) {
                byte[][] records = bodies.get(e.pack);
                if (records == null && !bodies.containsKey(e.pack)) {
                    p.setLong(1, e.pack.id);
                    try (ResultSet r = p.executeQuery()) {
                        records = r.next() ? split(r.getBytes(1), e.pack.sequences.length) : null;
                    }
                    bodies.put(e.pack, records);
                }
                if (records != null) {
                    result.add(new StoredMessage(e.sequence(), H2Reads.decode(records[e.index]), e.pack.failed(e.index),
                            !e.pack.durable));
                }
            }
        }
        return result;
    }

    private static byte[][] split(byte[] bodies, int count) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bodies));
            byte[][] records = new byte[count][];
            for (int i = 0; i < count; i++) {
                records[i] = new byte[in.readInt()];
                in.readFully(records[i]);
            }
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException("A pack of the journal cannot be read", e);
        }
    }

}
