package io.cairnmq.engine.queue;

import java.util.Arrays;

/** A growable list of primitive longs, to keep sequence lists free of boxing. */
public final class LongList {

    private long[] values = new long[8];
    private int size;

    public void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public long[] toArray() {
        return Arrays.copyOf(values, size);
    }

    public void clear() {
        size = 0;
    }
}
