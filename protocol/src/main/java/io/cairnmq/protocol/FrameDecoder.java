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

    public FrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= 4) {
            int length = in.getInt(in.readerIndex());
            if (length < HEADER_BYTES) {
                throw new CorruptedFrameException("A frame length of " + length + " bytes is shorter than a frame header");
            }
            if (length > maxFrameBytes) {
                throw new TooLongFrameException("A frame of " + length + " bytes is larger than the limit of "
                        + maxFrameBytes);
            }
            if (in.readableBytes() < 4 + length) {
                return;
            }
            in.skipBytes(4);
            byte code = in.readByte();
            Op op = Op.of(code);
            if (op == null) {
                throw new CorruptedFrameException("Unknown operation " + code);
            }
            long id = in.readLong();
            out.add(new Frame(op, id, in.readRetainedSlice(length - HEADER_BYTES)));
        }
    }
}
