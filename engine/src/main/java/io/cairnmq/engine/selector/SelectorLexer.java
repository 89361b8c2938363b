package io.cairnmq.engine.selector;

import io.cairnmq.engine.api.InvalidSelectorSyntaxException;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Splits a selector into tokens: identifiers, keywords (any case), literals and operators. */
final class SelectorLexer {

    private static final Map<String, Token.Kind> KEYWORDS = Map.ofEntries(
            Map.entry("TRUE", Token.Kind.TRUE), Map.entry("FALSE", Token.Kind.FALSE),
            Map.entry("NULL", Token.Kind.NULL), Map.entry("NOT", Token.Kind.NOT),
            Map.entry("AND", Token.Kind.AND), Map.entry("OR", Token.Kind.OR),
            Map.entry("BETWEEN", Token.Kind.BETWEEN), Map.entry("LIKE", Token.Kind.LIKE),
            Map.entry("IN", Token.Kind.IN), Map.entry("IS", Token.Kind.IS),
            Map.entry("ESCAPE", Token.Kind.ESCAPE));

    /** One past the largest long: allowed only right after a unary minus. */
    static final BigInteger LONG_MIN_MAGNITUDE = BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE);

    private final String text;
    private int pos;

    private SelectorLexer(String text) {
        this.text = text;
    }

    static List<Token> tokenize(String selector) {
        SelectorLexer lexer = new SelectorLexer(selector);
        List<Token> tokens = new ArrayList<>();
        Token t;
        do {
            t = lexer.next();
            tokens.add(t);
        } while (!t.is(Token.Kind.END));
        return tokens;
    }

    private Token next() {
        while (pos < text.length() && isWhitespace(text.charAt(pos))) {
            pos++;
        }
        int start = pos;
        if (pos >= text.length()) {
            return new Token(Token.Kind.END, "", null, start);
        }
        char c = text.charAt(pos);
        if (Character.isJavaIdentifierStart(c)) {
            return word(start);
        }
        if (isAsciiDigitOf(c, 10) || (c == '.' && pos + 1 < text.length() && isAsciiDigitOf(text.charAt(pos + 1), 10))) {
            return number(start);
        }
        if (c == '\'') {
            return string(start);
        }
        pos++;
        return switch (c) {
            case '=' -> symbol(Token.Kind.EQ, start);
            case '<' -> {
                if (peek('=')) {
                    yield symbol(Token.Kind.LE, start);
                }
                yield peek('>') ? symbol(Token.Kind.NE, start) : symbol(Token.Kind.LT, start);
            }
            case '>' -> peek('=') ? symbol(Token.Kind.GE, start) : symbol(Token.Kind.GT, start);
            case '+' -> symbol(Token.Kind.PLUS, start);
            case '-' -> symbol(Token.Kind.MINUS, start);
            case '*' -> symbol(Token.Kind.STAR, start);
            case '/' -> symbol(Token.Kind.SLASH, start);
            case '(' -> symbol(Token.Kind.LPAREN, start);
            case ')' -> symbol(Token.Kind.RPAREN, start);
            case ',' -> symbol(Token.Kind.COMMA, start);
            default -> throw error(start, "unexpected character '" + c + "'");
        };
    }

    /** Java's white space (section 3.8.1.1): space, tab, form feed and the line terminators. */
    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\f' || c == '\n' || c == '\r';
    }

    private boolean peek(char expected) {
        if (pos < text.length() && text.charAt(pos) == expected) {
            pos++;
            return true;
        }
        return false;
    }

    private Token symbol(Token.Kind kind, int start) {
        return new Token(kind, text.substring(start, pos), null, start);
    }

    private Token word(int start) {
        while (pos < text.length() && Character.isJavaIdentifierPart(text.charAt(pos))) {
            pos++;
        }
        String word = text.substring(start, pos);
        Token.Kind keyword = KEYWORDS.get(word.toUpperCase(Locale.ROOT));
        return new Token(keyword != null ? keyword : Token.Kind.IDENTIFIER, word, null, start);
    }

    /**
     * A numeric literal. Exact ones follow Java's integer literal syntax (decimal, hexadecimal
     * {@code 0x1d}, octal {@code 035}, binary {@code 0b11101}, underscores between digits, an
     * optional {@code L}); approximate ones Java's floating-point literal syntax ({@code 7.},
     * {@code -57.9E3}, {@code 1.5f}, {@code 0x1.8p1}, an optional {@code f} or {@code d}), as
     * section 3.8.1.1 says.
     */
    private Token number(int start) {
        if (text.charAt(pos) == '0' && pos + 1 < text.length()) {
            char x = text.charAt(pos + 1);
            if (x == 'x' || x == 'X') {
                pos += 2;
                return hexadecimal(start);
            }
            if (x == 'b' || x == 'B') {
                pos += 2;
                String digits = digitRun(start, 2);
                if (digits.isEmpty()) {
                    throw error(start, "binary literal '" + text.substring(start, pos) + "' has no digits");
                }
                return exact(start, digits, 2);
            }
        }
        String integer = digitRun(start, 10);
        boolean approximate = false;
        if (pos < text.length() && text.charAt(pos) == '.') {
            approximate = true;
            pos++;
            digitRun(start, 10);
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            approximate = true;
            exponent(start);
        }
        if (pos < text.length() && "fFdD".indexOf(text.charAt(pos)) >= 0) {
            pos++;
            return approximate(start);
        }
        if (approximate) {
            return approximate(start);
        }
        boolean octal = integer.length() > 1 && integer.charAt(0) == '0';
        if (octal && !integer.chars().allMatch(c -> c <= '7')) {
            throw error(start, "'" + text.substring(start, pos) + "' is not a number: an integer starting with 0"
                    + " is octal, digits 0 to 7");
        }
        return exact(start, octal ? integer.substring(1) : integer, octal ? 8 : 10);
    }

    /** After {@code 0x}: a hexadecimal integer, or a hexadecimal floating-point literal. */
    private Token hexadecimal(int start) {
        String digits = digitRun(start, 16);
        boolean point = pos < text.length() && text.charAt(pos) == '.';
        if (point) {
            pos++;
            digits += digitRun(start, 16);
        }
        if (digits.isEmpty()) {
            throw error(start, "hexadecimal literal '" + text.substring(start, pos) + "' has no digits");
        }
        if (pos < text.length() && (text.charAt(pos) == 'p' || text.charAt(pos) == 'P')) {
            exponent(start);
            if (pos < text.length() && "fFdD".indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
            return approximate(start);
        }
        if (point) {
            throw error(start, "hexadecimal floating-point literal '" + text.substring(start, pos)
                    + "' needs a binary exponent (p)");
        }
        return exact(start, digits, 16);
    }

    /** The exponent of a floating-point literal: its letter, an optional sign, decimal digits. */
    private void exponent(int start) {
        pos++;
        if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
            pos++;
        }
        if (digitRun(start, 10).isEmpty()) {
            throw error(start, "the exponent of number '" + text.substring(start, pos) + "' has no digits");
        }
    }

    /**
     * Digits of a radix with single underscores between them, as Java allows; returns the digits
     * alone (empty when there is none here).
     */
    private String digitRun(int start, int radix) {
        StringBuilder digits = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '_' && digits.length() > 0) {
                int next = pos;
                while (next < text.length() && text.charAt(next) == '_') {
                    next++;
                }
                if (next >= text.length() || !isAsciiDigitOf(text.charAt(next), radix)) {
                    throw error(start, "an underscore in number '" + text.substring(start, next)
                            + "' must stand between digits");
                }
                pos = next;
            } else if (isAsciiDigitOf(c, radix)) {
                digits.append(c);
                pos++;
            } else {
                break;
            }
        }
        return digits.toString();
    }

    private static boolean isAsciiDigitOf(char c, int radix) {
        return c < 128 && Character.digit(c, radix) >= 0;
    }

    /** An integer literal: decimal up to 2^63 (the parser allows that one after a minus only), others 64 bits. */
    private Token exact(int start, String digits, int radix) {
        boolean longSuffix = pos < text.length() && (text.charAt(pos) == 'l' || text.charAt(pos) == 'L');
        if (longSuffix) {
            pos++;
        }
        requireEndOfNumber(start);
        String literal = text.substring(start, pos);
        BigInteger value = new BigInteger(digits.isEmpty() ? "0" : digits, radix);
        if (radix == 10) {
            if (value.compareTo(LONG_MIN_MAGNITUDE) > 0) {
                throw error(start, "number " + literal + " is out of the range of a long");
            }
            return new Token(Token.Kind.EXACT, literal, value, start);
        }
        // Hexadecimal, octal and binary literals give a long's 64 bits, as in Java.
        if (value.bitLength() > Long.SIZE) {
            throw error(start, "number " + literal + " does not fit in the 64 bits of a long");
        }
        return new Token(Token.Kind.EXACT, literal, value.longValue(), start);
    }

    /** A floating-point literal: a double, or with an f suffix a float, as Java reads it. */
    private Token approximate(int start) {
        requireEndOfNumber(start);
        String literal = text.substring(start, pos);
        String plain = literal.replace("_", "");
        char last = plain.charAt(plain.length() - 1);
        double value = last == 'f' || last == 'F' ? Float.parseFloat(plain) : Double.parseDouble(plain);
        if (Double.isInfinite(value)) {
            throw error(start, "number " + literal + " is out of the range of a "
                    + (last == 'f' || last == 'F' ? "float" : "double"));
        }
        if (value == 0 && hasNonZeroSignificand(plain)) {
            throw error(start, "number " + literal + " is too small to be told from zero");
        }
        return new Token(Token.Kind.APPROXIMATE, literal, value, start);
    }

    private static boolean hasNonZeroSignificand(String literal) {
        boolean hex = literal.startsWith("0x") || literal.startsWith("0X");
        String significand = hex ? literal.substring(2) : literal;
        for (char c : significand.toCharArray()) {
            if ((hex && (c == 'p' || c == 'P')) || (!hex && (c == 'e' || c == 'E'))) {
                return false;
            }
            if (Character.digit(c, hex ? 16 : 10) > 0) {
                return true;
            }
        }
        return false;
    }

    /** A number ends where no identifier character follows it ({@code 12abc} is neither). */
    private void requireEndOfNumber(int start) {
        if (pos < text.length() && Character.isJavaIdentifierPart(text.charAt(pos))) {
            throw error(start, "'" + text.substring(start, pos + 1) + "' is not a number");
        }
    }

    private Token string(int start) {
        StringBuilder value = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= text.length()) {
                throw error(start, "the string starting here has no closing quote");
            }
            char c = text.charAt(pos++);
            if (c == '\'') {
                if (pos < text.length() && text.charAt(pos) == '\'') {
                    value.append('\'');
                    pos++;
                } else {
                    break;
                }
            } else {
                value.append(c);
            }
        }
        return new Token(Token.Kind.STRING, text.substring(start, pos), value.toString(), start);
    }

    private InvalidSelectorSyntaxException error(int position, String what) {
        return SelectorParser.syntaxError(text, position, what);
    }
}
