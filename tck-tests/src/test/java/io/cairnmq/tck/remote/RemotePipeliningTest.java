package io.cairnmq.tck.remote;

import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.Engine;
import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.jms.CairnConnectionFactory;
import io.cairnmq.protocol.FrameOutput;
import io.cairnmq.protocol.Hello;
import io.cairnmq.protocol.Op;
import io.cairnmq.protocol.Protocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Non-persistent sends over {@code tcp://} are one-way frames: the node tells how many it handled
 * now and then instead of answering each, and the client's send window moves on those counts.
 */
@Timeout(120)
class RemotePipeliningTest {

    private static OneNode node;
    private static Engine engine;

    @BeforeAll
    static void startNode() throws IOException {
        node = OneNode.start("pipelining", 1 << 20, settings -> settings);
        engine = node.engine();
    }

    @AfterAll
    static void stopNode() throws IOException {
        node.close();
    }

    @Test
    void nonPersistentSendsFarBeyondTheSendWindowAllArriveInOrder() throws JMSException {
        int count = 2_000;
        // A window of four: the producer goes on only as the node's counts come back.
        CairnConnectionFactory factory = node.factory("?sendWindow=4");
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession();
            Queue queue = session.createQueue("window-" + UUID.randomUUID());
            MessageProducer producer = session.createProducer(queue);
            producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            for (int i = 0; i < count; i++) {
                producer.send(session.createTextMessage("m-" + i));
            }
            MessageConsumer consumer = session.createConsumer(queue);
            for (int i = 0; i < count; i++) {
                TextMessage received = (TextMessage) consumer.receive(10_000);
                assertEquals("m-" + i, received == null ? null : received.getText());
            }
            assertNull(consumer.receiveNoWait());
        }
    }

    @Test
    void theNodeCountsOneWaySendsEveryQuarterWindowAndBeforeAnsweringAFlush() throws Exception {
        DestinationName queue = DestinationName.queue("counted-" + UUID.randomUUID());
        int count = 300;
        int window = 64;
        long producer = 7;
        try (Socket socket = new Socket("127.0.0.1", node.port())) {
            socket.setSoTimeout(20_000);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            FrameOutput hello = FrameOutput.start(ByteBufAllocator.DEFAULT, Op.HELLO, 0);
            new Hello(Protocol.VERSION, null, null, 10_000, "raw").write(hello);
            RawFrames.write(out, hello.finish());
            assertEquals(Op.WELCOME.code(), readFrame(in).op);
            RawFrames.write(out, FrameOutput.start(ByteBufAllocator.DEFAULT, Op.OPEN_PRODUCER, 1).writeLong(producer)
                    .writeString(null).writeInt(window).finish());
            assertEquals(Op.RESULT.code(), readFrame(in).op);
            // All the sends and then a flush in one write.
            ByteBuf burst = Unpooled.buffer();
            for (int i = 0; i < count; i++) {
                ByteBuf frame = FrameOutput.start(ByteBufAllocator.DEFAULT, Op.SEND_ONE_WAY, 0).writeLong(producer)
                        .writeDestination(queue).writeMessage(MessageRecord.builder("m-" + i).persistent(false)
                                .body(new byte[100]).build()).finish();
                burst.writeBytes(frame);
                frame.release();
            }
            ByteBuf flush = FrameOutput.start(ByteBufAllocator.DEFAULT, Op.FLUSH, 2).writeLong(producer).finish();
            burst.writeBytes(flush);
            flush.release();
            RawFrames.write(out, burst);
            // One count per quarter window (16 sends), the rest before the flush's answer.
            List<Long> counts = new ArrayList<>();
            RawFrame next;
            while ((next = readFrame(in)).op == Op.SENT.code()) {
                assertEquals(producer, next.id);
                DataInputStream body = new DataInputStream(new java.io.ByteArrayInputStream(next.body));
                counts.add(body.readLong());
                assertFalse(body.readBoolean(), "no send failed");
            }
            assertEquals(Op.RESULT.code(), next.op);
            assertEquals(2, next.id);
            List<Long> expected = new ArrayList<>();
            for (long c = window / 4; c < count; c += window / 4) {
                expected.add(c);
            }
            expected.add((long) count);
            assertEquals(expected, counts);
            assertEquals(count, engine.stats(queue).ready());
        }
    }

    private record RawFrame(byte op, long id, byte[] body) {
    }

    private static RawFrame readFrame(DataInputStream in) throws IOException {
        int length = in.readInt();
        byte op = in.readByte();
        long id = in.readLong();
        return new RawFrame(op, id, in.readNBytes(length - 9));
    }
}
