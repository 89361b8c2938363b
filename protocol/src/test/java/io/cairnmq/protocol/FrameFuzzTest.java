package io.cairnmq.protocol;

import io.cairnmq.engine.api.ConsumerSpec;
import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.api.SubscriptionSpec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What a node does with bytes from the network that are not what the protocol says: random
 * bytes, valid frames with bytes changed, cut or lengthened. Every outcome must be a frame, a
 * {@link DecoderException} (the connection is closed), a {@link ProtocolException} when its body
 * is read (closed too) or an {@link EngineException} for a value the engine refuses (answered as
 * an error), never another exception and never an allocation larger than the frame.
 */
class FrameFuzzTest {

    private static final int MAX_FRAME = 64 * 1024;
    private static final long SEED = Long.getLong("cairnmq.fuzz.seed", System.nanoTime());

    @Test
    void aValidFrameRoundTrips() {
        Delivery delivery = new Delivery(message(), 2, 3, 77);
        ByteBuf frame = FrameOutput.start(ByteBufAllocator.DEFAULT, Op.DELIVER, 9).writeInt(1).writeDelivery(delivery)
                .finish();
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(MAX_FRAME));
        channel.writeInbound(frame);
        Frame decoded = channel.readInbound();
        try {
            assertEquals(Op.DELIVER, decoded.op());
            assertEquals(9, decoded.id());
            FrameInput in = decoded.input();
            assertEquals(1, in.readInt());
            Delivery read = in.readDelivery();
            in.end();
            assertEquals(delivery.deliveryCount(), read.deliveryCount());
            assertEquals(delivery.sequence(), read.sequence());
            assertEquals("m-1", read.message().id());
            assertEquals("v", read.message().properties().get("k"));
        } finally {
            decoded.release();
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void anOversizedFrameIsRefusedBeforeItsBytesArrive() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(MAX_FRAME));
        ByteBuf header = Unpooled.buffer().writeInt(MAX_FRAME + 1).writeByte(Op.SEND.code());
        DecoderException refused = assertThrows(DecoderException.class, () -> channel.writeInbound(header));
        assertFalse(refused.getMessage().isEmpty());
        channel.finishAndReleaseAll();
    }

    @Test
    void randomAndMutatedBytesNeverBreakTheDecoder() {
        System.out.println("FrameFuzzTest seed " + SEED + " (repeat with -Dcairnmq.fuzz.seed=" + SEED + ")");
        Random random = new Random(SEED);
        List<ByteBuf> valid = validFrames();
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = round % 4 == 0 ? randomBytes(random) : mutate(random, valid.get(random.nextInt(valid.size())));
            feed(bytes);
        }
        valid.forEach(ByteBuf::release);
    }

    private static void feed(byte[] bytes) {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(MAX_FRAME));
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        } catch (DecoderException refused) {
            // The connection would be closed: a correct outcome.
        }
        Frame frame;
        while ((frame = channel.readInbound()) != null) {
            try {
                readAsItsOperation(frame);
            } catch (ProtocolException | EngineException refused) {
                // Refused with a reason: a correct outcome.
            } finally {
                frame.release();
            }
        }
        channel.finishAndReleaseAll();
    }

    /** Reads a body the way the node and the client read that operation's bodies. */
    private static void readAsItsOperation(Frame frame) {
        FrameInput in = frame.input();
        switch (frame.op()) {
            case HELLO -> Hello.read(in);
            case WELCOME -> Welcome.read(in);
            case REFUSED, ERROR, CONNECTION_FAILED -> WireErrors.read(in);
            case DELIVER -> {
                in.readInt();
                in.readDelivery();
            }
            case SEND -> {
                in.readLong();
                in.readLong();
                in.readDestination();
                in.readMessage();
            }
            case OPEN_CONSUMER -> {
                in.readLong();
                in.readConsumerSpec();
            }
            case ACK, FLUSH_ACKS, ACK_ALL, RECOVER -> {
                in.readLong();
                in.readDeliveryKeys();
            }
            default -> in.readString();
        }
        in.end();
    }

    private static List<ByteBuf> validFrames() {
        ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
        FrameOutput hello = FrameOutput.start(alloc, Op.HELLO, 0);
        new Hello(Protocol.VERSION, "user", "secret", 1000, "fuzz").write(hello);
        return List.of(hello.finish(),
                FrameOutput.start(alloc, Op.SEND, 1).writeLong(4).writeLong(0).writeDestination(DestinationName.queue("q"))
                        .writeMessage(message()).finish(),
                FrameOutput.start(alloc, Op.DELIVER, 2).writeInt(0).writeDelivery(new Delivery(message(), 1, 0, 5)).finish(),
                FrameOutput.start(alloc, Op.OPEN_CONSUMER, 3).writeLong(7).writeConsumerSpec(
                        new ConsumerSpec(DestinationName.topic("t"), 10, io.cairnmq.engine.api.Acknowledgements.LAZY,
                                "a > 1", SubscriptionSpec.durable("c", "s", false))).finish(),
                FrameOutput.start(alloc, Op.ACK, 4).writeLong(7).writeInt(1)
                        .writeDeliveryKeys(List.of(new Delivery(message(), 1, 0, 5))).finish());
    }

    private static MessageRecord message() {
        return MessageRecord.builder("m-1").property("k", "v").property("n", 5).correlationId("c")
                .replyTo(DestinationName.queue("r")).body(new byte[] {1, 2, 3}).build();
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(64)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] mutate(Random random, ByteBuf valid) {
        byte[] bytes = new byte[valid.readableBytes()];
        valid.getBytes(valid.readerIndex(), bytes);
        switch (random.nextInt(3)) {
            case 0 -> {
                for (int i = 0; i < 1 + random.nextInt(4); i++) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
            }
            case 1 -> bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
            default -> {
                // Lengths inside the body made huge: the codec must check them against what is left.
                int at = 13 + random.nextInt(Math.max(1, bytes.length - 17));
                if (at + 4 <= bytes.length) {
                    bytes[at] = 0x7f;
                }
            }
        }
        return bytes;
    }
}
