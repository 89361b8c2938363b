package io.cairnmq.cluster.frontend;

import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.api.EngineProducer;
import io.cairnmq.protocol.FrameOutput;
import io.cairnmq.protocol.Op;
import io.cairnmq.protocol.ProtocolException;
import io.cairnmq.protocol.SerialExecutor;
import io.cairnmq.protocol.WireErrors;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's side of a remote producer: its engine producer and its lane, on which the frames
 * the client pipelines run in order. One-way sends are not answered one by one: the client
 * learns how many were handled from a {@code SENT} frame, written every so many sends (a
 * quarter of the client's send window, at most {@link #REPORT_EVERY}), at once after a failure,
 * and before the answer to a flush or close. A producer so costs the node one answer per many
 * messages, and a slow one none at all until it flushes.
 */
final class ProducerLane {

    private static final Logger LOG = LoggerFactory.getLogger(ProducerLane.class);
    /** A burst longer than this still moves the client's send window along. */
    static final int REPORT_EVERY = 128;

    private final long id;
    private final EngineProducer producer;
    private final SerialExecutor lane;
    private final Channel channel;
    /** One-way sends handled, and the count the client was last told; both only touched on the lane. */
    private long handled;
    private long reported;

    /** How many handled sends make a report: the client's window never fills without one. */
    private final int reportEvery;

    ProducerLane(long id, EngineProducer producer, SerialExecutor lane, Channel channel, int sendWindow) {
        this.id = id;
        this.reportEvery = Math.max(1, Math.min(REPORT_EVERY, sendWindow / 4));
        this.producer = producer;
        this.lane = lane;
        this.channel = channel;
    }

    EngineProducer producer() {
        return producer;
    }

    SerialExecutor lane() {
        return lane;
    }

    /**
     * Runs a one-way send (on the lane). Its failure is the client's to hear in the next count, not
     * a reason to drop the connection; a broken frame is, and is thrown.
     */
    void oneWay(Runnable send) {
        RuntimeException failed = null;
        try {
            send.run();
        } catch (ProtocolException e) {
            throw e;
        } catch (RuntimeException e) {
            if (!(e instanceof EngineException)) {
                LOG.error("A one-way send from {} failed on the node", channel.remoteAddress(), e);
            }
            failed = e;
        }
        handled++;
        if (failed != null || handled - reported >= reportEvery) {
            report(failed);
        }
    }

    /** Tells the client the count if it has not heard it: before answering a flush or a close. */
    void reportHandled() {
        if (handled > reported) {
            report(null);
        }
    }

    private void report(RuntimeException failed) {
        reported = handled;
        FrameOutput out = FrameOutput.start(channel.alloc(), Op.SENT, id).writeLong(handled).writeBoolean(failed != null);
        if (failed != null) {
            WireErrors.write(out, failed);
        }
        channel.writeAndFlush(out.finish());
    }
}
