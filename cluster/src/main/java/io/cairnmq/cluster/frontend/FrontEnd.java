package io.cairnmq.cluster.frontend;

import io.cairnmq.engine.api.Engine;
import io.cairnmq.engine.hz.member.EngineThreads;
import io.cairnmq.protocol.FrameDecoder;
import io.cairnmq.protocol.Heartbeats;
import io.cairnmq.protocol.Protocol;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The network server of a node. Netty, because it is what the field's brokers and clients are
 * built on (Artemis, Qpid, gRPC): non-blocking I/O on a few threads, TLS from the JDK, back
 * pressure through channel writability, and framing and idle detection that are well tried.
 *
 * <p>Network threads only decode and encode; engine calls, which may wait for a disk or a backup,
 * run on a bounded pool of workers that stop when idle.
 */
public final class FrontEnd implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FrontEnd.class);
    private static final int WRITE_LOW_WATER = 256 * 1024;
    private static final int WRITE_HIGH_WATER = 1024 * 1024;

    private final EventLoopGroup boss;
    private final EventLoopGroup io;
    private final ThreadPoolExecutor workers;
    private final Channel server;
    private final InetSocketAddress address;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private FrontEnd(EventLoopGroup boss, EventLoopGroup io, ThreadPoolExecutor workers, Channel server) {
        this.boss = boss;
        this.io = io;
        this.workers = workers;
        this.server = server;
        this.address = (InetSocketAddress) server.localAddress();
    }

    /** Starts listening, for a node without access rules; fails with the reason when the address cannot be bound. */
    public static FrontEnd start(Engine engine, FrontEndSettings settings) {
        return start(engine, settings, NodeSecurity.open());
    }

    /** Starts listening, checking what clients do against the node's access policy. */
    public static FrontEnd start(Engine engine, FrontEndSettings settings, NodeSecurity security) {
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("cairnmq-accept", true),
                NioIoHandler.newFactory());
        EventLoopGroup io = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("cairnmq-io", true),
                NioIoHandler.newFactory());
        // The thread idle most recently takes the next frame: a lane's frames come one at a time,
        // and a pool on a queue would hand each to the next of its threads in turn, each cold.
        ThreadPoolExecutor workers = EngineThreads.warmFirst("cairnmq-frontend-", settings.workerThreads());
        AtomicInteger connections = new AtomicInteger();
        try {
            Channel server = new ServerBootstrap()
                    .group(boss, io)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 256)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                            new WriteBufferWaterMark(WRITE_LOW_WATER, WRITE_HIGH_WATER))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (connections.incrementAndGet() > settings.maxConnections()) {
                                connections.decrementAndGet();
                                LOG.warn("Refused {}: the node has its maximum of {} client connections",
                                        ch.remoteAddress(), settings.maxConnections());
                                ch.close();
                                return;
                            }
                            ch.closeFuture().addListener(f -> connections.decrementAndGet());
                            if (settings.tls() != null) {
                                ch.pipeline().addLast("tls", settings.tls().newHandler(ch.alloc()));
                            }
                            ch.pipeline()
                                    .addLast("flush", new FlushConsolidationHandler(256, true))
                                    .addLast(Heartbeats.NAME, new Heartbeats(settings.heartbeatMillis(),
                                            Protocol.HANDSHAKE_MILLIS))
                                    .addLast("frames", new FrameDecoder(settings.maxFrameBytes()))
                                    .addLast("client", new ClientHandler(engine, settings, workers, engine.name(), security));
                        }
                    })
                    .bind(settings.host(), settings.port()).syncUninterruptibly().channel();
            FrontEnd frontEnd = new FrontEnd(boss, io, workers, server);
            LOG.info("Clients connect to {} at {}{}", engine.name(), frontEnd.address(),
                    settings.tls() != null ? " (TLS)" : "");
            return frontEnd;
        } catch (RuntimeException e) {
            boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            io.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            workers.shutdownNow();
            throw new IllegalStateException("The client port " + settings.host() + ":" + settings.port()
                    + " cannot be opened: " + e.getMessage(), e);
        }
    }

    /** Where clients connect. */
    public InetSocketAddress address() {
        return address;
    }

    /** Stops accepting, closes every client connection and waits (bounded) for the threads; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        io.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
