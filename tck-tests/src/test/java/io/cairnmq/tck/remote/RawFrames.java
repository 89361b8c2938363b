package io.cairnmq.tck.remote;

import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.io.OutputStream;

/** Frames written by hand to a plain socket, for tests that play a misbehaving client or node. */
final class RawFrames {

    private RawFrames() {
    }

    /** Writes a finished frame and releases its buffer. */
    static void write(OutputStream out, ByteBuf frame) throws IOException {
        byte[] bytes = new byte[frame.readableBytes()];
        frame.readBytes(bytes);
        frame.release();
        out.write(bytes);
        out.flush();
    }
}
