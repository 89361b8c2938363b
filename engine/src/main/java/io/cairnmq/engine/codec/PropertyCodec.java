package io.cairnmq.engine.codec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Typed message properties: a count, then name, type tag and value for each. */
final class PropertyCodec {

    private static final byte BOOLEAN = 1;
    private static final byte BYTE = 2;
    private static final byte SHORT = 3;
    private static final byte INT = 4;
    private static final byte LONG = 5;
    private static final byte FLOAT = 6;
    private static final byte DOUBLE = 7;
    private static final byte STRING = 8;

    private PropertyCodec() {
    }

    static void write(DataOutput out, Map<String, Object> properties) throws IOException {
        out.writeShort(properties.size());
        for (Map.Entry<String, Object> e : properties.entrySet()) {
            out.writeUTF(e.getKey());
            Object v = e.getValue();
            if (v instanceof Boolean b) {
                out.writeByte(BOOLEAN);
                out.writeBoolean(b);
            } else if (v instanceof Byte b) {
                out.writeByte(BYTE);
                out.writeByte(b);
            } else if (v instanceof Short s) {
                out.writeByte(SHORT);
                out.writeShort(s);
            } else if (v instanceof Integer i) {
                out.writeByte(INT);
                out.writeInt(i);
            } else if (v instanceof Long l) {
                out.writeByte(LONG);
                out.writeLong(l);
            } else if (v instanceof Float f) {
                out.writeByte(FLOAT);
                out.writeFloat(f);
            } else if (v instanceof Double d) {
                out.writeByte(DOUBLE);
                out.writeDouble(d);
            } else if (v instanceof String s) {
                out.writeByte(STRING);
                LongStrings.write(out, s);
            } else {
                throw new IOException("Property " + e.getKey() + " has a value of unsupported type "
                        + (v == null ? "null" : v.getClass().getName()));
            }
        }
    }

    static Map<String, Object> read(DataInput in) throws IOException {
        int count = in.readUnsignedShort();
        if (count == 0) {
            return Map.of();
        }
        Map<String, Object> result = new LinkedHashMap<>(count * 2);
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            byte tag = in.readByte();
            Object value = switch (tag) {
                case BOOLEAN -> in.readBoolean();
                case BYTE -> in.readByte();
                case SHORT -> in.readShort();
                case INT -> in.readInt();
                case LONG -> in.readLong();
                case FLOAT -> in.readFloat();
                case DOUBLE -> in.readDouble();
                case STRING -> LongStrings.read(in);
                default -> throw new IOException("Unknown property type tag " + tag + " for " + name);
            };
            result.put(name, value);
        }
        return result;
    }
}
