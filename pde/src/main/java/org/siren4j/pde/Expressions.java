package org.siren4j.pde;

import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import net.objecthunter.exp4j.Expression;
import net.objecthunter.exp4j.ExpressionBuilder;
import net.objecthunter.exp4j.function.Function;
import net.objecthunter.exp4j.operator.Operator;

/**
 * Functions of (x, y) written as text ({@code "sin(pi*x)*sin(pi*y)"}), parsed by exp4j: the usual
 * functions (sin, cos, exp, log, sqrt, abs, pow via ^, ...) and the constants pi and e.
 */
public final class Expressions {
    private Expressions() {}

    /** Parses {@code text}; a bad expression gives an IllegalArgumentException naming it. */
    public static DoubleBinaryOperator xy(String text) {
        checkParentheses(text);
        ThreadLocal<Expression> local;
        try {
            local = compile(text, Map.of("x", 0.0, "y", 0.0), new Function[0], new Operator[0]);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("bad expression '" + text + "': " + ex.getMessage());
        }
        return (x, y) -> local.get().setVariable("x", x).setVariable("y", y).evaluate();
    }

    /**
     * Parses {@code text} over the variables of {@code values} (each set to its value, so validation sees them all) with
     * extra functions and operators; exp4j's complaint, without the text, is the IllegalArgumentException's message.
     * exp4j expressions keep their variables in the instance: each thread gets its own copy.
     */
    public static ThreadLocal<Expression> compile(String text, Map<String, Double> values, Function[] functions, Operator[] operators) {
        Expression e;
        try {
            e = new ExpressionBuilder(text).functions(functions).operator(operators).variables(values.keySet()).build();
            for (Map.Entry<String, Double> v : values.entrySet()) e.setVariable(v.getKey(), v.getValue());
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException(ex.getMessage());
        }
        var check = e.validate(true);
        if (!check.isValid()) throw new IllegalArgumentException(String.join("; ", check.getErrors()));
        final Expression base = e;
        return ThreadLocal.withInitial(() -> new Expression(base));
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
