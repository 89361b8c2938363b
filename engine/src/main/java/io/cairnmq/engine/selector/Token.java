package io.cairnmq.engine.selector;

/** One lexical token of a selector, with where it starts (0-based character offset). */
record Token(Kind kind, String text, Object value, int position) {

    enum Kind {
        IDENTIFIER, STRING, EXACT, APPROXIMATE,
        // keywords
        TRUE, FALSE, NULL, NOT, AND, OR, BETWEEN, LIKE, IN, IS, ESCAPE,
        // operators and punctuation
        EQ, NE, LT, LE, GT, GE, PLUS, MINUS, STAR, SLASH, LPAREN, RPAREN, COMMA,
        END
    }

    boolean is(Kind k) {
        return kind == k;
    }

    String describe() {
        return kind == Kind.END ? "the end of the selector" : "'" + text + "'";
    }
}
