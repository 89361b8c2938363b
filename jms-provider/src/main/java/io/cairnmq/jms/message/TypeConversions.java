package io.cairnmq.jms.message;

import jakarta.jms.MessageFormatException;

/**
 * The conversion table of Jakarta Messaging 3.1, section 3.5.4 (message properties): a value
 * written as the row type may be read as each listed type; every other read is a
 * {@link MessageFormatException}. A {@code String} converts through the target type's
 * {@code valueOf}, so a null (absent) value behaves as {@code valueOf(null)} does.
 *
 * <pre>
 *            boolean byte short int long float double String
 * boolean       X                                       X
 * byte               X    X     X    X                  X
 * short                   X     X    X                  X
 * int                           X    X                  X
 * long                               X                  X
 * float                                   X     X       X
 * double                                        X       X
 * String        X    X    X     X    X    X     X       X
 * </pre>
 */
public final class TypeConversions {

    private TypeConversions() {
    }

    public static boolean toBoolean(Object value) throws MessageFormatException {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value == null || value instanceof String) {
            return Boolean.parseBoolean((String) value);
        }
        throw cannot(value, "boolean");
    }

    public static byte toByte(Object value) throws MessageFormatException {
        if (value instanceof Byte b) {
            return b;
        }
        if (value == null || value instanceof String) {
            return Byte.parseByte((String) value);
        }
        throw cannot(value, "byte");
    }

    public static short toShort(Object value) throws MessageFormatException {
        if (value instanceof Short s) {
            return s;
        }
        if (value instanceof Byte b) {
            return b;
        }
        if (value == null || value instanceof String) {
            return Short.parseShort((String) value);
        }
        throw cannot(value, "short");
    }

    public static int toInt(Object value) throws MessageFormatException {
        if (value instanceof Integer i) {
            return i;
        }
        if (value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        if (value == null || value instanceof String) {
            return Integer.parseInt((String) value);
        }
        throw cannot(value, "int");
    }

    public static long toLong(Object value) throws MessageFormatException {
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value == null || value instanceof String) {
            return Long.parseLong((String) value);
        }
        throw cannot(value, "long");
    }

    public static float toFloat(Object value) throws MessageFormatException {
        if (value instanceof Float f) {
            return f;
        }
        if (value == null || value instanceof String) {
            // Float.valueOf(null) throws NullPointerException, which the specification asks for.
            return Float.valueOf((String) value);
        }
        throw cannot(value, "float");
    }

    public static double toDouble(Object value) throws MessageFormatException {
        if (value instanceof Double d) {
            return d;
        }
        if (value instanceof Float f) {
            return f;
        }
        if (value == null || value instanceof String) {
            return Double.valueOf((String) value);
        }
        throw cannot(value, "double");
    }

    public static String toText(Object value) throws MessageFormatException {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (value instanceof byte[]) {
            throw cannot(value, "String");
        }
        return String.valueOf(value);
    }

    /** MapMessage and StreamMessage only: a char reads as char or String, nothing else as char. */
    public static char toChar(Object value) throws MessageFormatException {
        if (value instanceof Character c) {
            return c;
        }
        if (value == null) {
            throw new NullPointerException("There is no value to read as char");
        }
        throw cannot(value, "char");
    }

    /** MapMessage and StreamMessage only: byte[] reads only as byte[]. */
    public static byte[] toBytes(Object value) throws MessageFormatException {
        if (value == null || value instanceof byte[]) {
            return value == null ? null : ((byte[]) value).clone();
        }
        throw cannot(value, "byte[]");
    }

    private static MessageFormatException cannot(Object value, String target) {
        String shown = value instanceof byte[] bytes ? bytes.length + " bytes" : String.valueOf(value);
        return new MessageFormatException("A " + value.getClass().getSimpleName() + " value (" + shown
                + ") cannot be read as " + target + " (Jakarta Messaging 3.1, sections 3.5.4 and 3.11.3)");
    }
}
