package org.siren4j.pde.problem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.objecthunter.exp4j.Expression;
import net.objecthunter.exp4j.function.Function;
import net.objecthunter.exp4j.operator.Operator;
import org.siren4j.pde.Expressions;

/**
 * A residual written as text, {@code "-lap(u) - 2*pi^2*sin(pi*x)*sin(pi*y)"} or {@code "u + 0.5*dn(u) - cos(x)"}, read
 * as a linear form {@code sum_c a_c(x, y) * channel_c - g(x, y)} over the network's channels: the coefficients and the
 * source come from evaluating the text with one channel set to 1 and the others to 0. Linearity is checked at random
 * points and channel values, since the trainer's residuals are linear in the channels (every PDE here is).
 */
public final class LinearForm {
    /** The channels a text may name: the value, first and pure second derivatives, the Laplacian, the normal derivative. */
    public static final List<String> CHANNELS = List.of("u", "u_x", "u_y", "u_xx", "u_yy", "lap_u", "dn_u");
    private static final Pattern LAP = Pattern.compile("\\blap\\s*\\(\\s*u\\s*\\)"), DN = Pattern.compile("\\bdn\\s*\\(\\s*u\\s*\\)");

    private final String text;
    private final List<String> used = new ArrayList<>();       // channels the text names, in CHANNELS order
    private final Map<String, Double> constantCoefficient = new LinkedHashMap<>(); // coefficients that do not vary
    private final ThreadLocal<Expression> expr;

    private static final java.util.Set<String> BUILTINS = java.util.Set.of("sin", "cos", "tan", "cot", "asin", "acos", "atan", "sinh",
            "cosh", "tanh", "sqrt", "cbrt", "abs", "ceil", "floor", "exp", "expm1", "log", "log10", "log2", "log1p", "pow", "signum",
            "atan2", "angle", "pi", "e");

    /**
     * Every name in {@code text} must be known: exp4j would read an unknown {@code u_xy} as {@code u_x * y} (implicit
     * multiplication) and accept it.
     */
    static void checkNames(String text, java.util.Collection<String> known, String shown) {
        Matcher m = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*").matcher(text);
        while (m.find())
            if (!known.contains(m.group()) && !BUILTINS.contains(m.group()))
                throw new IllegalArgumentException("'" + shown + "': unknown name '" + m.group() + "' (known: x, y, the constants"
                        + (known.contains("u") ? ", u, u_x, u_y, u_xx, u_yy, lap(u), dn(u)" : "") + " and exp4j's functions)");
    }

    /** The functions texts may use beyond exp4j's own: atan2(y, x) and angle(x, y) in [0, 2 pi). */
    static final Function[] FUNCTIONS = {
        new Function("atan2", 2) { public double apply(double... a) { return Math.atan2(a[0], a[1]); } },
        new Function("angle", 2) {
            public double apply(double... a) {
                double t = Math.atan2(a[1], a[0]);
                return t < 0 ? t + 2 * Math.PI : t;
            }
        },
    };

    /**
     * Parses {@code text} with the coordinates x, y, the named constants, and the channels in {@code allowed}; an unknown
     * symbol, a channel not allowed here, a bad expression or a non-linear one is an IllegalArgumentException.
     */
    public LinearForm(String text, Map<String, Double> constants, List<String> allowed, double[] bounds) {
        this.text = text;
        String t = DN.matcher(LAP.matcher(text).replaceAll("lap_u")).replaceAll("dn_u");
        Matcher other = Pattern.compile("\\b(lap|dn)\\s*\\(").matcher(t);
        if (other.find()) throw new IllegalArgumentException("'" + text + "': " + other.group(1) + "() takes u, the only unknown");
        java.util.Set<String> known = new java.util.HashSet<>(constants.keySet());
        known.addAll(List.of("x", "y"));
        known.addAll(CHANNELS);
        checkNames(t, known, text);
        for (String c : CHANNELS) {
            boolean named = Pattern.compile("\\b" + c + "\\b").matcher(t).find();
            if (named && !allowed.contains(c))
                throw new IllegalArgumentException("'" + text + "': " + (c.equals("dn_u") ? "dn(u)" : c.equals("lap_u") ? "lap(u)" : c)
                        + " is not available here (allowed: " + String.join(", ", allowed).replace("lap_u", "lap(u)").replace("dn_u", "dn(u)") + ")");
            if (named) used.add(c);
        }
        Map<String, Double> values = new LinkedHashMap<>(constants);
        values.put("x", 0.0);
        values.put("y", 0.0);
        for (String c : CHANNELS) values.put(c, 0.0);
        try {
            expr = Expressions.compile(t, values, FUNCTIONS, new Operator[0]);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("'" + text + "': " + ex.getMessage());
        }
        checkLinear(bounds);
    }

    public String text() { return text; }

    /** A plain function of (x, y) (an exact solution, a boundary predicate), thread-safe. */
    public interface Scalar {
        double at(double x, double y);
    }

    /** Comparisons and logic for predicates ({@code "y >= 0 & x < 0.5"}): 1 for true, 0 for false, below + and -. */
    static final Operator[] OPERATORS = {
        comparison(">=", (a, b) -> a >= b), comparison("<=", (a, b) -> a <= b), comparison(">", (a, b) -> a > b), comparison("<", (a, b) -> a < b),
        new Operator("&", 2, true, 50) { public double apply(double... a) { return a[0] != 0 && a[1] != 0 ? 1 : 0; } },
        new Operator("|", 2, true, 40) { public double apply(double... a) { return a[0] != 0 || a[1] != 0 ? 1 : 0; } },
    };

    private static Operator comparison(String symbol, java.util.function.BiPredicate<Double, Double> test) {
        return new Operator(symbol, 2, true, 100) { public double apply(double... a) { return test.test(a[0], a[1]) ? 1 : 0; } };
    }

    /** Parses a function of x, y and the named constants; a bad expression or an unknown symbol is an IllegalArgumentException. */
    public static Scalar scalar(String text, Map<String, Double> constants) {
        java.util.Set<String> known = new java.util.HashSet<>(constants.keySet());
        known.addAll(List.of("x", "y"));
        checkNames(text, known, text);
        Map<String, Double> values = new LinkedHashMap<>(constants);
        values.put("x", 0.0);
        values.put("y", 0.0);
        ThreadLocal<Expression> local;
        try {
            local = Expressions.compile(text, values, FUNCTIONS, OPERATORS);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("'" + text + "': " + ex.getMessage());
        }
        return (x, y) -> local.get().setVariable("x", x).setVariable("y", y).evaluate();
    }

    /** The channels the text names. */
    public List<String> channels() { return List.copyOf(used); }

    private double eval(double x, double y, String one, double value) {
        Expression e = expr.get().setVariable("x", x).setVariable("y", y);
        for (String c : used) e.setVariable(c, c.equals(one) ? value : 0);
        return e.evaluate();
    }

    /** The coefficient of channel {@code c} at (x, y). */
    public double coefficient(String c, double x, double y) {
        Double k = constantCoefficient.get(c);
        return k != null ? k : eval(x, y, c, 1) - eval(x, y, null, 0);
    }

    /** Whether the coefficient of {@code c} is the same everywhere (then a single number). */
    public boolean constantCoefficient(String c) { return constantCoefficient.containsKey(c); }

    /** g(x, y): the form is {@code sum a_c channel_c = g}. */
    public double target(double x, double y) { return -eval(x, y, null, 0); }

    /**
     * At (x, y): each named channel's coefficient into {@code coefficients}, in {@link #channels()} order, and the target
     * g as the result: one evaluation for the source, one more per channel whose coefficient varies.
     */
    public double terms(double x, double y, double[] coefficients) {
        double base = eval(x, y, null, 0);
        for (int k = 0; k < used.size(); k++) {
            Double a = constantCoefficient.get(used.get(k));
            coefficients[k] = a != null ? a : eval(x, y, used.get(k), 1) - base;
        }
        return -base;
    }

    private void checkLinear(double[] b) {
        SplittableRandom r = new SplittableRandom(7);
        double[][] pts = new double[8][2];
        for (double[] p : pts) { p[0] = b[0] + r.nextDouble() * (b[1] - b[0]); p[1] = b[2] + r.nextDouble() * (b[3] - b[2]); }
        for (String c : used) {
            double first = Double.NaN;
            boolean same = true;
            for (double[] p : pts) {
                double a = eval(p[0], p[1], c, 1) - eval(p[0], p[1], null, 0);
                if (!Double.isFinite(a)) throw new IllegalArgumentException("'" + text + "': not finite at (" + p[0] + ", " + p[1] + ")");
                if (Double.isNaN(first)) first = a;
                else same &= Math.abs(a - first) <= 1e-12 * Math.max(1, Math.abs(first));
            }
            if (same) constantCoefficient.put(c, first);
        }
        for (double[] p : pts) {
            double lin = -target(p[0], p[1]), scale = Math.abs(lin);
            double[] v = new double[used.size()];
            for (int k = 0; k < v.length; k++) {
                v[k] = r.nextDouble() * 4 - 2;
                double a = coefficient(used.get(k), p[0], p[1]);
                lin += a * v[k];
                scale += Math.abs(a * v[k]);
            }
            Expression e = expr.get().setVariable("x", p[0]).setVariable("y", p[1]);
            for (int k = 0; k < v.length; k++) e.setVariable(used.get(k), v[k]);
            double full = e.evaluate();
            if (Math.abs(full - lin) > 1e-9 * Math.max(1, scale))
                throw new IllegalArgumentException("'" + text + "': not linear in u and its derivatives (the trainer's residuals are)");
        }
    }
}
