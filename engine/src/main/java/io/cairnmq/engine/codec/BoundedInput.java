package io.cairnmq.engine.codec;

/**
 * An input that knows how many bytes it still holds, so that a length read from it can be
 * checked before anything is allocated for it: a frame from the network may lie about its
 * lengths, and must cost no more memory than its own size.
 */
public interface BoundedInput {

    /** Bytes left to read. */
    int remaining();
}
