package io.cairnmq.engine.store.h2;

import io.cairnmq.engine.codec.MessageCodec;
import io.cairnmq.engine.store.JournalRecord;
import io.cairnmq.engine.store.QueueAddress;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * Sends and acknowledgements written ahead of the journal's group commits, so that a producer
 * waiting for its persistent send waits for an append to a file and its force, and a consumer
 * that acknowledges one message at a time for a write, rather than either for an H2 commit. An
 * append that first stores messages (a send, with its queue's row version) or only removes them
 * (an acknowledgement) is written here by the thread waiting for it: an acknowledgement returns
 * once the file has it (a crash of the process cannot take it back; a crash of the machine may,
 * unless a force covered it since), a send under the sync policy once the file is forced too.
 * The journal writes the same records in its later groups, gathered; this file bridges the time
 * until they are committed (and, under sync, forced), and is read back (and emptied) when the
 * journal opens. Anything else (a transaction's step, a redelivery count, rows written again)
 * waits for the journal itself.
 *
 * <p>Two files take turns: appends go to the current one; once the journal has committed every
 * entry of the other, it is emptied and becomes the current one when the current one
 * has grown past {@link #TURN_BYTES}. So the files hold about what the journal has yet to commit.
 *
 * <p>An entry is its length, a CRC-32C of its body, and the body: the ticket of its append and its
 * records. A torn entry at the end of a file (the process died writing it) fails its check and
 * ends the reading of that file. The files are written through {@link RandomAccessFile}, not a
 * channel: the thread writing is a consumer's, and an interrupt (frameworks interrupt their
 * threads to stop them) closes a channel under every thread that uses it.
 */
final class WriteAheadLog implements AutoCloseable {

    /** Bytes past which the current file hands over to the other, once the other is all committed. */
    static final long TURN_BYTES = 1L << 20;
    /** Appends held for the journal's commit past which the journal is asked to force and let them go. */
    private static final int MAX_PENDING = 4096;
    private static final String[] NAMES = {"write-ahead-a.log", "write-ahead-b.log"};
    private static final byte REMOVED = 1;
    private static final byte VERSION = 2;
    private static final byte STORED = 3;
    private static final int HEADER = Integer.BYTES * 2;

    /** What an append is to this log. */
    enum Kind {
        /** Not for this log: its waiter waits for the journal's group commit. */
        NONE,
        /** It only removes messages (and moves their row versions): written, never forced. */
        ACKNOWLEDGEMENT,
        /** It stores persistent messages just sent (and may remove some): forced under the sync policy. */
        SEND
    }

    /** A message's place in its queue, by which an acknowledgement finds the send it cancels. */
    private record StoreKey(QueueAddress queue, long sequence) {
    }

    /**
     * An append this log can hold, not committed by the journal yet, whether this log holds it,
     * and which of its records were left out: a message stored and acknowledged before either
     * was written here needs neither (the journal still gets both, and cancels them too).
     */
    private static final class Pending {
        final List<JournalRecord> records;
        final Kind kind;
        final long bytes;
        boolean logged;
        private java.util.Set<JournalRecord> cancelled;

        Pending(List<JournalRecord> records, Kind kind, long bytes) {
            this.records = records;
            this.kind = kind;
            this.bytes = bytes;
        }

        void cancel(JournalRecord record) {
            if (cancelled == null) {
                cancelled = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            }
            cancelled.add(record);
        }

        /** Cancels the stored message at {@code key}. */
        void cancelStore(StoreKey key) {
            for (JournalRecord r : records) {
                if (r instanceof JournalRecord.Stored s && s.sequence() == key.sequence() && s.queue().equals(key.queue())) {
                    cancel(r);
                }
            }
        }

        List<JournalRecord> kept() {
            return cancelled == null ? records : records.stream().filter(r -> !cancelled.contains(r)).toList();
        }

        boolean storesKept() {
            for (JournalRecord r : records) {
                if (r instanceof JournalRecord.Stored && (cancelled == null || !cancelled.contains(r))) {
                    return true;
                }
            }
            return false;
        }

        /** Once written or committed, its messages can no longer be cancelled here. */
        void forgetStores(java.util.Map<StoreKey, Pending> unloggedStores) {
            for (JournalRecord r : records) {
                if (r instanceof JournalRecord.Stored s) {
                    unloggedStores.remove(new StoreKey(s.queue(), s.sequence()), this);
                }
            }
        }
    }

    /** The acknowledging appends the journal has not committed yet, by ticket. */
    private final java.util.concurrent.ConcurrentSkipListMap<Long, Pending> pending =
            new java.util.concurrent.ConcurrentSkipListMap<>();
    private final Path[] paths = new Path[2];
    private final RandomAccessFile[] files = new RandomAccessFile[2];
    /** The newest ticket written to each file since it was last emptied (0: none). */
    private final long[] newest = new long[2];
    private int current;
    /**
     * Every acknowledging append up to this ticket is in the file or committed by the journal: a
     * waiter looks only at those after it (while acknowledgements gather for a group commit, the
     * pending ones already written would otherwise be walked again by every waiter).
     */
    private long loggedThrough;
    private final GroupStatistics statistics;
    /** The stored messages of appends not written here yet, by place; guarded by this log. */
    private final java.util.Map<StoreKey, Pending> unloggedStores = new java.util.HashMap<>();
    /** How many appends {@link #pending} holds (its size() walks it); guarded by this log. */
    private int pendingCount;
    /** The bytes their records hold in memory (messages included); guarded by this log. */
    private long pendingBytes;
    /** Entries written since the last force began. */
    private int entriesUnforced;
    /** Whether any of them stores a message (only then must a send's waiter force). */
    private boolean storesUnforced;
    /** Whether each file holds entries written since it was last forced. */
    private final boolean[] unforced = new boolean[2];
    /** Every entry up to this ticket is forced to the device (or committed and forced by the journal). */
    private volatile long forcedThrough;
    /** Held while forcing: one force at a time, the waiters behind it served by it or the next. */
    private final Object forceLock = new Object();
    /** The last queue encoded, and its bytes (see {@link #encoded}). */
    private QueueAddress lastQueue;
    private byte[] lastQueueBytes;

    /** Opens the two files in {@code directory}, emptied: whatever they held must have been replayed first. */
    WriteAheadLog(Path directory) {
        this(directory, new GroupStatistics());
    }

    /** @param statistics where its forces are counted */
    WriteAheadLog(Path directory, GroupStatistics statistics) {
        this.statistics = statistics;
        try {
            for (int i = 0; i < 2; i++) {
                paths[i] = directory.resolve(NAMES[i]);
                files[i] = new RandomAccessFile(paths[i].toFile(), "rw");
                files[i].setLength(0);
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("Cannot open the write-ahead log in " + directory, e);
        }
    }

    /**
     * What an append is to this log: an acknowledgement when it only removes messages (and moves
     * their row versions); a send when it also, or only, stores messages just enqueued (their
     * first write, persistent); none when it holds anything else (a transaction's records, a
     * redelivery count, messages written again, the spilled body of a non-persistent message),
     * which waits for the journal.
     */
    static Kind kindOf(List<JournalRecord> records) {
        boolean removes = false;
        boolean stores = false;
        for (JournalRecord r : records) {
            if (r instanceof JournalRecord.Removed) {
                removes = true;
            } else if (r instanceof JournalRecord.Stored stored && stored.firstWrite() && stored.durable()) {
                stores = true;
            } else if (!(r instanceof JournalRecord.QueueVersion)) {
                return Kind.NONE;
            }
        }
        return stores ? Kind.SEND : removes ? Kind.ACKNOWLEDGEMENT : Kind.NONE;
    }

    /** Whether an append can be written here: it only removes messages (and moves their row versions). */
    static boolean holdsOnlyAcknowledgements(List<JournalRecord> records) {
        return kindOf(records) == Kind.ACKNOWLEDGEMENT;
    }

    /**
     * The journal queued an append this log can hold, of that kind (see {@link #kindOf}). A
     * removal of a message whose send is not written here yet cancels both: neither is written.
     */
    void appended(long ticket, List<JournalRecord> records, Kind kind) {
        appended(ticket, records, kind, 0);
    }

    /** As {@link #appended(long, List, Kind)}, with the estimated bytes its records hold in memory. */
    void appended(long ticket, List<JournalRecord> records, Kind kind, long bytes) {
        Pending appended = new Pending(records, kind, bytes);
        synchronized (this) {
            for (JournalRecord r : records) {
                if (r instanceof JournalRecord.Removed removed) {
                    StoreKey key = new StoreKey(removed.queue(), removed.sequence());
                    Pending send = unloggedStores.remove(key);
                    if (send != null) {
                        send.cancelStore(key);
                        appended.cancel(removed);
                    }
                } else if (r instanceof JournalRecord.Stored stored) {
                    unloggedStores.put(new StoreKey(stored.queue(), stored.sequence()), appended);
                }
            }
            pending.put(ticket, appended);
            pendingCount++;
            pendingBytes += bytes;
        }
    }

    /**
     * Makes the acknowledging append {@code ticket} safe from a crash of the process: writes it,
     * and every acknowledging append before it that is not here yet, to the file. A waiter's
     * ticket stands for everything before it (a consumer waits for its newest acknowledgement
     * only), so none of those may be left to the journal alone. Returns false when the ticket is
     * no acknowledging append waiting for the journal (the caller waits for the journal then).
     */
    /** What the append {@code ticket} is to this log while it waits for the journal; NONE once committed, or if it never was. */
    Kind kindOf(long ticket) {
        Pending p = pending.get(ticket);
        return p == null ? Kind.NONE : p.kind;
    }

    Kind logThrough(long ticket) {
        Pending own = pending.get(ticket);
        if (own == null) {
            return Kind.NONE;
        }
        synchronized (this) {
            writeThrough(ticket);
        }
        return own.kind;
    }

    /**
     * Under this log's lock: writes every append up to {@code ticket} not written yet, in one
     * write, leaving out the records that cancelled each other (see {@link #appended}).
     */
    private void writeThrough(long ticket) {
        if (ticket <= loggedThrough) {
            return;
        }
        // Tickets are given, and appended here, in order: all up to this one are in the map.
        ByteArrayOutputStream entries = new ByteArrayOutputStream(256);
        for (java.util.Map.Entry<Long, Pending> e : pending.subMap(loggedThrough, false, ticket, true).entrySet()) {
            Pending p = e.getValue();
            if (!p.logged) {
                List<JournalRecord> records = p.kept();
                if (!records.isEmpty()) {
                    encode(e.getKey(), records, entries);
                    entriesUnforced++;
                    storesUnforced |= p.storesKept();
                }
                p.logged = true;
                p.forgetStores(unloggedStores);
            }
        }
        // One write for all of them: a system call per entry cost more than encoding them.
        write(entries.toByteArray(), ticket);
        loggedThrough = ticket;
    }

    /**
     * Makes the send {@code ticket} safe from a crash of the machine: writes it and every append
     * before it, and whatever else is waiting, and forces the file, unless its messages were
     * acknowledged meanwhile (then there is nothing of them to keep). One force at a time: the
     * sends appended while one runs wait for it to end and are written and forced together by
     * the first of them, and an acknowledgement that comes meanwhile cancels its message's send.
     * Forced through the file descriptor, which an interrupt does not close (see the class comment).
     */
    void forceThrough(long ticket) {
        if (forcedThrough >= ticket) {
            return;
        }
        synchronized (forceLock) {
            if (forcedThrough >= ticket) {
                return;
            }
            long upTo;
            int entries;
            boolean stores;
            boolean[] toForce = new boolean[2];
            synchronized (this) {
                java.util.Map.Entry<Long, Pending> newest = pending.lastEntry();
                writeThrough(Math.max(ticket, newest == null ? 0 : newest.getKey()));
                upTo = loggedThrough;
                entries = entriesUnforced;
                stores = storesUnforced;
                entriesUnforced = 0;
                storesUnforced = false;
                for (int i = 0; i < 2; i++) {
                    toForce[i] = unforced[i] && stores;
                    unforced[i] &= !stores;
                }
            }
            long start = System.nanoTime();
            try {
                for (int i = 0; i < 2; i++) {
                    if (toForce[i]) {
                        files[i].getFD().sync();
                    }
                }
            } catch (IOException e) {
                synchronized (this) {
                    unforced[0] |= toForce[0];
                    unforced[1] |= toForce[1];
                    entriesUnforced += entries;
                    storesUnforced |= stores;
                }
                throw new UncheckedIOException("Cannot force the write-ahead log " + paths[0].getParent(), e);
            }
            forcedThrough = upTo;
            if (stores) {
                statistics.recordLogForce(entries, System.nanoTime() - start);
            }
        }
    }

    /** Writes one append's acknowledgements; returns once the file holds them (not forced). */
    synchronized void write(long ticket, List<JournalRecord> records) {
        ByteArrayOutputStream entry = new ByteArrayOutputStream(64);
        encode(ticket, records, entry);
        entriesUnforced++;
        storesUnforced |= records.stream().anyMatch(r -> r instanceof JournalRecord.Stored);
        write(entry.toByteArray(), ticket);
    }

    private void write(byte[] entries, long newestTicket) {
        if (entries.length == 0) {
            return;
        }
        try {
            files[current].write(entries);
            newest[current] = Math.max(newest[current], newestTicket);
            unforced[current] = true;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the write-ahead log " + paths[current], e);
        }
    }

    /**
     * The journal committed every ticket up to {@code upTo} (forced, under the sync policy): the
     * other file is emptied once all it holds is committed, and takes over when the current one is
     * large enough.
     */
    synchronized void committed(long upTo) {
        java.util.NavigableMap<Long, Pending> done = pending.headMap(upTo, true);
        for (Pending p : done.values()) {
            if (!p.logged) {
                p.forgetStores(unloggedStores);
            }
            pendingCount--;
            pendingBytes -= p.bytes;
        }
        done.clear();
        loggedThrough = Math.max(loggedThrough, upTo);
        forcedThrough = Math.max(forcedThrough, upTo);
        try {
            // A file all of whose entries are committed is emptied at once, the current one too.
            for (int file = 0; file < 2; file++) {
                if (newest[file] != 0 && newest[file] <= upTo) {
                    empty(file);
                }
            }
            int other = 1 - current;
            if (newest[other] == 0 && files[current].getFilePointer() >= TURN_BYTES) {
                current = other;
            }
        } catch (IOException e) {
            // Emptying failed: the entries stay and are replayed at the next start, which is harmless.
            throw new UncheckedIOException("Cannot empty the write-ahead log " + paths[0].getParent(), e);
        }
    }

    private void empty(int file) throws IOException {
        files[file].setLength(0);
        files[file].seek(0);
        newest[file] = 0;
        unforced[file] = false;
    }

    /**
     * Rewrites the files to hold only what the journal has not committed yet, with nothing
     * before it: called by the journal's writer once everything it committed is forced, before it
     * commits an append that drops a queue's rows (a shard released, a subscription dropped). A
     * send of that queue still in the files would otherwise be replayed after the drop, whose
     * queue's version row is gone with it, and bring its message back. The entries still needed
     * go to a new file, forced, which replaces the other file; then the current one is emptied. A
     * crash in between leaves an entry in both files, which the reading keeps once.
     */
    void compact() {
        synchronized (forceLock) {
            synchronized (this) {
                ByteArrayOutputStream tail = new ByteArrayOutputStream(256);
                long newestTail = 0;
                for (java.util.Map.Entry<Long, Pending> e : pending.entrySet()) {
                    if (e.getValue().logged) {
                        encode(e.getKey(), e.getValue().kept(), tail);
                        newestTail = e.getKey();
                    }
                }
                int target = 1 - current;
                Path temporary = paths[target].resolveSibling(paths[target].getFileName() + ".new");
                try {
                    try (java.nio.channels.FileChannel out = java.nio.channels.FileChannel.open(temporary,
                            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
                            java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                        ByteBuffer bytes = ByteBuffer.wrap(tail.toByteArray());
                        while (bytes.hasRemaining()) {
                            out.write(bytes);
                        }
                        out.force(true);
                    }
                    files[target].close();
                    Files.move(temporary, paths[target], java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    forceDirectory(paths[target].getParent());
                    files[target] = new RandomAccessFile(paths[target].toFile(), "rw");
                    files[target].seek(files[target].length());
                    newest[target] = newestTail;
                    unforced[target] = false;
                    empty(current);
                    current = target;
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot compact the write-ahead log " + paths[0].getParent(), e);
                }
            }
        }
    }

    /** Makes a rename in {@code directory} durable (Linux; elsewhere opening a directory may fail, and is skipped). */
    private static void forceDirectory(Path directory) {
        try (java.nio.channels.FileChannel dir = java.nio.channels.FileChannel.open(directory,
                java.nio.file.StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            // Windows cannot open a directory: its renames are made durable by the file system itself.
        }
    }

    /**
     * Whether the journal should force what it committed so far, so that {@link #committed} can
     * empty a file and let go of what it holds: the files together hold {@link #TURN_BYTES} or
     * more, or {@link #MAX_PENDING} appends, or that many bytes, are held. Under the sync policy
     * the journal commits groups this log holds without forcing them; this bounds the log.
     */
    synchronized boolean wantsCommitted() {
        if (pendingCount >= MAX_PENDING || pendingBytes >= TURN_BYTES) {
            // Appends nobody waited for are never written here, yet held (messages and all) until committed.
            return true;
        }
        try {
            return files[0].getFilePointer() + files[1].getFilePointer() >= TURN_BYTES;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public synchronized void close() {
        for (RandomAccessFile c : files) {
            if (c != null) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // Closing: nothing more will be written.
                }
            }
        }
    }

    /** Deletes the files (the journal committed everything they held). */
    void delete() {
        close();
        deleteFiles(paths[0].getParent());
    }

    /** Deletes the files in {@code directory}, whose entries the journal holds now. */
    static void deleteFiles(Path directory) {
        for (String name : NAMES) {
            try {
                Files.deleteIfExists(directory.resolve(name));
            } catch (IOException ignored) {
                // Left behind: replayed and emptied at the next start, which is harmless.
            }
        }
    }

    // ------------------------------------------------------------------ replay

    /**
     * The acknowledgements a previous run wrote in {@code directory}, in the order of their
     * appends (a removal of a message the journal no longer holds changes nothing when replayed).
     */
    static List<JournalRecord> read(Path directory) {
        List<JournalRecord> records = new ArrayList<>();
        readEntries(directory).forEach(records::addAll);
        return records;
    }

    /** As {@link #read}, one list of records per append, in the order of their tickets. */
    static List<List<JournalRecord>> readEntries(Path directory) {
        TreeMap<Long, List<JournalRecord>> byTicket = new TreeMap<>();
        for (String name : NAMES) {
            Path path = directory.resolve(name);
            if (!Files.exists(path)) {
                continue;
            }
            try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(path)))) {
                while (true) {
                    int length;
                    int crc;
                    try {
                        length = in.readInt();
                        crc = in.readInt();
                    } catch (EOFException end) {
                        break;
                    }
                    if (length <= 0 || length > 64 << 20) {
                        break;
                    }
                    byte[] body = new byte[length];
                    try {
                        in.readFully(body);
                    } catch (EOFException torn) {
                        break;
                    }
                    CRC32C check = new CRC32C();
                    check.update(body);
                    if ((int) check.getValue() != crc) {
                        break;
                    }
                    decode(body, byTicket);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the write-ahead log " + path, e);
            }
        }
        return new ArrayList<>(byTicket.values());
    }

    /** Appends one entry (length, CRC-32C, body) to {@code to}. */
    private void encode(long ticket, List<JournalRecord> records, ByteArrayOutputStream to) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + records.size() * 48);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (int i = 0; i < HEADER; i++) {
                out.write(0);
            }
            out.writeLong(ticket);
            out.writeInt(records.size());
            for (JournalRecord r : records) {
                if (r instanceof JournalRecord.Stored stored) {
                    out.writeByte(STORED);
                    out.write(encoded(r.queue()));
                    out.writeLong(stored.sequence());
                    out.writeBoolean(stored.durable());
                    MessageCodec.write(out, stored.message());
                    continue;
                }
                out.writeByte(r instanceof JournalRecord.Removed ? REMOVED : VERSION);
                out.write(encoded(r.queue()));
                out.writeLong(r instanceof JournalRecord.QueueVersion v ? v.version() : r.sequence());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] entry = bytes.toByteArray();
        CRC32C check = new CRC32C();
        check.update(entry, HEADER, entry.length - HEADER);
        ByteBuffer header = ByteBuffer.wrap(entry);
        header.putInt(0, entry.length - HEADER);
        header.putInt(Integer.BYTES, (int) check.getValue());
        to.writeBytes(entry);
    }

    /**
     * A queue's address as written (destination, shard, subscription), kept for the last queue
     * seen: a consumer's acknowledgements name the same queue again and again, and encoding its
     * names each time was a quarter of what an acknowledgement cost its consumer.
     */
    private byte[] encoded(QueueAddress queue) throws IOException {
        if (!queue.equals(lastQueue)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeUTF(queue.destination());
                out.writeInt(queue.shard());
                out.writeUTF(queue.subscription());
            }
            lastQueue = queue;
            lastQueueBytes = bytes.toByteArray();
        }
        return lastQueueBytes;
    }

    private static void decode(byte[] body, TreeMap<Long, List<JournalRecord>> byTicket) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
        long ticket = in.readLong();
        int count = in.readInt();
        List<JournalRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte kind = in.readByte();
            QueueAddress queue = new QueueAddress(in.readUTF(), in.readInt(), in.readUTF());
            long value = in.readLong();
            records.add(switch (kind) {
                case REMOVED -> new JournalRecord.Removed(queue, value);
                case VERSION -> new JournalRecord.QueueVersion(queue, value);
                case STORED -> {
                    boolean durable = in.readBoolean();
                    yield JournalRecord.Stored.enqueued(queue, value, MessageCodec.read(in), durable);
                }
                default -> throw new IOException("Unknown record kind " + kind);
            });
        }
        // An entry is written once, or twice when a crash cut a compaction short: the same both times.
        byTicket.putIfAbsent(ticket, records);
    }
}
