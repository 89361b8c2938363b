package io.cairnmq.engine.codec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Strings of any length as length-prefixed UTF-8 ({@code writeUTF} stops at 64 KiB). */
public final class LongStrings {

    private LongStrings() {
    }

    public static void write(DataOutput out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    public static String read(DataInput in) throws IOException {
        byte[] bytes = new byte[length(in)];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Reads a length prefix, refusing one that is negative or, on a {@link BoundedInput}, larger
     * than what is left, before anything is allocated for it.
     */
    public static int length(DataInput in) throws IOException {
        int length = in.readInt();
        if (length < 0 || in instanceof BoundedInput bounded && length > bounded.remaining()) {
            throw new IOException("A length of " + length + " does not fit in what is left of the input");
        }
        return length;
    }

    /** As {@link #write}, for a value that may be null. */
    public static void writeNullable(DataOutput out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            write(out, value);
        }
    }

    public static String readNullable(DataInput in) throws IOException {
        return in.readBoolean() ? read(in) : null;
    }
}
