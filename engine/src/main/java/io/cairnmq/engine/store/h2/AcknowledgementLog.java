package io.cairnmq.engine.store.h2;

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
 * Acknowledgements written ahead of the journal's group commits, so that a consumer that
 * acknowledges one message at a time waits for a write to a file rather than for an H2 commit.
 * An acknowledgement (the removal of messages, with their queues' row versions) is written here
 * by the thread waiting for it, and returns once the file has it: a crash of the process cannot
 * take it back; a crash of the machine may, unless a forced group commit covered it since. The
 * journal writes the same records in its next group as always; this file only bridges the time
 * until then, and is read back (and emptied) when the journal opens.
 *
 * <p>Two files take turns: appends go to the current one; once the journal has committed every
 * acknowledgement of the other, it is emptied and becomes the current one when the current one
 * has grown past {@link #TURN_BYTES}. So the files hold about what the journal has yet to commit.
 *
 * <p>An entry is its length, a CRC-32C of its body, and the body: the ticket of its append and its
 * records. A torn entry at the end of a file (the process died writing it) fails its check and
 * ends the reading of that file. The files are written through {@link RandomAccessFile}, not a
 * channel: the thread writing is a consumer's, and an interrupt (frameworks interrupt their
 * threads to stop them) closes a channel under every thread that uses it.
 */
final class AcknowledgementLog implements AutoCloseable {

    /** Bytes past which the current file hands over to the other, once the other is all committed. */
    static final long TURN_BYTES = 1L << 20;
    private static final String[] NAMES = {"acknowledgements-a.log", "acknowledgements-b.log"};
    private static final byte REMOVED = 1;
    private static final byte VERSION = 2;
    private static final int HEADER = Integer.BYTES * 2;

    /** An append that only acknowledges, not committed by the journal yet, and whether this log holds it. */
    private static final class Pending {
        final List<JournalRecord> records;
        boolean logged;

        Pending(List<JournalRecord> records) {
            this.records = records;
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
    /** The last queue encoded, and its bytes (see {@link #encoded}). */
    private QueueAddress lastQueue;
    private byte[] lastQueueBytes;

    /** Opens the two files in {@code directory}, emptied: whatever they held must have been replayed first. */
    AcknowledgementLog(Path directory) {
        try {
            for (int i = 0; i < 2; i++) {
                paths[i] = directory.resolve(NAMES[i]);
                files[i] = new RandomAccessFile(paths[i].toFile(), "rw");
                files[i].setLength(0);
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("Cannot open the acknowledgement log in " + directory, e);
        }
    }

    /** Whether an append can be written here: it only removes messages (and moves their row versions). */
    static boolean holdsOnlyAcknowledgements(List<JournalRecord> records) {
        boolean removes = false;
        for (JournalRecord r : records) {
            if (r instanceof JournalRecord.Removed) {
                removes = true;
            } else if (!(r instanceof JournalRecord.QueueVersion)) {
                return false;
            }
        }
        return removes;
    }

    /** The journal queued an append that only acknowledges (see {@link #holdsOnlyAcknowledgements}). */
    void appended(long ticket, List<JournalRecord> records) {
        pending.put(ticket, new Pending(records));
    }

    /**
     * Makes the acknowledging append {@code ticket} safe from a crash of the process: writes it,
     * and every acknowledging append before it that is not here yet, to the file. A waiter's
     * ticket stands for everything before it (a consumer waits for its newest acknowledgement
     * only), so none of those may be left to the journal alone. Returns false when the ticket is
     * no acknowledging append waiting for the journal (the caller waits for the journal then).
     */
    boolean logThrough(long ticket) {
        if (!pending.containsKey(ticket)) {
            return false;
        }
        synchronized (this) {
            if (ticket <= loggedThrough) {
                return true;
            }
            // Tickets are given, and appended here, in order: all up to this one are in the map.
            ByteArrayOutputStream entries = new ByteArrayOutputStream(256);
            for (java.util.Map.Entry<Long, Pending> e : pending.subMap(loggedThrough, false, ticket, true).entrySet()) {
                Pending p = e.getValue();
                if (!p.logged) {
                    encode(e.getKey(), p.records, entries);
                    p.logged = true;
                }
            }
            // One write for all of them: a system call per entry cost more than encoding them.
            write(entries.toByteArray(), ticket);
            loggedThrough = ticket;
        }
        return true;
    }

    /** Writes one append's acknowledgements; returns once the file holds them (not forced). */
    synchronized void write(long ticket, List<JournalRecord> records) {
        ByteArrayOutputStream entry = new ByteArrayOutputStream(64);
        encode(ticket, records, entry);
        write(entry.toByteArray(), ticket);
    }

    private void write(byte[] entries, long newestTicket) {
        if (entries.length == 0) {
            return;
        }
        try {
            files[current].write(entries);
            newest[current] = Math.max(newest[current], newestTicket);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the acknowledgement log " + paths[current], e);
        }
    }

    /**
     * The journal committed every ticket up to {@code upTo} (forced, under the sync policy): the
     * other file is emptied once all it holds is committed, and takes over when the current one is
     * large enough.
     */
    synchronized void committed(long upTo) {
        pending.headMap(upTo, true).clear();
        loggedThrough = Math.max(loggedThrough, upTo);
        int other = 1 - current;
        try {
            if (newest[other] != 0 && newest[other] <= upTo) {
                empty(other);
            }
            if (newest[other] == 0 && files[current].getFilePointer() >= TURN_BYTES) {
                current = other;
            }
            if (newest[current] != 0 && newest[current] <= upTo && newest[other] == 0) {
                // Everything written is committed: start the current file afresh too.
                empty(current);
            }
        } catch (IOException e) {
            // Emptying failed: the entries stay and are replayed at the next start, which is harmless.
            throw new UncheckedIOException("Cannot empty the acknowledgement log " + paths[0].getParent(), e);
        }
    }

    private void empty(int file) throws IOException {
        files[file].setLength(0);
        files[file].seek(0);
        newest[file] = 0;
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
                throw new UncheckedIOException("Cannot read the acknowledgement log " + path, e);
            }
        }
        List<JournalRecord> records = new ArrayList<>();
        byTicket.values().forEach(records::addAll);
        return records;
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
            records.add(kind == REMOVED ? new JournalRecord.Removed(queue, value)
                    : new JournalRecord.QueueVersion(queue, value));
        }
        byTicket.merge(ticket, records, (a, b) -> {
            List<JournalRecord> both = new ArrayList<>(a);
            both.addAll(b);
            return both;
        });
    }
}
