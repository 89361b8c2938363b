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
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
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
