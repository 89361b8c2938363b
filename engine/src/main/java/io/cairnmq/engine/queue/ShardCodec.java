package io.cairnmq.engine.queue;

import io.cairnmq.engine.api.Redelivery;
import io.cairnmq.engine.codec.LongStrings;
import io.cairnmq.engine.codec.MessageCodec;
import io.cairnmq.engine.tx.TransactionCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Binary form of a whole shard (for migration and backup replicas) and of the decisions that
 * backups replay.
 */
public final class ShardCodec {

    private ShardCodec() {
    }

    public static void writeShard(DataOutput out, ShardState s) throws IOException {
        out.writeLong(s.nextSequence);
        out.writeLong(s.waiterVersion);
        out.writeInt(s.ready.size());
        IOException[] failure = new IOException[1];
        s.ready.forEach(m -> {
            if (failure[0] == null) {
                try {
                    writeStored(out, m);
                } catch (IOException e) {
                    failure[0] = e;
                }
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        out.writeInt(s.leased.size());
        for (LeasedMessage l : s.leased.values()) {
            writeStored(out, l.message());
            writeHolder(out, l.holder());
            out.writeUTF(l.token());
        }
        out.writeInt(s.retries.grants.size());
        for (Map.Entry<String, long[]> e : s.retries.grants.entrySet()) {
            out.writeUTF(e.getKey());
            writeLongs(out, e.getValue());
        }
        out.writeInt(s.retries.lastBatchByProducer.size());
        for (Map.Entry<String, Long> e : s.retries.lastBatchByProducer.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(e.getValue());
        }
        out.writeInt(s.waiters.size());
        for (Map.Entry<Holder, Waiter> w : s.waiters.entrySet()) {
            writeHolder(out, w.getKey());
            out.writeInt(w.getValue().room());
            LongStrings.writeNullable(out, w.getValue().selector());
        }
        writeZone(out, s.zone);
        writeHolders(out, s.roomWaiters.list());
        out.writeLong(s.recovery.journalVersion);
        out.writeLong(s.recovery.recoveredVersion);
        out.writeBoolean(s.live);
        TransactionCodec.writeTransactions(out, s.transactions);
        out.writeBoolean(s.exclusive != null);
        if (s.exclusive != null) {
            writeHolder(out, s.exclusive);
        }
        out.writeInt(s.groups.owners.size());
        for (Map.Entry<String, Holder> e : s.groups.owners.entrySet()) {
            LongStrings.write(out, e.getKey());
            writeHolder(out, e.getValue());
        }
        LongStrings.writeNullable(out, s.lastValues.property);
        out.writeInt(s.lastValues.newest.size());
        for (Map.Entry<String, Long> e : s.lastValues.newest.entrySet()) {
            LongStrings.write(out, e.getKey());
            out.writeLong(e.getValue());
        }
    }

    private static void writeZone(DataOutput out, SpillZone zone) throws IOException {
        writeLongs(out, zone.cursor);
        for (int c : zone.count) {
            out.writeInt(c);
        }
        out.writeLong(zone.bytes);
        writeLongs(out, zone.early.stream().mapToLong(Long::longValue).toArray());
    }

    private static void readZone(DataInput in, SpillZone zone) throws IOException {
        long[] cursor = readLongs(in);
        System.arraycopy(cursor, 0, zone.cursor, 0, cursor.length);
        for (int p = 0; p < zone.count.length; p++) {
            zone.count[p] = in.readInt();
        }
        zone.bytes = in.readLong();
        for (long sequence : readLongs(in)) {
            zone.early.add(sequence);
        }
    }

    public static ShardState readShard(DataInput in) throws IOException {
        ShardState s = new ShardState();
        s.nextSequence = in.readLong();
        s.waiterVersion = in.readLong();
        for (int i = in.readInt(); i > 0; i--) {
            s.ready.add(readStored(in));
        }
        for (int i = in.readInt(); i > 0; i--) {
            StoredMessage m = readStored(in);
            s.leased.put(m.sequence(), new LeasedMessage(m, readHolder(in), in.readUTF()));
        }
        for (int i = in.readInt(); i > 0; i--) {
            s.retries.grants.put(in.readUTF(), readLongs(in));
        }
        for (int i = in.readInt(); i > 0; i--) {
            s.retries.lastBatchByProducer.put(in.readUTF(), in.readLong());
        }
        for (int i = in.readInt(); i > 0; i--) {
            s.waiters.put(readHolder(in), new Waiter(in.readInt(), LongStrings.readNullable(in)));
        }
        readZone(in, s.zone);
        s.roomWaiters.addAll(readHolders(in));
        s.recovery.journalVersion = in.readLong();
        s.recovery.recoveredVersion = in.readLong();
        s.live = in.readBoolean();
        TransactionCodec.readTransactions(in, s.transactions);
        s.exclusive = in.readBoolean() ? readHolder(in) : null;
        for (int i = in.readInt(); i > 0; i--) {
            s.groups.owners.put(LongStrings.read(in), readHolder(in));
        }
        s.groups.recount();
        s.lastValues.property = LongStrings.readNullable(in);
        for (int i = in.readInt(); i > 0; i--) {
            s.lastValues.newest.put(LongStrings.read(in), in.readLong());
        }
        s.recountResidentBytes();
        return s;
    }

    public static void writeStored(DataOutput out, StoredMessage m) throws IOException {
        out.writeLong(m.sequence());
        out.writeInt(m.failedDeliveries());
        out.writeBoolean(m.spilled());
        out.writeLong(m.heldUntil());
        MessageCodec.write(out, m.message());
    }

    public static StoredMessage readStored(DataInput in) throws IOException {
        long sequence = in.readLong();
        int failed = in.readInt();
        boolean spilled = in.readBoolean();
        long heldUntil = in.readLong();
        return new StoredMessage(sequence, MessageCodec.read(in), failed, spilled, heldUntil);
    }

    public static void writeStoredList(DataOutput out, List<StoredMessage> messages) throws IOException {
        out.writeInt(messages.size());
        for (StoredMessage m : messages) {
            writeStored(out, m);
        }
    }

    public static List<StoredMessage> readStoredList(DataInput in) throws IOException {
        int n = in.readInt();
        List<StoredMessage> messages = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            messages.add(readStored(in));
        }
        return messages;
    }

    public static void writeHolder(DataOutput out, Holder h) throws IOException {
        out.writeUTF(h.memberId());
        out.writeUTF(h.connectionId());
        out.writeUTF(h.consumerId());
    }

    public static Holder readHolder(DataInput in) throws IOException {
        return new Holder(in.readUTF(), in.readUTF(), in.readUTF());
    }

    public static void writeHolders(DataOutput out, List<Holder> holders) throws IOException {
        out.writeInt(holders.size());
        for (Holder h : holders) {
            writeHolder(out, h);
        }
    }

    public static List<Holder> readHolders(DataInput in) throws IOException {
        int n = in.readInt();
        List<Holder> result = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            result.add(readHolder(in));
        }
        return result;
    }

    public static void writeLongs(DataOutput out, long[] values) throws IOException {
        out.writeInt(values.length);
        for (long v : values) {
            out.writeLong(v);
        }
    }

    public static long[] readLongs(DataInput in) throws IOException {
        long[] values = new long[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readLong();
        }
        return values;
    }

    public static void writeEnqueue(DataOutput out, EnqueueDecision d) throws IOException {
        out.writeLong(d.firstSequence());
        out.writeBoolean(d.duplicate());
        out.writeInt(d.handOffs().size());
        for (HandOff h : d.handOffs()) {
            writeHolder(out, h.holder());
            writeLongs(out, h.sequences());
            out.writeInt(h.remainingRoom());
        }
        writeHolders(out, d.woken());
        out.writeLong(d.waiterVersion());
        out.writeInt(d.resident());
        LongStrings.writeNullable(out, d.lastValueProperty());
        writeLongs(out, d.replaced());
    }

    public static EnqueueDecision readEnqueue(DataInput in) throws IOException {
        long first = in.readLong();
        boolean duplicate = in.readBoolean();
        int n = in.readInt();
        List<HandOff> handOffs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            handOffs.add(new HandOff(readHolder(in), readLongs(in), in.readInt()));
        }
        return new EnqueueDecision(first, duplicate, handOffs, readHolders(in), in.readLong(), in.readInt(),
                LongStrings.readNullable(in), readLongs(in));
    }

    public static void writeLease(DataOutput out, LeaseDecision d) throws IOException {
        writeLongs(out, d.acknowledged());
        writeLongs(out, d.expired());
        writeLongs(out, d.leased());
        out.writeInt(d.waitingRoom());
        out.writeLong(d.waiterVersion());
        out.writeLong(d.nextDue());
        LongStrings.writeNullable(out, d.selector());
        writeLongs(out, d.moves().outOfAttempts());
        writeLongs(out, d.moves().expired());
        out.writeBoolean(d.claimsExclusive());
    }

    public static LeaseDecision readLease(DataInput in) throws IOException {
        return new LeaseDecision(readLongs(in), readLongs(in), readLongs(in), in.readInt(), in.readLong(), in.readLong(),
                LongStrings.readNullable(in), new LeaseDecision.Moves(readLongs(in), readLongs(in)), in.readBoolean());
    }

    public static void writeRelease(DataOutput out, ReleaseDecision d) throws IOException {
        writeLongs(out, d.released());
        out.writeByte(d.redelivery().ordinal());
        writeHolders(out, d.woken());
        writeHolders(out, d.dropped());
        out.writeLong(d.waiterVersion());
        writeLongs(out, d.heldUntil());
        out.writeInt(d.failedAtLeast());
        writeHolders(out, d.left());
    }

    public static ReleaseDecision readRelease(DataInput in) throws IOException {
        return new ReleaseDecision(readLongs(in), Redelivery.values()[in.readByte()], readHolders(in), readHolders(in),
                in.readLong(), readLongs(in), in.readInt(), readHolders(in));
    }
}
