package io.cairnmq.protocol;

import io.cairnmq.engine.api.Acknowledgements;
import io.cairnmq.engine.api.ConsumerSpec;
import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.api.SubscriptionKind;
import io.cairnmq.engine.api.SubscriptionSpec;
import io.cairnmq.engine.codec.BoundedInput;
import io.cairnmq.engine.codec.LongStrings;
import io.cairnmq.engine.codec.MessageCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the body of one received frame. Every mistake in it (a length past its end, an unknown
 * kind, a value no engine type accepts) is a {@link ProtocolException}, and nothing is allocated
 * beyond the frame's own size.
 */
public final class FrameInput implements BoundedInput {

    private final ByteBuf buf;
    private final Bounded in;

    public FrameInput(ByteBuf body) {
        this.buf = body;
        this.in = new Bounded(body);
    }

    @Override
    public int remaining() {
        return buf.readableBytes();
    }

    public int readByte() {
        need(1);
        return buf.readByte();
    }

    public boolean readBoolean() {
        need(1);
        return buf.readBoolean();
    }

    public int readInt() {
        need(4);
        return buf.readInt();
    }

    public long readLong() {
        need(8);
        return buf.readLong();
    }

    public String readString() {
        try {
            return LongStrings.readNullable(in);
        } catch (IOException | RuntimeException e) {
            throw malformed("a string", e);
        }
    }

    public DestinationName readDestination() {
        try {
            return MessageCodec.readDestination(in);
        } catch (IOException | RuntimeException e) {
            throw malformed("a destination", e);
        }
    }

    public MessageRecord readMessage() {
        try {
            return MessageCodec.read(in);
        } catch (IOException | RuntimeException e) {
            throw malformed("a message", e);
        }
    }

    public Delivery readDelivery() {
        int count = readInt();
        int shard = readInt();
        long sequence = readLong();
        if (count < 1 || shard < 0) {
            throw new ProtocolException("A delivery with count " + count + " on shard " + shard);
        }
        return new Delivery(readMessage(), count, shard, sequence);
    }

    /** Deliveries named by where they are held, without their messages. */
    public List<Delivery> readDeliveryKeys() {
        int count = readCount(12);
        List<Delivery> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int shard = readInt();
            long sequence = readLong();
            if (shard < 0) {
                throw new ProtocolException("A delivery on shard " + shard);
            }
            keys.add(new Delivery(null, 1, shard, sequence));
        }
        return keys;
    }

    public ConsumerSpec readConsumerSpec() {
        DestinationName destination = readDestination();
        int prefetch = readInt();
        Acknowledgements acknowledgements = readEnum(Acknowledgements.values(), "acknowledgement mode");
        String selector = readString();
        SubscriptionSpec subscription = null;
        try {
            if (readBoolean()) {
                String name = readString();
                SubscriptionKind kind = readEnum(SubscriptionKind.values(), "subscription kind");
                subscription = new SubscriptionSpec(name, kind, readBoolean(), readString());
            }
            return new ConsumerSpec(destination, prefetch, acknowledgements, selector, subscription);
        } catch (IllegalArgumentException e) {
            throw malformed("a consumer", e);
        }
    }

    /** A count of items of at least {@code itemBytes} each, checked against what is left. */
    public int readCount(int itemBytes) {
        int count = readInt();
        if (count < 0 || (long) count * itemBytes > remaining()) {
            throw new ProtocolException("A count of " + count + " does not fit in the " + remaining()
                    + " bytes left of the frame");
        }
        return count;
    }

    public <E extends Enum<E>> E readEnum(E[] values, String what) {
        int ordinal = readByte();
        if (ordinal < 0 || ordinal >= values.length) {
            throw new ProtocolException("Unknown " + what + " " + ordinal);
        }
        return values[ordinal];
    }

    /** Fails unless the whole body was read: trailing bytes mean the two sides disagree. */
    public void end() {
        if (buf.isReadable()) {
            throw new ProtocolException(buf.readableBytes() + " unexpected bytes at the end of the frame");
        }
    }

    private void need(int bytes) {
        if (buf.readableBytes() < bytes) {
            throw new ProtocolException("The frame ends early: " + bytes + " more bytes expected");
        }
    }

    private static ProtocolException malformed(String what, Exception cause) {
        return new ProtocolException("Malformed " + what + ": " + cause.getMessage(), cause);
    }

    /** The codec's view of this input: a data input that knows its bounds. */
    private static final class Bounded extends DataInputStream implements BoundedInput {
        private final ByteBuf buf;

        Bounded(ByteBuf buf) {
            super(new ByteBufInputStream(buf));
            this.buf = buf;
        }

        @Override
        public int remaining() {
            return buf.readableBytes();
        }
    }
}
