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
        Expression e;
        try {
            e = new ExpressionBuilder(text).variables("x", "y").build();
            var check = e.validate(false);
            if (!check.isValid()) throw new IllegalArgumentException(String.join("; ", check.getErrors()));
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException("bad expression '" + text + "': " + ex.getMessage());
        }
        final Expression ex = e;
        return (x, y) -> ex.setVariable("x", x).setVariable("y", y).evaluate();
    }
}
