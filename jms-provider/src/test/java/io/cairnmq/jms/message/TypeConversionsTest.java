package io.cairnmq.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Walks the property conversion table of Jakarta Messaging 3.1, section 3.5.4: for each
 * written type (row) and each read type (column), either the read gives the value converted or
 * it throws {@link MessageFormatException}.
 */
class TypeConversionsTest {

    private static final String[] READS = {"boolean", "byte", "short", "int", "long", "float", "double", "String"};

    /** Row: the written value, then which reads are allowed, in the order of {@link #READS}. */
    static Stream<Arguments> table() {
        return Stream.of(
                row(true, "X......X"),
                row((byte) 7, ".XXXX..X"),
                row((short) 7, "..XXX..X"),
                row(7, "...XX..X"),
                row(7L, "....X..X"),
                row(7.5f, ".....XXX"),
                row(7.5d, "......XX"),
                row("7", "XXXXXXXX"),
                row("true", "X......X"));
    }

    private static Arguments row(Object written, String allowed) {
        return Arguments.of(written.getClass().getSimpleName(), written, allowed);
    }

    @ParameterizedTest(name = "{0} {1}: allowed reads {2} of boolean,byte,short,int,long,float,double,String")
    @MethodSource("table")
    void eachCellOfTheTable(String type, Object written, String allowed) throws JMSException {
        for (int column = 0; column < READS.length; column++) {
            boolean ok = allowed.charAt(column) == 'X';
            String read = READS[column];
            if (ok) {
                Object value = read(read, written);
                assertEquals(expected(read, written), value, () -> written + " as " + read);
            } else if (written instanceof String) {
                // A string is readable as any type; a bad one fails as the type's valueOf does.
                assertThrows(NumberFormatException.class, () -> read(read, written), () -> written + " as " + read);
            } else {
                assertThrows(MessageFormatException.class, () -> read(read, written), () -> written + " as " + read);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void absentValuesFollowValueOfNull() throws JMSException {
        assertEquals(false, TypeConversions.toBoolean(null));
        assertEquals(null, TypeConversions.toText(null));
        assertThrows(NumberFormatException.class, () -> TypeConversions.toByte(null));
        assertThrows(NumberFormatException.class, () -> TypeConversions.toShort(null));
        assertThrows(NumberFormatException.class, () -> TypeConversions.toInt(null));
        assertThrows(NumberFormatException.class, () -> TypeConversions.toLong(null));
        assertThrows(NullPointerException.class, () -> TypeConversions.toFloat(null));
        assertThrows(NullPointerException.class, () -> TypeConversions.toDouble(null));
    }

    @org.junit.jupiter.api.Test
    void aStringThatIsNotANumberFailsAsValueOfDoes() {
        assertThrows(NumberFormatException.class, () -> TypeConversions.toInt("seven"));
    }

    private static Object read(String type, Object value) throws JMSException {
        return switch (type) {
            case "boolean" -> TypeConversions.toBoolean(value);
            case "byte" -> TypeConversions.toByte(value);
            case "short" -> TypeConversions.toShort(value);
            case "int" -> TypeConversions.toInt(value);
            case "long" -> TypeConversions.toLong(value);
            case "float" -> TypeConversions.toFloat(value);
            case "double" -> TypeConversions.toDouble(value);
            default -> TypeConversions.toText(value);
        };
    }

    private static Object expected(String type, Object written) {
        String text = String.valueOf(written);
        return switch (type) {
            case "boolean" -> Boolean.valueOf(text);
            case "byte" -> Byte.valueOf(text);
            case "short" -> Short.valueOf(text);
            case "int" -> Integer.valueOf(text);
            case "long" -> Long.valueOf(text);
            case "float" -> Float.valueOf(text);
            case "double" -> written instanceof Float f ? (double) f : Double.valueOf(text);
            default -> text;
        };
    }
}
