package io.cairnmq.engine.store.h2;

import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.codec.MessageCodec;
import io.cairnmq.engine.queue.StoredMessage;
import io.cairnmq.engine.store.Journal;
import io.cairnmq.engine.store.QueueAddress;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Reads messages back from the journal: each queue's rows of their own and its packs, merged in
 * sequence order, a batch at a time so that no read holds a backlog.
 */
final class H2Reads {

    private final H2Packs packs;

    H2Reads(H2Packs packs) {
        this.packs = packs;
    }

    /** The journal's messages, queue by queue in sequence order, packed or not (see {@link Journal#load}). */
    void load(Connection c, int chunkSize, BiConsumer<QueueAddress, List<StoredMessage>> chunk) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.setFetchSize(chunkSize);
            // The packs as they are now: the chunks handed out make the recovery write to the
            // journal, and a recovery that replaces a queue's rows drops its packs meanwhile.
            Map<QueueAddress, List<H2Packs.Entry>> snapshot = packs.snapshot(c);
            Set<QueueAddress> packed = new HashSet<>(snapshot.keySet());
            ChunkedQueue out = new ChunkedQueue(chunkSize, chunk);
            PackedMessages fromPacks = null;
            try (ResultSet r = s.executeQuery("SELECT destination, shard, subscription, seq, failed, record, durable"
                    + " FROM cairn_message ORDER BY destination, shard, subscription, seq")) {
                while (r.next()) {
                    QueueAddress queue = new QueueAddress(r.getString(1), r.getInt(2), r.getString(3));
                    if (!queue.equals(out.queue)) {
                        out.finish(fromPacks);
                        fromPacks = packed.remove(queue) ? new PackedMessages(c, snapshot.get(queue), chunkSize) : null;
                        out.queue = queue;
                    }
                    long sequence = r.getLong(4);
                    // Messages of the queue in packs come in sequence order with its rows.
                    while (fromPacks != null && fromPacks.peek() != null && fromPacks.peek().sequence() < sequence) {
                        out.add(fromPacks.next());
                    }
                    out.add(row(sequence, r.getInt(5), r.getBytes(6), !r.getBoolean(7)));
                }
            }
            out.finish(fromPacks);
            for (QueueAddress queue : packed.stream().sorted(Comparator.comparing(QueueAddress::destination)
                    .thenComparingInt(QueueAddress::shard).thenComparing(QueueAddress::subscription)).toList()) {
                out.queue = queue;
                out.finish(new PackedMessages(c, snapshot.get(queue), chunkSize));
            }
        }
    }

    /** The next messages of one priority of a queue, packed or not (see {@link Journal#readSpilled}). */
    List<StoredMessage> spilled(Connection c, QueueAddress queue, int priority, long afterSequence, int max)
            throws SQLException {
        List<StoredMessage> rows = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT seq, failed, record, durable FROM cairn_message"
                     + " WHERE destination = ? AND shard = ? AND subscription = ? AND priority = ? AND seq > ?"
                     // All the index's columns, so that H2 reads the index in order instead of sorting the lane.
                     + " ORDER BY destination, shard, subscription, priority, seq LIMIT ?")) {
            p.setString(1, queue.destination());
            p.setInt(2, queue.shard());
            p.setString(3, queue.subscription());
            p.setInt(4, priority);
            p.setLong(5, afterSequence);
            p.setInt(6, max);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    rows.add(row(r.getLong(1), r.getInt(2), r.getBytes(3), !r.getBoolean(4)));
                }
            }
            PackedMessages packed = new PackedMessages(c, queue, priority, max).after(afterSequence);
            List<StoredMessage> result = new ArrayList<>(max);
            int next = 0;
            while (result.size() < max && (next < rows.size() || packed.peek() != null)) {
                StoredMessage fromPack = packed.peek();
                boolean rowFirst = fromPack == null
                        || next < rows.size() && rows.get(next).sequence() < fromPack.sequence();
                result.add(rowFirst ? rows.get(next++) : packed.next());
            }
            return result;
        }
    }

    /** Hands one queue's messages over in chunks. */
    private static final class ChunkedQueue {
        private final int chunkSize;
        private final BiConsumer<QueueAddress, List<StoredMessage>> chunk;
        QueueAddress queue;
        private List<StoredMessage> messages = new ArrayList<>();

        ChunkedQueue(int chunkSize, BiConsumer<QueueAddress, List<StoredMessage>> chunk) {
            this.chunkSize = chunkSize;
            this.chunk = chunk;
        }

        void add(StoredMessage m) {
            messages.add(m);
            if (messages.size() >= chunkSize) {
                chunk.accept(queue, messages);
                messages = new ArrayList<>();
            }
        }

        /** The queue's rows are all read: what its packs hold after them follows, then its last chunk. */
        void finish(PackedMessages rest) throws SQLException {
            while (rest != null && rest.peek() != null) {
                add(rest.next());
            }
            if (!messages.isEmpty()) {
                chunk.accept(queue, messages);
                messages = new ArrayList<>();
            }
        }
    }

    /** The packed messages of one queue (of one priority, or all), in sequence order, read a batch at a time. */
    private final class PackedMessages {
        private final Connection c;
        private final QueueAddress queue;
        private final int priority;
        private final int batch;
        private final ArrayDeque<StoredMessage> read = new ArrayDeque<>();
        private long after = Long.MIN_VALUE;
        private boolean end;

        /** Entries taken beforehand, read from instead of the packs' index; null to ask the index. */
        private final java.util.Iterator<H2Packs.Entry> taken;

        PackedMessages(Connection c, QueueAddress queue, int priority, int batch) {
            this.c = c;
            this.queue = queue;
            this.priority = priority;
            this.batch = batch;
            this.taken = null;
        }

        /** The messages of {@code entries} (a snapshot of the index), read a batch at a time. */
        PackedMessages(Connection c, List<H2Packs.Entry> entries, int batch) {
            this.c = c;
            this.queue = null;
            this.priority = -1;
            this.batch = batch;
            this.taken = entries.iterator();
        }

        PackedMessages after(long sequence) {
            after = sequence;
            return this;
        }

        StoredMessage peek() throws SQLException {
            while (read.isEmpty() && !end) {
                List<H2Packs.Entry> entries = taken != null ? next(batch) : packs.after(c, queue, priority, after, batch);
                end = entries.size() < batch;
                if (!entries.isEmpty()) {
                    after = entries.get(entries.size() - 1).sequence();
                    read.addAll(H2Packs.read(c, entries));
                }
            }
            return read.peek();
        }

        StoredMessage next() throws SQLException {
            peek();
            return read.poll();
        }

        private List<H2Packs.Entry> next(int max) {
            List<H2Packs.Entry> entries = new ArrayList<>(max);
            while (entries.size() < max && taken.hasNext()) {
                entries.add(taken.next());
            }
            return entries;
        }
    }

    /** A message read back: {@code spilled} marks a row that exists only because its body was spilled. */
    private static StoredMessage row(long sequence, int failed, byte[] record, boolean spilled) {
        return new StoredMessage(sequence, decode(record), failed, spilled);
    }

    static MessageRecord decode(byte[] bytes) {
        try {
            return MessageCodec.read(new DataInputStream(new ByteArrayInputStream(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException("A journal record cannot be read", e);
        }
    }
}
