package io.cairnmq.protocol;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Liveness in both directions: sends a {@code PING} when this side has written nothing for its
 * interval, and closes the connection when the peer has sent nothing (frames or pings) for
 * {@link Protocol#MISSED_HEARTBEATS} of its own intervals. Pings it receives
 * count as reading; the handler after it drops them.
 */
public final class Heartbeats extends IdleStateHandler {

    public static final String NAME = "heartbeats";
    private static final Logger LOG = LoggerFactory.getLogger(Heartbeats.class);

    private final long silenceMillis;

    /**
     * @param ownMillis     how often this side sends a heartbeat when idle
     * @param silenceMillis how long the peer may stay silent before it counts as dead
     */
    public Heartbeats(long ownMillis, long silenceMillis) {
        super(silenceMillis, ownMillis, 0, TimeUnit.MILLISECONDS);
        this.silenceMillis = silenceMillis;
    }

    /** Liveness for a peer whose heartbeat interval is known. */
    public static Heartbeats forPeer(long ownMillis, long peerMillis) {
        return new Heartbeats(ownMillis, peerMillis * Protocol.MISSED_HEARTBEATS);
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent event) {
        if (event.state() == IdleState.WRITER_IDLE) {
            ctx.writeAndFlush(FrameOutput.start(ctx.alloc(), Op.PING, 0).finish());
        } else if (event.state() == IdleState.READER_IDLE) {
            LOG.warn("{} sent nothing for {} ms: closing the connection as dead", ctx.channel().remoteAddress(),
                    silenceMillis);
            ctx.close();
        }
    }
}
