package io.cairnmq.engine.store.h2;

import io.cairnmq.engine.store.QueueAddress;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.BitSet;

/**
 * The messages one group commit stored for one queue, kept as one row of bodies and one small
 * row of bookkeeping instead of a row each: what a message costs the journal is then a share of
 * two inserts and of one delete, not a B-tree insert and delete of its own. Which of its
 * messages are gone and how often a message's delivery failed since are kept here, in memory,
 * and in the bookkeeping row; the bodies are written once and never changed.
 */
final class Pack {

    /** Its key in the journal (increasing, never reused while it exists). */
    final long id;
    final QueueAddress queue;
    final long first;
    /** Whether its messages outlive the member (persistent) or are spilled bodies. */
    final boolean durable;
    /** The sequences of its messages, ascending. */
    final long[] sequences;
    /** The priority of each message, by index. */
    final byte[] priorities;
    /** Messages gone (acknowledged, expired, rewritten elsewhere), by index. */
    private final BitSet gone;
    /** Failed deliveries of each message, by index; as written unless a redelivery changed them. */
    private final int[] failed;
    private int live;
    /** Bit p set when a message of priority p is among its messages. */
    private final int priorityMask;

    Pack(long id, QueueAddress queue, long[] sequences, byte[] priorities, int[] failed, boolean durable,
         BitSet gone) {
        this.id = id;
        this.queue = queue;
        this.first = sequences[0];
        this.durable = durable;
        this.sequences = sequences;
        this.priorities = priorities;
        this.failed = failed;
        this.gone = gone;
        this.live = sequences.length - gone.cardinality();
        int mask = 0;
        for (byte p : priorities) {
            mask |= 1 << p;
        }
        this.priorityMask = mask;
    }

    boolean mayHold(int priority) {
        return (priorityMask & (1 << priority)) != 0;
    }

    long last() {
        return sequences[sequences.length - 1];
    }

    /** The index of a live message of this pack, or -1. */
    int liveIndexOf(long sequence) {
        if (sequence < first || sequence > last()) {
            return -1;
        }
        int i = Arrays.binarySearch(sequences, sequence);
        return i >= 0 && !gone.get(i) ? i : -1;
    }

    boolean isLive(int index) {
        return !gone.get(index);
    }

    int failed(int index) {
        return failed[index];
    }

    /** The message is gone; returns whether the pack still holds any. */
    boolean remove(int index) {
        gone.set(index);
        live--;
        return live > 0;
    }

    void redelivered(int index, int failedDeliveries) {
        failed[index] = failedDeliveries;
    }

    boolean isEmpty() {
        return live == 0;
    }

    // ------------------------------------------------------------------ the bookkeeping row

    byte[] encodeSequences() {
        return write(out -> {
            out.writeInt(sequences.length);
            long previous = 0;
            for (long s : sequences) {
                out.writeLong(s - previous);
                previous = s;
            }
        });
    }

    byte[] encodeFailed() {
        return write(out -> {
            for (int i = 0; i < failed.length; i++) {
                out.writeInt(failed[i]);
            }
        });
    }

    byte[] encodeGone() {
        return gone.toByteArray();
    }

    static Pack decode(long id, QueueAddress queue, boolean durable, byte[] sequences, byte[] priorities, byte[] failed,
                       byte[] gone) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(sequences));
            long[] seqs = new long[in.readInt()];
            long previous = 0;
            for (int i = 0; i < seqs.length; i++) {
                previous += in.readLong();
                seqs[i] = previous;
            }
            DataInputStream f = new DataInputStream(new ByteArrayInputStream(failed));
            int[] counts = new int[seqs.length];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = f.readInt();
            }
            return new Pack(id, queue, seqs, priorities, counts, durable, BitSet.valueOf(gone));
        } catch (IOException e) {
            throw new UncheckedIOException("A pack of the journal cannot be read", e);
        }
    }

    interface Writing {
        void to(DataOutputStream out) throws IOException;
    }

    static byte[] write(Writing writing) {
        return write(32, writing);
    }

    static byte[] write(int expectedSize, Writing writing) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(expectedSize);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writing.to(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
