package org.siren4j.pde;

import java.util.function.DoubleBinaryOperator;
import net.objecthunter.exp4j.Expression;
import net.objecthunter.exp4j.ExpressionBuilder;

/**
 * Functions of (x, y) written as text ({@code "sin(pi*x)*sin(pi*y)"}), parsed by exp4j: the usual
 * functions (sin, cos, exp, log, sqrt, abs, pow via ^, ...) and the constants pi and e.
 */
public final class Expressions {
    private Expressions() {}

    /** Parses {@code text}; a bad expression gives an IllegalArgumentException naming it. */
    public static DoubleBinaryOperator xy(String text) {
        checkParentheses(text);
        Expression e;
        try {
            e = new ExpressionBuilder(text).variables("x", "y").build();
            var check = e.validate(false);
            if (!check.isValid()) throw new IllegalArgumentException(String.join("; ", check.getErrors()));
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException("bad expression '" + text + "': " + ex.getMessage());
        }
        final Expression ex = e;
        // exp4j expressions keep their variables in the instance: each thread gets its own copy
        ThreadLocal<Expression> local = ThreadLocal.withInitial(() -> new Expression(ex));
        return (x, y) -> local.get().setVariable("x", x).setVariable("y", y).evaluate();
    }

    /** exp4j reports unbalanced parentheses without a place: name it (counting from 1). */
    private static void checkParentheses(String text) {
        java.util.ArrayDeque<Integer> open = new java.util.ArrayDeque<>();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') open.push(i);
            else if (c == ')') {
                if (open.isEmpty()) throw new IllegalArgumentException("bad expression '" + text + "': ')' at position " + (i + 1) + " closes nothing");
                open.pop();
            }
        }
        if (!open.isEmpty()) throw new IllegalArgumentException("bad expression '" + text + "': '(' at position " + (open.peek() + 1) + " is never closed");
    }
}
