package io.cairnmq.tck.remote;

import io.cairnmq.engine.api.ConsumerSpec;
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
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node's front end facing clients that break the protocol: garbage, an oversized frame, a
 * first frame that is not the handshake, a client that stops reading. Each is refused or
 * disconnected with a reason, and the node goes on serving a well-behaved client meanwhile.
 */
@Timeout(120)
class FrontEndRefusalTest {

    private static final int MAX_FRAME = 1 << 20;
    private static OneNode node;
    private static Engine engine;

    @BeforeAll
    static void startNode() throws IOException {
        // A short heartbeat, so that a client that stops reading is found out quickly.
        node = OneNode.start("frontend", MAX_FRAME, settings -> settings.withHeartbeat(200));
        engine = node.engine();
    }

    @AfterAll
    static void stopNode() throws IOException {
        node.close();
    }

    @Test
    void garbageIsRefusedAndTheNodeServesOthers() throws Exception {
        byte[] garbage = new byte[4096];
        new Random(42).nextBytes(garbage);
        try (Socket socket = rawClient()) {
            socket.getOutputStream().write(garbage);
            assertClosedAfterAnyRefusal(socket);
        }
        assertServes();
    }

    @Test
    void anOversizedFrameIsRefusedWithItsReason() throws Exception {
        try (Socket socket = rawClient()) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            RawFrames.write(out, hello());
            assertEquals(Op.WELCOME.code(), readFrameOp(in));
            new java.io.DataOutputStream(out).writeInt(MAX_FRAME + 1);
            out.flush();
            String refusal = readRefusal(in);
            assertTrue(refusal.contains("larger than the limit"), refusal);
            assertClosedAfterAnyRefusal(socket);
        }
        assertServes();
    }

    @Test
    void aClientThatFallsSilentIsDisconnectedWithinThreeOfItsHeartbeats() throws Exception {
        try (Socket socket = rawClient()) {
            FrameOutput hello = FrameOutput.start(ByteBufAllocator.DEFAULT, Op.HELLO, 0);
            new Hello(Protocol.VERSION, null, null, 100, "silent").write(hello);
            RawFrames.write(socket.getOutputStream(), hello.finish());
            long start = System.nanoTime();
            // It promised a heartbeat every 100 ms and sends nothing: the node closes after 300 ms.
            assertClosedAfterAnyRefusal(socket);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 5_000, "closed after " + millis + " ms");
        }
        assertServes();
    }

    @Test
    void aFirstFrameOtherThanTheHandshakeIsRefused() throws Exception {
        try (Socket socket = rawClient()) {
            RawFrames.write(socket.getOutputStream(), FrameOutput.start(ByteBufAllocator.DEFAULT, Op.OPEN_PRODUCER, 1)
                    .writeLong(1).finish());
            String refusal = readRefusal(new DataInputStream(socket.getInputStream()));
            assertTrue(refusal.contains("HELLO"), refusal);
        }
        assertServes();
    }

    @Test
    void aClientThatStopsReadingIsDisconnectedAndItsMessagesGoBack() throws Exception {
        DestinationName queue = DestinationName.queue("unread-" + UUID.randomUUID());
        int count = 400;
        try (var connection = engine.connect(null, null, cause -> { })) {
            var producer = connection.openProducer();
            for (int i = 0; i < count; i++) {
                producer.send(queue, MessageRecord.builder("big-" + i).persistent(false).body(new byte[16 * 1024]).build());
            }
            producer.flush();
        }
        try (Socket socket = rawClient()) {
            socket.setReceiveBufferSize(4096);
            OutputStream out = socket.getOutputStream();
            RawFrames.write(out, hello());
            assertEquals(Op.WELCOME.code(), readFrameOp(new DataInputStream(socket.getInputStream())));
            RawFrames.write(out, FrameOutput.start(ByteBufAllocator.DEFAULT, Op.OPEN_CONSUMER, 2).writeLong(1)
                    .writeConsumerSpec(new ConsumerSpec(queue, count)).finish());
            // It never reads: the node stops pushing, then drops it and gives its messages back.
            await().atMost(java.time.Duration.ofSeconds(30)).until(() -> engine.stats(queue).leased() > 0);
            await().atMost(java.time.Duration.ofSeconds(60)).until(() -> engine.stats(queue).leased() == 0
                    && engine.stats(queue).ready() == count);
            assertServes();
        }
    }

    /** A JMS client over tcp:// still sends and receives on this node. */
    private static void assertServes() throws JMSException {
        CairnConnectionFactory factory = node.factory("");
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession();
            Queue queue = session.createQueue("serves-" + UUID.randomUUID());
            session.createProducer(queue).send(session.createTextMessage("still here"));
            MessageConsumer consumer = session.createConsumer(queue);
            assertEquals("still here", ((TextMessage) consumer.receive(10_000)).getText());
        }
    }

    private static Socket rawClient() throws IOException {
        Socket socket = new Socket("127.0.0.1", node.port());
        socket.setSoTimeout(20_000);
        return socket;
    }

    private static ByteBuf hello() {
        FrameOutput out = FrameOutput.start(ByteBufAllocator.DEFAULT, Op.HELLO, 0);
        new Hello(Protocol.VERSION, null, null, 10_000, "raw").write(out);
        return out.finish();
    }

    /** Reads one frame and returns its operation code, skipping its id and body. */
    private static byte readFrameOp(DataInputStream in) throws IOException {
        int length = in.readInt();
        byte op = in.readByte();
        in.skipNBytes(length - 1);
        return op;
    }

    /** Reads frames up to a REFUSED and returns its message. */
    private static String readRefusal(DataInputStream in) throws IOException {
        while (true) {
            int length = in.readInt();
            byte op = in.readByte();
            in.readLong();
            byte[] body = in.readNBytes(length - 9);
            if (op == Op.REFUSED.code()) {
                // kind, then a nullable length-prefixed UTF-8 string
                int textLength = ((body[2] & 0xff) << 24) | ((body[3] & 0xff) << 16) | ((body[4] & 0xff) << 8) | (body[5] & 0xff);
                return new String(body, 6, textLength, StandardCharsets.UTF_8);
            }
        }
    }

    /** The node closes the connection (after a REFUSED frame, if any). */
    private static void assertClosedAfterAnyRefusal(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] sink = new byte[4096];
        try {
            while (in.read(sink) >= 0) {
                // drain until the node closes
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("The node did not close the connection", e);
        } catch (EOFException | java.net.SocketException closed) {
            // closed: what is expected
        }
    }
}
