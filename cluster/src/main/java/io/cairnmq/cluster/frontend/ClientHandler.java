package io.cairnmq.cluster.frontend;

import io.cairnmq.engine.api.Engine;
import io.cairnmq.engine.api.EngineConnection;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.protocol.Frame;
import io.cairnmq.protocol.FrameOutput;
import io.cairnmq.protocol.Heartbeats;
import io.cairnmq.protocol.Hello;
import io.cairnmq.protocol.Op;
import io.cairnmq.protocol.Protocol;
import io.cairnmq.protocol.ProtocolException;
import io.cairnmq.protocol.Welcome;
import io.cairnmq.protocol.WireErrors;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One client connection's life on the node's network thread: the handshake, then frames handed
 * to its {@link ClientSession}; refusal (logged with the peer's address) of anything that breaks
 * the protocol; and the two ways a client can hold the node's memory, both bounded: frames it
 * sends faster than they are handled (the node stops reading from it) and data it does not read
 * (consumers stop pushing, and a client that stays unreadable is disconnected).
 */
final class ClientHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ClientHandler.class);

    private final Engine engine;
    private final FrontEndSettings settings;
    private final Executor workers;
    private final String nodeName;
    private final NodeSecurity security;
    private ClientSession session;
    private boolean helloSeen;
    /**
     * Frames handed to workers and not yet handled. Counted down by the worker that handled the
     * frame, so that a handled frame costs the network thread no extra task.
     */
    private final java.util.concurrent.atomic.AtomicInteger queued = new java.util.concurrent.atomic.AtomicInteger();
    private ScheduledFuture<?> unreadable;

    ClientHandler(Engine engine, FrontEndSettings settings, Executor workers, String nodeName, NodeSecurity security) {
        this.engine = engine;
        this.security = security;
        this.settings = settings;
        this.workers = workers;
        this.nodeName = nodeName;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Frame frame = (Frame) msg;
        if (frame.op() == Op.PING) {
            frame.release();
            return;
        }
        if (!helloSeen) {
            helloSeen = true;
            if (frame.op() != Op.HELLO) {
                frame.release();
                refuse(ctx, new ProtocolException("The first frame must be HELLO, not " + frame.op()));
                return;
            }
            handshake(ctx, frame);
            return;
        }
        if (session == null || frame.op() == Op.HELLO) {
            frame.release();
            refuse(ctx, new ProtocolException(frame.op() + " before the handshake completed or a second HELLO"));
            return;
        }
        if (queued.incrementAndGet() >= settings.maxQueuedFrames()) {
            // Stop reading until the workers catch up: TCP then slows the client down.
            ctx.channel().config().setAutoRead(false);
        }
        session.dispatch(frame, () -> handled(ctx));
    }

    private void handled(ChannelHandlerContext ctx) {
        if (queued.decrementAndGet() <= settings.maxQueuedFrames() / 2 && !ctx.channel().config().isAutoRead() && ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** Authenticates on a worker (a password hash takes a while), then answers on the channel. */
    private void handshake(ChannelHandlerContext ctx, Frame frame) {
        Hello hello;
        try {
            hello = Hello.read(frame.input());
        } catch (ProtocolException e) {
            refuse(ctx, e);
            return;
        } finally {
            frame.release();
        }
        if (hello.version() != Protocol.VERSION) {
            refuse(ctx, new EngineException("This node speaks protocol version " + Protocol.VERSION
                    + ", the client " + hello.version() + "; use a client of the same release"));
            return;
        }
        ctx.channel().config().setAutoRead(false);
        workers.execute(() -> {
            EngineConnection connection;
            NodeSecurity.Rights rights;
            try {
                connection = engine.connect(hello.user(), hello.password(), cause -> lost(ctx, cause));
                rights = security.rightsOf(hello.user(), hello.password());
            } catch (EngineException e) {
                LOG.warn("Refused a connection from {} (user {}): {}", ctx.channel().remoteAddress(), hello.user(),
                        e.getMessage());
                ctx.executor().execute(() -> refuse(ctx, e));
                return;
            }
            ctx.executor().execute(() -> opened(ctx, hello, connection, rights));
        });
    }

    private void opened(ChannelHandlerContext ctx, Hello hello, EngineConnection connection, NodeSecurity.Rights rights) {
        if (!ctx.channel().isActive()) {
            workers.execute(connection::close);
            return;
        }
        session = new ClientSession(ctx.channel(), engine, connection, workers, rights, settings.maxTransactionBytes());
        ctx.pipeline().replace(Heartbeats.NAME, Heartbeats.NAME,
                Heartbeats.forPeer(settings.heartbeatMillis(), hello.heartbeatMillis()));
        FrameOutput out = FrameOutput.start(ctx.alloc(), Op.WELCOME, 0);
        new Welcome(Protocol.VERSION, connection.id(), nodeName, settings.heartbeatMillis(), settings.maxFrameBytes()).write(out);
        ctx.writeAndFlush(out.finish());
        ctx.channel().config().setAutoRead(true);
        LOG.debug("Client {} connected from {} as {}", hello.clientName(), ctx.channel().remoteAddress(), hello.user());
    }

    /** The engine connection failed under the client (the node is shutting down): tell it, then close. */
    private void lost(ChannelHandlerContext ctx, EngineException cause) {
        FrameOutput out = FrameOutput.start(ctx.alloc(), Op.CONNECTION_FAILED, 0);
        WireErrors.write(out, cause);
        ctx.writeAndFlush(out.finish()).addListener(ChannelFutureListener.CLOSE);
    }

    private void refuse(ChannelHandlerContext ctx, RuntimeException why) {
        if (why instanceof ProtocolException) {
            LOG.warn("Refused {}: {}", ctx.channel().remoteAddress(), why.getMessage());
        }
        FrameOutput out = FrameOutput.start(ctx.alloc(), Op.REFUSED, 0);
        WireErrors.write(out, why instanceof ProtocolException ? new EngineException(why.getMessage()) : why);
        ctx.writeAndFlush(out.finish()).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            if (unreadable != null) {
                unreadable.cancel(false);
                unreadable = null;
            }
            ctx.channel().config().setAutoRead(queued.get() < settings.maxQueuedFrames());
            if (session != null) {
                session.writable();
            }
        } else {
            // Nothing more is read from a client that does not read what it is sent; one that stays
            // that way past the heartbeat silence is as good as dead.
            ctx.channel().config().setAutoRead(false);
            long limit = settings.heartbeatMillis() * Protocol.MISSED_HEARTBEATS;
            unreadable = ctx.executor().schedule(() -> {
                LOG.warn("{} read nothing of what it was sent for {} ms: closing its connection",
                        ctx.channel().remoteAddress(), limit);
                ctx.close();
            }, limit, TimeUnit.MILLISECONDS);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable reason = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (reason instanceof NotSslRecordException) {
            LOG.warn("Refused {}: it does not speak TLS on this TLS port", ctx.channel().remoteAddress());
        } else if (cause instanceof DecoderException) {
            refuse(ctx, new ProtocolException(reason.getMessage()));
            return;
        } else {
            LOG.debug("Connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (unreadable != null) {
            unreadable.cancel(false);
        }
        ClientSession closing = session;
        session = null;
        if (closing != null) {
            workers.execute(() -> {
                try {
                    closing.closeAll();
                } catch (EngineException e) {
                    LOG.debug("Closing the engine connection of a gone client: {}", e.toString());
                }
            });
        }
        ctx.fireChannelInactive();
    }
}
