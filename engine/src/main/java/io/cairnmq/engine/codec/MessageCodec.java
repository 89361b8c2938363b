package io.cairnmq.engine.codec;

import io.cairnmq.engine.api.DestinationKind;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.MessageRecord;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Map;

/**
 * Writes and reads {@link MessageRecord}s. Optional fields are flagged in one leading byte so
 * that a plain message costs only its id, times, properties and body.
 */
public final class MessageCodec {

    private static final int HAS_CORRELATION = 1;
    private static final int HAS_TYPE = 1 << 1;
    private static final int HAS_REPLY_TO = 1 << 2;
    private static final int HAS_GROUP = 1 << 3;
    private static final int HAS_BODY = 1 << 4;
    private static final int PERSISTENT = 1 << 5;

    private MessageCodec() {
    }

    public static void write(DataOutput out, MessageRecord m) throws IOException {
        int flags = (m.correlationId() != null ? HAS_CORRELATION : 0)
                | (m.type() != null ? HAS_TYPE : 0)
                | (m.replyTo() != null ? HAS_REPLY_TO : 0)
                | (m.groupId() != null ? HAS_GROUP : 0)
                | (m.body() != null ? HAS_BODY : 0)
                | (m.persistent() ? PERSISTENT : 0);
        out.writeByte(flags);
        out.writeUTF(m.id());
        out.writeByte(m.bodyType());
        out.writeByte(m.priority());
        out.writeLong(m.timestamp());
        out.writeLong(m.expiration());
        out.writeLong(m.deliveryTime());
        if (m.correlationId() != null) {
            LongStrings.write(out, m.correlationId());
        }
        if (m.type() != null) {
            LongStrings.write(out, m.type());
        }
        if (m.replyTo() != null) {
            writeDestination(out, m.replyTo());
        }
        if (m.groupId() != null) {
            LongStrings.write(out, m.groupId());
        }
        PropertyCodec.write(out, m.properties());
        if (m.body() != null) {
            out.writeInt(m.body().length);
            out.write(m.body());
        }
    }

    public static MessageRecord read(DataInput in) throws IOException {
        int flags = in.readByte();
        MessageRecord.Builder b = MessageRecord.builder(in.readUTF())
                .bodyType(in.readByte())
                .priority(in.readByte())
                .persistent((flags & PERSISTENT) != 0)
                .timestamp(in.readLong())
                .expiration(in.readLong())
                .deliveryTime(in.readLong());
        if ((flags & HAS_CORRELATION) != 0) {
            b.correlationId(LongStrings.read(in));
        }
        if ((flags & HAS_TYPE) != 0) {
            b.type(LongStrings.read(in));
        }
        if ((flags & HAS_REPLY_TO) != 0) {
            b.replyTo(readDestination(in));
        }
        if ((flags & HAS_GROUP) != 0) {
            b.groupId(LongStrings.read(in));
        }
        Map<String, Object> properties = PropertyCodec.read(in);
        b.properties(properties);
        if ((flags & HAS_BODY) != 0) {
            byte[] body = new byte[LongStrings.length(in)];
            in.readFully(body);
            b.body(body);
        }
        return b.build();
    }

    public static void writeDestination(DataOutput out, DestinationName destination) throws IOException {
        out.writeByte(destination.kind().ordinal());
        out.writeUTF(destination.name());
    }

    public static DestinationName readDestination(DataInput in) throws IOException {
        int ordinal = in.readByte();
        if (ordinal < 0 || ordinal >= DestinationKind.values().length) {
            throw new IOException("Unknown destination kind " + ordinal);
        }
        DestinationKind kind = DestinationKind.values()[ordinal];
        return new DestinationName(kind, in.readUTF());
    }
}
