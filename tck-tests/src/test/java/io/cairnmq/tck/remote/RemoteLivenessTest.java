package io.cairnmq.tck.remote;

import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.jms.CairnConnectionFactory;
import io.cairnmq.protocol.Frame;
import io.cairnmq.protocol.FrameDecoder;
import io.cairnmq.protocol.FrameOutput;
import io.cairnmq.protocol.Hello;
import io.cairnmq.protocol.Op;
import io.cairnmq.protocol.Protocol;
import io.cairnmq.protocol.Welcome;
import io.cairnmq.tck.RemoteNodes;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Liveness both ways, and what the application hears when a connection cannot be carried over
 * whole: a node that stops answering is found out by its client within 3 of the node's heartbeat
 * intervals; temporary destinations lost with a node are reported to the {@code ExceptionListener}
 * while the connection carries on; a connection no node takes over is reported once its attempts
 * are spent; a consumer closes at once while no node can be reached, without waiting for one.
 */
@Timeout(120)
class RemoteLivenessTest {

    @TempDir
    Path dir;

    @Test
    void aNodeThatFallsSilentIsFoundOutByItsClient() throws Exception {
        try (ServerSocket silentNode = new ServerSocket()) {
            silentNode.bind(new InetSocketAddress("127.0.0.1", 0));
            Thread node = new Thread(() -> answerHelloThenFallSilent(silentNode), "silent-node");
            node.setDaemon(true);
            node.start();
            CopyOnWriteArrayList<JMSException> heard = new CopyOnWriteArrayList<>();
            CairnConnectionFactory factory = new CairnConnectionFactory("tcp://127.0.0.1:" + silentNode.getLocalPort()
                    + "?reconnectAttempts=0");
            try (Connection connection = factory.createConnection()) {
                connection.setExceptionListener(heard::add);
                long start = System.nanoTime();
                // Its heartbeat is 200 ms: after 3 silent intervals the client counts it dead.
                await().atMost(Duration.ofSeconds(10)).until(() -> !heard.isEmpty());
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(millis < 5_000, "found out after " + millis + " ms");
            }
        }
    }

    @Test
    void lostTemporaryDestinationsAreReportedAndTheConnectionCarriesOn() throws Exception {
        try (RemoteNodes nodes = RemoteNodes.start("liveness-" + UUID.randomUUID().toString().substring(0, 8), dir, 2)) {
            CopyOnWriteArrayList<JMSException> heard = new CopyOnWriteArrayList<>();
            try (Connection connection = new CairnConnectionFactory(nodes.url() + "?reconnectDelayMillis=50")
                    .createConnection()) {
                connection.setExceptionListener(heard::add);
                connection.start();
                Session session = connection.createSession();
                TemporaryQueue replies = session.createTemporaryQueue();
                assertTrue(replies.getQueueName().startsWith(DestinationName.TEMPORARY_PREFIX));
                // The first node's front end goes away: the connection moves to the second node.
                nodes.frontEnds().get(0).close();
                await().atMost(Duration.ofSeconds(30)).until(() -> !heard.isEmpty());
                assertTrue(heard.get(0).getMessage().contains(replies.getQueueName()), heard.get(0).getMessage());
                jakarta.jms.Queue queue = session.createQueue("after-" + UUID.randomUUID());
                session.createProducer(queue).send(session.createTextMessage("carried over"));
                assertEquals("carried over", ((jakarta.jms.TextMessage) session.createConsumer(queue).receive(10_000)).getText());
            }
        }
    }

    @Test
    void aConnectionNoNodeTakesOverIsReportedOnceItsAttemptsAreSpent() throws Exception {
        try (RemoteNodes nodes = RemoteNodes.start("liveness-" + UUID.randomUUID().toString().substring(0, 8), dir, 1)) {
            CopyOnWriteArrayList<JMSException> heard = new CopyOnWriteArrayList<>();
            Connection connection = new CairnConnectionFactory(nodes.url()
                    + "?reconnectAttempts=3&reconnectDelayMillis=50&connectTimeoutMillis=1000").createConnection();
            try {
                connection.setExceptionListener(heard::add);
                nodes.frontEnds().get(0).close();
                await().atMost(Duration.ofSeconds(30)).until(() -> !heard.isEmpty());
                assertTrue(heard.get(0).getMessage().contains("could not be restored"), heard.get(0).getMessage());
            } finally {
                connection.close();
            }
        }
    }

    @Test
    void aConsumerClosesAtOnceWhileItsNodeCannotBeReached() throws Exception {
        try (RemoteNodes nodes = RemoteNodes.start("liveness-" + UUID.randomUUID().toString().substring(0, 8), dir, 1)) {
            // Calls wait up to a minute for a node to take the connection over; closing must not.
            try (Connection connection = new CairnConnectionFactory(nodes.url()
                    + "?callTimeoutMillis=60000&reconnectDelayMillis=50&reconnectAttempts=1000").createConnection()) {
                connection.start();
                Session session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue("q-" + UUID.randomUUID()));
                CompletableFuture<Message> received = new CompletableFuture<>();
                Thread receiver = new Thread(() -> {
                    try {
                        received.complete(consumer.receive());
                    } catch (JMSException | RuntimeException e) {
                        received.completeExceptionally(e);
                    }
                }, "receiver");
                receiver.start();
                // Waiting for a message, the receive parks without a limit; once the client has found
                // the node lost, it waits (for at most callTimeoutMillis) for a node to take over.
                await().atMost(Duration.ofSeconds(10)).until(() -> receiver.getState() == Thread.State.WAITING);
                nodes.frontEnds().get(0).close();
                await().atMost(Duration.ofSeconds(30)).until(() -> receiver.getState() == Thread.State.TIMED_WAITING);
                assertTimeoutPreemptively(Duration.ofSeconds(20), consumer::close,
                        "the close waited for a node to take the connection over");
                assertNull(received.get(20, TimeUnit.SECONDS), "the receive in progress returns null once closed");
                receiver.join(TimeUnit.SECONDS.toMillis(20));
            }
        }
    }

    /** Reads the client's HELLO, answers WELCOME with a 200 ms heartbeat, then sends nothing more. */
    private static void answerHelloThenFallSilent(ServerSocket server) {
        try (Socket client = server.accept()) {
            DataInputStream in = new DataInputStream(client.getInputStream());
            int length = in.readInt();
            byte[] frame = in.readNBytes(length);
            EmbeddedChannel decoder = new EmbeddedChannel(new FrameDecoder(1 << 20));
            decoder.writeInbound(Unpooled.buffer().writeInt(length).writeBytes(frame));
            Frame hello = decoder.readInbound();
            Hello.read(hello.input());
            hello.release();
            FrameOutput out = FrameOutput.start(ByteBufAllocator.DEFAULT, Op.WELCOME, 0);
            new Welcome(Protocol.VERSION, "silent-connection", "silent", 200, 1 << 20).write(out);
            RawFrames.write(client.getOutputStream(), out.finish());
            // Silent from now on, but reading, so that the client's own heartbeats do not block it.
            InputStream drain = client.getInputStream();
            byte[] sink = new byte[256];
            while (drain.read(sink) >= 0) {
                // keep reading until the client goes
            }
        } catch (IOException e) {
            // the client closed its side: done
        }
    }
}
