package io.cairnmq.jms.remote;

import io.cairnmq.engine.api.EngineClosedException;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.api.EngineUnavailableException;
import io.cairnmq.engine.api.ResourceLimitException;
import io.cairnmq.protocol.Frame;
import io.cairnmq.protocol.FrameDecoder;
import io.cairnmq.protocol.FrameInput;
import io.cairnmq.protocol.FrameOutput;
import io.cairnmq.protocol.Heartbeats;
import io.cairnmq.protocol.Hello;
import io.cairnmq.protocol.Op;
import io.cairnmq.protocol.Protocol;
import io.cairnmq.protocol.TlsContexts;
import io.cairnmq.protocol.Welcome;
import io.cairnmq.protocol.WireErrors;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One network connection to one node: the handshake, requests and their answers, one-way
 * frames, and deliveries handed to the consumer they are for. When the connection is lost every
 * request waiting on it fails at once, and its owner is told.
 */
final class NodeLink {

    /** Receives what the node sends on its own: deliveries, counts of one-way sends handled, the loss of the connection. */
    interface Events {
        void delivery(long consumerId, FrameInput frame);

        void sent(long producerId, FrameInput frame);

        void lost(EngineException cause);
    }

    private final Channel channel;
    private final RemoteConfig config;
    private final Map<Long, CompletableFuture<Frame>> calls = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final CompletableFuture<Welcome> welcome = new CompletableFuture<>();
    private volatile Events events;
    private volatile EngineException lostBecause;

    private NodeLink(Channel channel, RemoteConfig config) {
        this.channel = channel;
        this.config = config;
    }

    /**
     * Connects to the node and completes the handshake.
     *
     * @throws io.cairnmq.engine.api.AuthenticationFailedException when the node refuses the credentials
     * @throws EngineUnavailableException when the node cannot be reached or does not answer in time
     */
    static NodeLink open(RemoteConfig config, RemoteConfig.Node node, String user, String password, Events events) {
        SslContext tls = config.tls() ? TlsContexts.client(config.trustStore(), config.trustStorePassword(),
                config.keyStore(), config.keyStorePassword()) : null;
        NodeLink[] link = new NodeLink[1];
        ChannelFuture connected = new Bootstrap()
                .group(ClientLoop.group())
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, config.connectTimeoutMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        NodeLink created = new NodeLink(ch, config);
                        created.events = events;
                        link[0] = created;
                        if (tls != null) {
                            SSLEngine engine = tls.newEngine(ch.alloc(), node.host(), node.port());
                            if (config.verifyHostname()) {
                                SSLParameters parameters = engine.getSSLParameters();
                                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                                engine.setSSLParameters(parameters);
                            }
                            ch.pipeline().addLast("tls", new SslHandler(engine));
                        }
                        ch.pipeline()
                                .addLast("flush", new FlushConsolidationHandler(256, true))
                                .addLast(Heartbeats.NAME, new Heartbeats(config.heartbeatMillis(), config.connectTimeoutMillis()))
                                // The node's limit is known after the handshake; until then no frame is large.
                                .addLast("frames", new FrameDecoder(Integer.MAX_VALUE - 16))
                                .addLast("link", created.new Inbound());
                    }
                })
                .connect(node.host(), node.port());
        try {
            if (!connected.await(config.connectTimeoutMillis() + 1000)) {
                connected.channel().close();
                throw new EngineUnavailableException("Node " + node + " did not accept a connection within "
                        + config.connectTimeoutMillis() + " ms", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connected.channel().close();
            throw new EngineUnavailableException("Interrupted while connecting to " + node, e);
        }
        if (!connected.isSuccess()) {
            throw new EngineUnavailableException("Node " + node + " cannot be reached: " + connected.cause().getMessage(),
                    connected.cause());
        }
        NodeLink opened = link[0];
        FrameOutput hello = FrameOutput.start(opened.channel.alloc(), Op.HELLO, 0);
        new Hello(Protocol.VERSION, user, password, config.heartbeatMillis(), "cairnmq-jms").write(hello);
        opened.channel.writeAndFlush(hello.finish());
        try {
            Welcome accepted = opened.welcome.get(config.connectTimeoutMillis(), TimeUnit.MILLISECONDS);
            opened.channel.pipeline().replace(Heartbeats.NAME, Heartbeats.NAME,
                    Heartbeats.forPeer(config.heartbeatMillis(), accepted.heartbeatMillis()));
            return opened;
        } catch (ExecutionException e) {
            opened.channel.close();
            throw e.getCause() instanceof EngineException engine ? engine
                    : new EngineUnavailableException("Node " + node + " failed the handshake: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            opened.channel.close();
            throw new EngineUnavailableException("Node " + node + " did not answer the handshake within "
                    + config.connectTimeoutMillis() + " ms" + (config.tls() ? "" : " (is it a TLS port? use ssl://)"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            opened.channel.close();
            throw new EngineUnavailableException("Interrupted while connecting to " + node, e);
        }
    }

    Welcome welcome() {
        return welcome.join();
    }

    boolean isOpen() {
        return channel.isActive() && lostBecause == null;
    }

    /** Sends a request and waits for its answer; the caller releases the returned frame. */
    Frame call(Op op, Consumer<FrameOutput> body) {
        CompletableFuture<Frame> answer = callAsync(op, body);
        try {
            return answer.get(config.callTimeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof EngineException engine ? engine
                    : new EngineUnavailableException(op + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            answer.thenAccept(Frame::release);
            throw new EngineUnavailableException("The node did not answer " + op + " within "
                    + config.callTimeoutMillis() + " ms", e);
        } catch (InterruptedException e) {
            answer.thenAccept(Frame::release);
            Thread.currentThread().interrupt();
            throw new EngineUnavailableException("Interrupted while waiting for the node to answer " + op, e);
        }
    }

    /**
     * Sends a request, waits for its answer and reads it: the whole answer, or the call fails as a
     * protocol mismatch. The answer's buffer is released here.
     */
    <T> T call(Op op, Consumer<FrameOutput> body, Function<FrameInput, T> read) {
        Frame answer = call(op, body);
        try {
            FrameInput in = answer.input();
            T value = read.apply(in);
            in.end();
            return value;
        } finally {
            answer.release();
        }
    }

    /** Sends a request and waits for its answer, which carries nothing. */
    void callQuietly(Op op, Consumer<FrameOutput> body) {
        call(op, body).release();
    }

    /** Sends a request without waiting; the future completes on a network thread. */
    CompletableFuture<Frame> callAsync(Op op, Consumer<FrameOutput> body) {
        long id = ids.incrementAndGet();
        CompletableFuture<Frame> answer = new CompletableFuture<>();
        EngineException lost = lostBecause;
        if (lost != null) {
            // Not sent at all, which a caller may need to know (a commit then surely did not happen).
            answer.completeExceptionally(new EngineClosedException("The connection to the node is lost: "
                    + lost.getMessage(), lost));
            return answer;
        }
        ByteBuf frame = build(op, id, body);
        calls.put(id, answer);
        channel.writeAndFlush(frame).addListener(f -> {
            if (!f.isSuccess()) {
                fail(id, new EngineUnavailableException("The connection to the node failed: " + f.cause(), f.cause()));
            }
        });
        if (lostBecause != null) {
            // Lost while this was registered: the sweep may have missed it.
            fail(id, lostBecause);
        }
        return answer;
    }

    /** Runs a task on this connection's network thread after a delay; frames it sends go out in order with the others. */
    void later(Runnable task, long delayMicros) {
        channel.eventLoop().schedule(task, delayMicros, TimeUnit.MICROSECONDS);
    }

    /** A frame nobody waits an answer for. */
    void send(Op op, Consumer<FrameOutput> body) {
        if (lostBecause == null) {
            channel.writeAndFlush(build(op, 0, body));
        }
    }

    private ByteBuf build(Op op, long id, Consumer<FrameOutput> body) {
        FrameOutput out = FrameOutput.start(channel.alloc(), op, id);
        try {
            body.accept(out);
        } catch (RuntimeException e) {
            out.discard();
            throw e;
        }
        ByteBuf frame = out.finish();
        int limit = frameLimit();
        if (frame.readableBytes() - 4 > limit) {
            int size = frame.readableBytes();
            frame.release();
            throw new FrameTooLargeException(op + " needs " + size + " bytes on the wire; the node accepts at most "
                    + limit + " in one frame (its maxMessageBytes)");
        }
        return frame;
    }

    /** The largest frame the node accepts, known once the handshake is done. */
    int frameLimit() {
        return welcome.isDone() ? welcome.join().maxFrameBytes() : Integer.MAX_VALUE;
    }

    /** Bytes the body would take in a frame (encoded and dropped): to cut what does not fit into parts. */
    int encodedSize(Consumer<FrameOutput> body) {
        FrameOutput out = FrameOutput.start(channel.alloc(), Op.STAGE_SENDS, 0);
        body.accept(out);
        ByteBuf frame = out.finish();
        try {
            return frame.readableBytes();
        } finally {
            frame.release();
        }
    }

    /** A request larger than the node's frame limit: refused here, before anything is sent. */
    static final class FrameTooLargeException extends ResourceLimitException {
        FrameTooLargeException(String message) {
            super(message);
        }
    }

    private void fail(long id, EngineException cause) {
        CompletableFuture<Frame> answer = calls.remove(id);
        if (answer != null) {
            answer.completeExceptionally(cause);
        }
    }

    void close() {
        channel.close();
    }

    private void lost(EngineException cause) {
        if (lostBecause != null) {
            return;
        }
        lostBecause = cause;
        welcome.completeExceptionally(cause);
        for (Long id : calls.keySet()) {
            fail(id, cause);
        }
        Events listener = events;
        if (listener != null) {
            listener.lost(cause);
        }
    }

    private final class Inbound extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Frame frame = (Frame) msg;
            switch (frame.op()) {
                case RESULT -> {
                    CompletableFuture<Frame> answer = calls.remove(frame.id());
                    if (answer == null || !answer.complete(frame)) {
                        frame.release();
                    }
                }
                case ERROR -> {
                    try {
                        EngineException failure = WireErrors.read(frame.input());
                        CompletableFuture<Frame> answer = calls.remove(frame.id());
                        if (answer != null) {
                            answer.completeExceptionally(failure);
                        }
                    } finally {
                        frame.release();
                    }
                }
                case DELIVER -> {
                    try {
                        events.delivery(frame.id(), frame.input());
                    } finally {
                        frame.release();
                    }
                }
                case SENT -> {
                    try {
                        events.sent(frame.id(), frame.input());
                    } finally {
                        frame.release();
                    }
                }
                case WELCOME -> {
                    try {
                        welcome.complete(Welcome.read(frame.input()));
                    } finally {
                        frame.release();
                    }
                }
                case REFUSED, CONNECTION_FAILED -> {
                    EngineException why;
                    try {
                        why = WireErrors.read(frame.input());
                    } finally {
                        frame.release();
                    }
                    lost(why);
                    ctx.close();
                }
                case PING -> frame.release();
                default -> {
                    frame.release();
                    lost(new EngineUnavailableException("The node sent " + frame.op() + ", which a client does not expect", null));
                    ctx.close();
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            lost(new EngineUnavailableException("The connection to node " + ctx.channel().remoteAddress()
                    + " was lost", null));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            lost(new EngineUnavailableException("The connection to node " + ctx.channel().remoteAddress()
                    + " failed: " + cause.getMessage(), cause));
            ctx.close();
        }
    }
}
