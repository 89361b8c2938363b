package io.cairnmq.protocol;

import io.netty.buffer.ByteBuf;

/**
 * One received frame: its operation, id and body. The body is a slice of the network buffer,
 * valid until {@link #release()}, which whoever handles the frame calls.
 */
public record Frame(Op op, long id, ByteBuf body) {

    public FrameInput input() {
        return new FrameInput(body);
    }

    public void release() {
        body.release();
    }
}
