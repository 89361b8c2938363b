package io.cairnmq.engine.tx;

import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.codec.LongStrings;
import io.cairnmq.engine.codec.MessageCodec;
import io.cairnmq.engine.queue.ShardCodec;
import io.cairnmq.engine.topic.Origin;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Binary form of transaction state: for replicas of an entry, for operations, for the journal. */
public final class TransactionCodec {

    private TransactionCodec() {
    }

    public static void writeTransactions(DataOutput out, EntryTransactions t) throws IOException {
        out.writeInt(t.prepared.size());
        for (var e : t.prepared.entrySet()) {
            out.writeUTF(e.getKey());
            writePrepared(out, e.getValue());
        }
        out.writeInt(t.committed.size());
        for (var e : t.committed.entrySet()) {
            out.writeUTF(e.getKey());
            writeIds(out, e.getValue());
        }
        writeIds(out, t.abortedIds());
        writeIds(out, t.appliedIds());
    }

    public static void readTransactions(DataInput in, EntryTransactions t) throws IOException {
        for (int i = in.readInt(); i > 0; i--) {
            t.prepared.put(in.readUTF(), readPrepared(in));
        }
        for (int i = in.readInt(); i > 0; i--) {
            t.committed.put(in.readUTF(), readIds(in));
        }
        t.aborted.addAll(readIds(in));
        t.applied.addAll(readIds(in));
    }

    public static void writePrepared(DataOutput out, PreparedWork p) throws IOException {
        out.writeUTF(p.coordinator());
        out.writeUTF(p.committer());
        writeWork(out, p.work());
        writeIds(out, p.entries());
    }

    public static PreparedWork readPrepared(DataInput in) throws IOException {
        return new PreparedWork(in.readUTF(), in.readUTF(), readWork(in), readIds(in));
    }

    public static void writeWork(DataOutput out, EntryWork work) throws IOException {
        out.writeInt(work.sends().size());
        for (MessageRecord m : work.sends()) {
            MessageCodec.write(out, m);
        }
        LongStrings.writeNullable(out, work.origin().connectionId());
        LongStrings.writeNullable(out, work.origin().clientId());
        writeAcknowledgements(out, work.acknowledgements());
    }

    public static void writeAcknowledgements(DataOutput out, List<Acknowledgement> acknowledgements)
            throws IOException {
        out.writeInt(acknowledgements.size());
        for (Acknowledgement a : acknowledgements) {
            LongStrings.writeNullable(out, a.subscription());
            ShardCodec.writeHolder(out, a.consumer());
            ShardCodec.writeLongs(out, a.sequences());
        }
    }

    public static List<Acknowledgement> readAcknowledgements(DataInput in) throws IOException {
        int acks = in.readInt();
        List<Acknowledgement> acknowledgements = new ArrayList<>(acks);
        for (int i = 0; i < acks; i++) {
            acknowledgements.add(new Acknowledgement(LongStrings.readNullable(in), ShardCodec.readHolder(in),
                    ShardCodec.readLongs(in)));
        }
        return acknowledgements;
    }

    public static EntryWork readWork(DataInput in) throws IOException {
        int n = in.readInt();
        List<MessageRecord> sends = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            sends.add(MessageCodec.read(in));
        }
        Origin origin = new Origin(LongStrings.readNullable(in), LongStrings.readNullable(in));
        return new EntryWork(sends, origin, readAcknowledgements(in));
    }

    /** A prepared transaction as the bytes of one journal row. */
    public static byte[] toBytes(PreparedWork p) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writePrepared(out, p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static PreparedWork fromBytes(byte[] row) {
        try {
            return readPrepared(new DataInputStream(new ByteArrayInputStream(row)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void writeIds(DataOutput out, List<String> ids) throws IOException {
        out.writeInt(ids.size());
        for (String id : ids) {
            out.writeUTF(id);
        }
    }

    public static List<String> readIds(DataInput in) throws IOException {
        int n = in.readInt();
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(in.readUTF());
        }
        return ids;
    }
}
