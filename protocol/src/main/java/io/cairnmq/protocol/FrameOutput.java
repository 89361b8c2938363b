package io.cairnmq.protocol;

import io.cairnmq.engine.api.ConsumerSpec;
import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.api.SubscriptionSpec;
import io.cairnmq.engine.codec.LongStrings;
import io.cairnmq.engine.codec.MessageCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;

/**
 * Writes one frame: its length (filled in by {@link #finish()}), operation, id and body. Writing
 * to a buffer does not fail, so the checked exceptions of {@link java.io.DataOutput} become
 * unchecked ones here.
 */
public final class FrameOutput {

    private final ByteBuf buf;
    private final ByteBufOutputStream out;

    private FrameOutput(ByteBuf buf) {
        this.buf = buf;
        this.out = new ByteBufOutputStream(buf);
    }

    public static FrameOutput start(ByteBufAllocator alloc, Op op, long id) {
        FrameOutput frame = new FrameOutput(alloc.ioBuffer(128));
        frame.buf.writeInt(0);
        frame.buf.writeByte(op.code());
        frame.buf.writeLong(id);
        return frame;
    }

    /** The finished frame, its length filled in; the caller owns (and usually writes) it. */
    public ByteBuf finish() {
        buf.setInt(0, buf.readableBytes() - 4);
        return buf;
    }

    /** Gives the buffer back when the frame will not be sent after all. */
    public void discard() {
        buf.release();
    }

    public FrameOutput writeByte(int value) {
        buf.writeByte(value);
        return this;
    }

    public FrameOutput writeBoolean(boolean value) {
        buf.writeBoolean(value);
        return this;
    }

    public FrameOutput writeInt(int value) {
        buf.writeInt(value);
        return this;
    }

    public FrameOutput writeLong(long value) {
        buf.writeLong(value);
        return this;
    }

    public FrameOutput writeString(String value) {
        try {
            LongStrings.writeNullable(out, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public FrameOutput writeDestination(DestinationName destination) {
        try {
            MessageCodec.writeDestination(out, destination);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public FrameOutput writeMessage(MessageRecord message) {
        try {
            MessageCodec.write(out, message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** A delivery as the node handed it out: its count, where it is held, and the message. */
    public FrameOutput writeDelivery(Delivery delivery) {
        writeInt(delivery.deliveryCount()).writeInt(delivery.shard()).writeLong(delivery.sequence());
        return writeMessage(delivery.message());
    }

    /** Deliveries by where they are held (their message is not repeated). */
    public FrameOutput writeDeliveryKeys(Collection<Delivery> deliveries) {
        writeInt(deliveries.size());
        for (Delivery d : deliveries) {
            writeInt(d.shard()).writeLong(d.sequence());
        }
        return this;
    }

    public FrameOutput writeConsumerSpec(ConsumerSpec spec) {
        writeDestination(spec.destination()).writeInt(spec.prefetch()).writeByte(spec.acknowledgements().ordinal())
                .writeString(spec.selector());
        SubscriptionSpec subscription = spec.subscription();
        writeBoolean(subscription != null);
        if (subscription != null) {
            writeString(subscription.name()).writeByte(subscription.kind().ordinal())
                    .writeBoolean(subscription.noLocal()).writeString(subscription.clientId());
        }
        return this;
    }
}
