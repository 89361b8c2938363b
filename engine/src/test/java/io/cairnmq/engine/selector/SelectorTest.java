package io.cairnmq.engine.selector;

import io.cairnmq.engine.api.InvalidSelectorSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jakarta Messaging 3.1 section 3.8.1 (message selectors): literals, identifiers, operators,
 * predicates, the three-valued logic of SQL and the type rules, each row against one message.
 */
class SelectorTest {

    /** The message every row is evaluated against. */
    private static final Map<String, Object> MESSAGE = new HashMap<>();

    static {
        MESSAGE.put("i", 5);
        MESSAGE.put("l", 7L);
        MESSAGE.put("b", (byte) 2);
        MESSAGE.put("s", (short) 3);
        MESSAGE.put("d", 2.5);
        MESSAGE.put("f", 1.5f);
        MESSAGE.put("str", "hello");
        MESSAGE.put("under", "a_b%c");
        MESSAGE.put("yes", true);
        MESSAGE.put("no", false);
        MESSAGE.put("JMSPriority", 4L);
        MESSAGE.put("JMSType", "order");
        MESSAGE.put("$dollar", 1);
        MESSAGE.put("_x", 1);
    }

    private static Object evaluate(String selector) {
        return SelectorParser.parse(selector).evaluate(name -> MESSAGE.get(name));
    }

    /** Each row: selector, expected result (TRUE, FALSE or UNKNOWN). */
    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            // literals and identifiers (3.8.1.1)
            "TRUE | TRUE", "false | FALSE", "yes | TRUE", "no | FALSE", "missing | UNKNOWN",
            "'it''s' = 'it''s' | TRUE", "$dollar = 1 | TRUE", "_x = 1 | TRUE",
            "57 = 57 | TRUE", "-957 < 0 | TRUE", "+62 = 62 | TRUE", "7E3 = 7000 | TRUE", "-57.9E2 = -5790 | TRUE",
            "7. = 7 | TRUE", ".5 = 0.5 | TRUE", "1.0 = 1 | TRUE",
            "-9223372036854775808 < 0 | TRUE", "9223372036854775807 > 0 | TRUE",
            // exact literals in Java's integer syntax, approximate ones in its floating-point syntax
            "i = 5L | TRUE", "i = 0x5 | TRUE", "i = 05 | TRUE", "i = 0b101 | TRUE", "l = 0_7 | TRUE", "i = 1_0 / 2 | TRUE",
            "-9223372036854775808L < 0 | TRUE", "0x8000000000000000L < 0 | TRUE", "-0x8000000000000000L < 0 | TRUE",
            "0xFFFFFFFFFFFFFFFFL = -1 | TRUE", "f = 1.5f | TRUE", "d = 2.5d | TRUE", "d = 0x1.4p1 | TRUE",
            "d = 25e-1 | TRUE", "i = 5. | TRUE", "i = 5f | TRUE", "d = 1.e0 + 1.5 | TRUE",
            // keywords in any case
            "i = 5 and L = 7 | UNKNOWN", "i = 5 AnD l = 7 | TRUE", "not FALSE | TRUE",
            // comparison of numbers of every width
            "i = 5 | TRUE", "i <> 5 | FALSE", "l > i | TRUE", "b < s | TRUE", "s >= 3 | TRUE", "b <= 1 | FALSE",
            "d = 2.5 | TRUE", "f = 1.5 | TRUE", "i > d | TRUE",
            // strings and booleans: equality only, case-sensitive
            "str = 'hello' | TRUE", "str = 'Hello' | FALSE", "str <> 'x' | TRUE", "yes = TRUE | TRUE",
            "yes <> no | TRUE",
            // unlike types compare as false (3.8.1.1), so their negation is true; null stays unknown
            "str = 5 | FALSE", "i = '5' | FALSE", "yes = 1 | FALSE", "str > i | FALSE", "i < str | FALSE",
            "NOT (str = 5) | TRUE", "NOT (yes <> 1) | TRUE", "str < under | FALSE", "NOT (str < under) | TRUE",
            "missing = 5 | UNKNOWN",
            // arithmetic
            "i + l = 12 | TRUE", "l - i * 2 = -3 | TRUE", "(l - i) * 2 = 4 | TRUE", "l / 2 = 3 | TRUE",
            "l / 2.0 = 3.5 | TRUE", "-i = -5 | TRUE", "- -i = 5 | TRUE", "i / 0 = 1 | UNKNOWN",
            "i + missing = 5 | UNKNOWN", "str + 1 = 1 | UNKNOWN",
            // BETWEEN
            "i BETWEEN 1 AND 5 | TRUE", "i BETWEEN 6 AND 9 | FALSE", "i NOT BETWEEN 6 AND 9 | TRUE",
            "d BETWEEN 2 AND 3 | TRUE", "missing BETWEEN 1 AND 2 | UNKNOWN", "missing NOT BETWEEN 1 AND 2 | UNKNOWN",
            "i BETWEEN missing AND 4 | FALSE", "i BETWEEN missing AND 9 | UNKNOWN", "str BETWEEN 1 AND 2 | FALSE",
            "str NOT BETWEEN 1 AND 2 | FALSE", "i NOT BETWEEN missing AND 4 | TRUE", "i NOT BETWEEN missing AND 9 | UNKNOWN",
            // IN
            "str IN ('a', 'hello') | TRUE", "str IN ('a') | FALSE", "str NOT IN ('a', 'b') | TRUE",
            "missing IN ('a') | UNKNOWN", "missing NOT IN ('a') | UNKNOWN", "i IN ('5') | FALSE",
            "i NOT IN ('5') | TRUE",
            // LIKE
            "str LIKE 'h%' | TRUE", "str LIKE 'h_llo' | TRUE", "str LIKE 'h_lo' | FALSE", "str LIKE '%' | TRUE",
            "str NOT LIKE '%z%' | TRUE", "str LIKE 'HELLO' | FALSE", "missing LIKE '%' | UNKNOWN",
            "under LIKE 'a\\_b\\%c' ESCAPE '\\' | TRUE", "under LIKE 'a!_b!%c' ESCAPE '!' | TRUE",
            "str LIKE 'h!_llo' ESCAPE '!' | FALSE", "str LIKE 'h.*' | FALSE", "i LIKE '5' | FALSE",
            "i NOT LIKE '5' | TRUE",
            // IS NULL
            "missing IS NULL | TRUE", "missing IS NOT NULL | FALSE", "str IS NULL | FALSE", "str is not null | TRUE",
            // headers
            "JMSPriority > 3 | TRUE", "JMSType = 'order' | TRUE",
            // three-valued logic: AND
            "TRUE AND TRUE | TRUE", "TRUE AND FALSE | FALSE", "TRUE AND missing | UNKNOWN",
            "FALSE AND missing | FALSE", "missing AND FALSE | FALSE", "missing AND missing | UNKNOWN",
            // OR
            "TRUE OR missing | TRUE", "missing OR TRUE | TRUE", "FALSE OR missing | UNKNOWN",
            "FALSE OR FALSE | FALSE", "missing OR missing | UNKNOWN",
            // NOT
            "NOT TRUE | FALSE", "NOT FALSE | TRUE", "NOT missing | UNKNOWN", "NOT (i = 5) | FALSE",
            "NOT i = 5 | FALSE",
            // precedence: NOT over AND over OR; arithmetic before comparison
            "TRUE OR TRUE AND FALSE | TRUE", "(TRUE OR TRUE) AND FALSE | FALSE", "NOT FALSE AND FALSE | FALSE",
            "1 + 2 * 3 = 7 | TRUE", "i = 5 AND str LIKE 'h%' OR no | TRUE",
    })
    void evaluatesLikeTheSpecification(String selector, String expected) {
        Object result = evaluate(selector);
        switch (expected) {
            case "TRUE" -> assertEquals(Boolean.TRUE, result);
            case "FALSE" -> assertEquals(Boolean.FALSE, result);
            default -> assertNull(result);
        }
        assertEquals("TRUE".equals(expected), Selectors.compile(selector).matches(name -> MESSAGE.get(name)));
    }

    @ParameterizedTest(name = "[{0}] is rejected")
    @ValueSource(strings = {
            "i =", "= 5", "i = 5 AND", "(i = 5", "i = 5)", "i == 5", "i = 5 5", "'unterminated",
            "i LIKE 5", "i LIKE 'a' ESCAPE 'ab'", "i LIKE 'a!' ESCAPE '!'", "i IN ()", "i IN (1, 2)", "i IN 'a'",
            "5 LIKE 'a'", "'a' IN ('a')", "5 IS NULL", "i IS 5", "i BETWEEN 1", "i BETWEEN 1 OR 2",
            "NOT 5", "5", "'text'", "i + 'a' = 1", "'a' < 'b'", "TRUE > FALSE", "i = 5 AND 7", "7 OR i = 5",
            "9223372036854775808 = 1", "1E999 > 0", "i = NULL", "NULL", "i # 2", "i = 1e", "12abc = 1",
            "AND", "i NOT 5", "TRUE + 1 = 2", "-'a' = 1", "i BETWEEN 'a' AND 'b'",
            // literal types that cannot be compared are known at parse time
            "TRUE = 0", "0 <> FALSE", "'a' = 1", "'a' = TRUE", "i + 1 = 'a'", "-i = TRUE",
            // reserved words are not identifiers
            "NOT = 0", "OR = 0", "IS IS NULL", "LIKE = 'a'", "ESCAPE = 1", "in = 1", "Between = 1",
            // numbers outside Java's literal syntax or range
            "i = 08", "i = 0x", "i = 0xg", "i = 0b", "i = 0b102", "i = 5LL", "i = 5_", "i = 5__", "i = 0x_1",
            "i = 1_.0", "i = 0x1.0", "i = 1e", "i = 1e+", "i = 3.5e38f * 10", "i = 1e-400", "i = 1e-50f",
            "i = 0x10000000000000000", "i = 18446744073709551616L", "i = \u0665",
            // white space is Java's: no other space characters
            "i\u00a0= 5", "i =\u2028 5",
    })
    void rejectsWhatTheGrammarDoesNotAllow(String selector) {
        InvalidSelectorSyntaxException e = assertThrows(InvalidSelectorSyntaxException.class,
                () -> Selectors.compile(selector));
        assertTrue(e.getMessage().contains("at position"), e.getMessage());
    }

    @Test
    void saysWhereTheSelectorIsWrong() {
        InvalidSelectorSyntaxException e = assertThrows(InvalidSelectorSyntaxException.class,
                () -> Selectors.compile("color = 'red' AND size >"));
        assertTrue(e.getMessage().contains("at position 25") && e.getMessage().contains("end of the selector"),
                e.getMessage());
    }

    @Test
    void emptyOrNullMeansNoSelector() {
        assertNull(Selectors.compile(null));
        assertNull(Selectors.compile("  "));
        assertTrue(Selectors.matches(null, name -> null));
    }

    @Test
    void compilesOnceAndRemembersFailures() {
        assertSame(Selectors.compile("i = 5"), Selectors.compile("i = 5"));
        assertThrows(InvalidSelectorSyntaxException.class, () -> Selectors.compile("i = "));
        assertThrows(InvalidSelectorSyntaxException.class, () -> Selectors.compile("i = "));
    }
}
