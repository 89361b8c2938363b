package io.cairnmq.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;

import java.util.List;

/**
 * Cuts the byte stream into {@link Frame}s. A length that is negative, shorter than a frame's
 * header or longer than the limit, and an operation the protocol does not have, fail the
 * connection at once: nothing after such a frame can be trusted, and nothing is buffered for it.
 */
public final class FrameDecoder extends ByteToMessageDecoder {

    /** Operation byte and id. */
    public static final int HEADER_BYTES = 9;

    private final int maxFrameBytes;
    /** After a bad frame nothing more is read: the connection is being closed. */
    private boolean failed;

    public FrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.readableBytes() >= 4) {
            int length = in.getInt(in.readerIndex());
            if (length < HEADER_BYTES) {
                throw refuse(in, new CorruptedFrameException("A frame length of " + length + " bytes is shorter than a frame header"));
            }
            if (length > maxFrameBytes) {
                throw refuse(in, new TooLongFrameException("A frame of " + length + " bytes is larger than the limit of "
                        + maxFrameBytes));
            }
            if (in.readableBytes() < 4 + length) {
                return;
            }
            in.skipBytes(4);
            byte code = in.readByte();
            Op op = Op.of(code);
            if (op == null) {
                throw refuse(in, new CorruptedFrameException("Unknown operation " + code));
            }
            long id = in.readLong();
            out.add(new Frame(op, id, in.readRetainedSlice(length - HEADER_BYTES)));
        }
    }

    private RuntimeException refuse(ByteBuf in, RuntimeException why) {
        failed = true;
        in.skipBytes(in.readableBytes());
        return why;
    }
}
