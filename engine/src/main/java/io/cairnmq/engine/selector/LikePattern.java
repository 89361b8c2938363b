package io.cairnmq.engine.selector;

import java.util.regex.Pattern;

/**
 * A LIKE pattern: {@code _} stands for any one character, {@code %} for any sequence, and the
 * escape character (if any) makes the next {@code _}, {@code %} or itself literal.
 */
final class LikePattern {

    private final Pattern regex;

    private LikePattern(Pattern regex) {
        this.regex = regex;
    }

    /**
     * @param escape the escape character, or null for none
     * @throws IllegalArgumentException when the pattern ends in the escape character or escapes
     *                                  a character that needs no escaping
     */
    static LikePattern compile(String pattern, Character escape) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (escape != null && c == escape) {
                if (i + 1 >= pattern.length()) {
                    throw new IllegalArgumentException("the pattern '" + pattern + "' ends with its escape character");
                }
                char next = pattern.charAt(++i);
                if (next != '_' && next != '%' && next != escape) {
                    throw new IllegalArgumentException("in the pattern '" + pattern + "' the escape character precedes '"
                            + next + "'; it may only precede '_', '%' or itself");
                }
                literal.append(next);
            } else if (c == '_' || c == '%') {
                flush(regex, literal);
                regex.append(c == '_' ? "." : ".*");
            } else {
                literal.append(c);
            }
        }
        flush(regex, literal);
        return new LikePattern(Pattern.compile(regex.toString(), Pattern.DOTALL));
    }

    private static void flush(StringBuilder regex, StringBuilder literal) {
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
            literal.setLength(0);
        }
    }

    boolean matches(String value) {
        return regex.matcher(value).matches();
    }
}
