package io.cairnmq.engine.selector;

import io.cairnmq.engine.api.InvalidSelectorSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random and broken selector strings: every one either compiles (and then evaluates without
 * throwing) or fails with {@link InvalidSelectorSyntaxException}; nothing else, and no hang.
 */
class SelectorFuzzTest {

    private static final List<String> PIECES = List.of(
            "a", "b", "JMSPriority", "JMSType", " ", " ", "(", ")", "'", "'x'", "''", ",", "=", "<>", "<", ">=",
            "+", "-", "*", "/", "AND", "OR", "NOT", "BETWEEN", "IN", "LIKE", "ESCAPE", "IS", "NULL", "TRUE", "FALSE",
            "1", "2.5", "1E3", ".", "e", "9223372036854775808", "%", "_", "!", "#", "\"", "\\", "é", "\u0000");

    private static final Map<String, Object> MESSAGE = Map.of("a", 1, "b", "x", "JMSPriority", 4L);

    @Test
    @Timeout(60)
    void everyStringParsesOrIsAnInvalidSelector() {
        Random random = new Random(20261130L);
        int valid = 0;
        int invalid = 0;
        for (int i = 0; i < 5_000; i++) {
            String selector = i % 2 == 0 ? fromPieces(random) : mutated(random);
            try {
                Selector s = Selectors.compile(selector);
                if (s != null) {
                    s.matches(MESSAGE::get);
                }
                valid++;
            } catch (InvalidSelectorSyntaxException expected) {
                invalid++;
            } catch (RuntimeException | Error e) {
                fail("selector [" + selector + "] threw " + e, e);
            }
        }
        assertTrue(valid > 100 && invalid > 100, "valid " + valid + ", invalid " + invalid);
    }

    @Test
    @Timeout(60)
    void deepNestingIsAnInvalidSelectorNotACrash() {
        String deep = "(".repeat(100_000) + "a = 1" + ")".repeat(100_000);
        InvalidSelectorSyntaxException e = assertThrows(InvalidSelectorSyntaxException.class,
                () -> Selectors.compile(deep));
        assertTrue(e.getMessage().contains("levels deep"), e.getMessage());
        String longChain = "a = 1" + " OR a = 1".repeat(20_000);
        assertTrue(Selectors.compile(longChain).matches(MESSAGE::get));
    }

    private static String fromPieces(Random random) {
        StringBuilder s = new StringBuilder();
        int n = 1 + random.nextInt(12);
        for (int i = 0; i < n; i++) {
            s.append(PIECES.get(random.nextInt(PIECES.size()))).append(random.nextBoolean() ? " " : "");
        }
        return s.toString();
    }

    /** A valid selector with a few characters replaced, deleted or inserted. */
    private static String mutated(Random random) {
        StringBuilder s = new StringBuilder(
                "a BETWEEN 1 AND 3 OR (b LIKE 'x!_%' ESCAPE '!' AND JMSType IN ('p', 'q')) OR a IS NOT NULL");
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits; i++) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(3)) {
                case 0 -> s.deleteCharAt(at);
                case 1 -> s.setCharAt(at, (char) (32 + random.nextInt(95)));
                default -> s.insert(at, PIECES.get(random.nextInt(PIECES.size())));
            }
        }
        return s.toString();
    }
}
