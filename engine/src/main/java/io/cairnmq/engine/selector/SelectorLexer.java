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
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
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
        if (Character.isDigit(c) || (c == '.' && pos + 1 < text.length() && Character.isDigit(text.charAt(pos + 1)))) {
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

    private Token number(int start) {
        boolean approximate = false;
        digits();
        if (pos < text.length() && text.charAt(pos) == '.') {
            approximate = true;
            pos++;
            digits();
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            approximate = true;
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            int exponentStart = pos;
            digits();
            if (pos == exponentStart) {
                throw error(start, "the exponent of number '" + text.substring(start, pos) + "' has no digits");
            }
        }
        if (pos < text.length() && Character.isJavaIdentifierPart(text.charAt(pos))) {
            throw error(start, "'" + text.substring(start, pos + 1) + "' is not a number");
        }
        String literal = text.substring(start, pos);
        if (approximate) {
            double value = Double.parseDouble(literal);
            if (Double.isInfinite(value)) {
                throw error(start, "number " + literal + " is out of the range of a double");
            }
            return new Token(Token.Kind.APPROXIMATE, literal, value, start);
        }
        BigInteger value = new BigInteger(literal);
        if (value.compareTo(LONG_MIN_MAGNITUDE) > 0) {
            throw error(start, "number " + literal + " is out of the range of a long");
        }
        return new Token(Token.Kind.EXACT, literal, value, start);
    }

    private void digits() {
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
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
