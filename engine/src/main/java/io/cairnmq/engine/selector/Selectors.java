package io.cairnmq.engine.selector;

import io.cairnmq.engine.api.InvalidSelectorSyntaxException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Compiles selectors once per JVM: consumers on many members and every lease and publish that
 * evaluates one reuse the compiled form, and a broken selector fails the same way every time
 * without being parsed again.
 */
public final class Selectors {

    /** Distinct selector strings kept compiled; the least recently used goes first. */
    static final int CACHE_SIZE = 1024;

    private static final Map<String, Object> CACHE = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    private Selectors() {
    }

    /** Whether a selector string means "no selector" (JMS: null or empty). */
    public static boolean isNone(String selector) {
        return selector == null || selector.isBlank();
    }

    /**
     * The compiled selector, or null for "no selector".
     *
     * @throws InvalidSelectorSyntaxException saying where and why the selector is invalid
     */
    public static Selector compile(String selector) {
        if (isNone(selector)) {
            return null;
        }
        Object compiled;
        synchronized (CACHE) {
            compiled = CACHE.get(selector);
        }
        if (compiled == null) {
            try {
                compiled = new Selector(selector, SelectorParser.parse(selector));
            } catch (InvalidSelectorSyntaxException e) {
                compiled = e;
            } catch (RuntimeException e) {
                // Whatever the parser did not foresee is still a bad selector, not a crash.
                compiled = new InvalidSelectorSyntaxException("Invalid message selector \"" + selector + "\": " + e);
            }
            synchronized (CACHE) {
                CACHE.put(selector, compiled);
            }
        }
        if (compiled instanceof InvalidSelectorSyntaxException e) {
            throw new InvalidSelectorSyntaxException(e.getMessage());
        }
        return (Selector) compiled;
    }

    /** Whether the message matches; a null selector matches everything. */
    public static boolean matches(Selector selector, PropertyLookup message) {
        return selector == null || selector.matches(message);
    }
}
