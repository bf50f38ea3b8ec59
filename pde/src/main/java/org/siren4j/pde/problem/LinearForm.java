package org.siren4j.pde.problem;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.objecthunter.exp4j.Expression;
import net.objecthunter.exp4j.function.Function;
import net.objecthunter.exp4j.operator.Operator;
import org.siren4j.pde.Expressions;
import org.siren4j.pde.special.Bessel;

/**
 * A residual written as text, {@code "-lap(u) - 2*pi^2*sin(pi*x)*sin(pi*y)"} or {@code "dn(p) - i*k*p"}, read as a linear
 * form {@code sum_c a_c(x) * channel_c - g(x)} over the network's channels: the coefficients and the source come from
 * evaluating the text with one channel set to 1 and the others to 0. Linearity is checked at random points and channel
 * values, since the trainer's residuals are linear in the channels (every PDE here is).
 *
 * <p>Complex problems: {@code i} is the imaginary unit. exp4j computes in reals, so a text with {@code i} is evaluated
 * at i = 0, +-1, +-2, the polynomial in i through those values is found, and i^2 = -1 folds it into a real and an
 * imaginary part; a text where i does not enter as a polynomial of degree <= 4 (e.g. {@code exp(i*x)}: write
 * {@code cos(x) + i*sin(x)}) is refused.
 */
public final class LinearForm {
    /**
     * A problem's unknown scalar coefficients: named like constants in its texts, their values trained (held here,
     * changed between steps; forms that name them read the current values).
     */
    public static final class Parameters {
        private final List<String> names;
        private final double[] values;

        public Parameters(Map<String, Double> initial) {
            names = List.copyOf(initial.keySet());
            values = new double[names.size()];
            for (int k = 0; k < values.length; k++) values[k] = initial.get(names.get(k));
        }

        public List<String> names() { return names; }

        public double get(int k) { return values[k]; }

        public void set(int k, double v) { values[k] = v; }

        public Map<String, Double> asMap() {
            Map<String, Double> m = new LinkedHashMap<>();
            for (int k = 0; k < values.length; k++) m.put(names.get(k), values[k]);
            return m;
        }

        static final Parameters NONE = new Parameters(Map.of());
    }

    /**
     * What the texts of one problem may name: its coordinates, its unknowns (name to whether complex), its constants,
     * and its unknown scalar coefficients.
     */
    public record Symbols(List<String> coordinates, Map<String, Boolean> unknowns, Map<String, Double> constants, Parameters parameters) {
        public Symbols(List<String> coordinates, Map<String, Boolean> unknowns, Map<String, Double> constants) {
            this(coordinates, unknowns, constants, Parameters.NONE);
        }

        /** The channels of unknown {@code w}: w, w_x.., w_xx.., lap_w, dn_w. */
        public List<String> channels(String w) {
            List<String> c = new ArrayList<>();
            c.add(w);
            for (String x : coordinates) c.add(w + "_" + x);
            for (String x : coordinates) c.add(w + "_" + x + x);
            c.add("lap_" + w);
            c.add("dn_" + w);
            return c;
        }

        public List<String> allChannels() {
            List<String> c = new ArrayList<>();
            for (String w : unknowns.keySet()) c.addAll(channels(w));
            return c;
        }

        boolean complex() { return unknowns.containsValue(true); }

        /** Names a text may use besides exp4j's own and the channels. */
        Set<String> plainNames() {
            Set<String> known = new HashSet<>(constants.keySet());
            known.addAll(coordinates);
            if (complex()) known.add("i");
            return known;
        }
    }

    private static final Set<String> BUILTINS = Set.of("sin", "cos", "tan", "cot", "asin", "acos", "atan", "sinh", "cosh", "tanh", "sqrt", "cbrt",
            "abs", "ceil", "floor", "exp", "expm1", "log", "log10", "log2", "log1p", "pow", "signum", "atan2", "angle", "besselj0", "bessely0", "pi", "e");

    /** The functions texts may use beyond exp4j's own: atan2(y, x), angle(x, y) in [0, 2 pi), Bessel's J0 and Y0. */
    static final Function[] FUNCTIONS = {
        new Function("atan2", 2) { public double apply(double... a) { return Math.atan2(a[0], a[1]); } },
        new Function("angle", 2) {
            public double apply(double... a) {
                double t = Math.atan2(a[1], a[0]);
                return t < 0 ? t + 2 * Math.PI : t;
            }
        },
        new Function("besselj0", 1) { public double apply(double... a) { return Bessel.j0(a[0]); } },
        new Function("bessely0", 1) { // -infinity at 0, undefined below: a value, never an exception, where a formula does not hold
            public double apply(double... a) { return a[0] > 0 ? Bessel.y0(a[0]) : a[0] == 0 ? Double.NEGATIVE_INFINITY : Double.NaN; }
        },
    };

    /** Comparisons and logic for predicates ({@code "y >= 0 & x < 0.5"}): 1 for true, 0 for false, below + and -. */
    static final Operator[] OPERATORS = {
        comparison(">=", (a, b) -> a >= b), comparison("<=", (a, b) -> a <= b), comparison(">", (a, b) -> a > b), comparison("<", (a, b) -> a < b),
        new Operator("&", 2, true, 50) { public double apply(double... a) { return a[0] != 0 && a[1] != 0 ? 1 : 0; } },
        new Operator("|", 2, true, 40) { public double apply(double... a) { return a[0] != 0 || a[1] != 0 ? 1 : 0; } },
    };

    private static Operator comparison(String symbol, java.util.function.BiPredicate<Double, Double> test) {
        return new Operator(symbol, 2, true, 100) { public double apply(double... a) { return test.test(a[0], a[1]) ? 1 : 0; } };
    }

    /** Whether {@code name} is a function or constant of the expressions (not to be taken as a name of one's own). */
    static boolean isFunction(String name) { return BUILTINS.contains(name); }

    private static final double[] I_NODES = {0, 1, -1, 2, -2};

    private final String text;
    private final Symbols symbols;
    private final List<String> used = new ArrayList<>();       // channels the text names, in Symbols.allChannels() order
    private final Map<String, double[]> constantCoefficient = new LinkedHashMap<>(); // {re, im} of coefficients that do not vary
    private final boolean hasI, complex;
    private final List<Integer> parametersNamed = new ArrayList<>(); // indices into symbols.parameters() of those the text names
    private final ThreadLocal<Expression> expr;

    /**
     * Parses {@code text} with the problem's symbols, of whose channels only {@code allowed} may appear; an unknown
     * symbol, a channel not allowed here, a bad expression or a non-linear one is an IllegalArgumentException. {@code
     * bounds} (the domain's box) is where linearity is checked.
     */
    public LinearForm(String text, Symbols symbols, Collection<String> allowed, double[] bounds) {
        this.text = text;
        this.symbols = symbols;
        String t = text;
        for (String w : symbols.unknowns().keySet()) {
            t = Pattern.compile("\\blap\\s*\\(\\s*" + w + "\\s*\\)").matcher(t).replaceAll("lap_" + w);
            t = Pattern.compile("\\bdn\\s*\\(\\s*" + w + "\\s*\\)").matcher(t).replaceAll("dn_" + w);
        }
        Matcher other = Pattern.compile("\\b(lap|dn)\\s*\\(").matcher(t);
        if (other.find()) throw new IllegalArgumentException("'" + text + "': " + other.group(1) + "() takes an unknown (" + String.join(", ", symbols.unknowns().keySet()) + ")");
        List<String> all = symbols.allChannels();
        Set<String> known = symbols.plainNames();
        known.addAll(all);
        known.addAll(symbols.parameters().names());
        checkNames(t, known, text, symbols);
        boolean cx = false;
        for (String c : all) {
            boolean named = Pattern.compile("\\b" + c + "\\b").matcher(t).find();
            if (named && !allowed.contains(c))
                throw new IllegalArgumentException("'" + text + "': " + shown(c) + " is not available here (allowed: " + String.join(", ", allowed.stream().map(LinearForm::shown).toList()) + ")");
            if (named) {
                used.add(c);
                cx |= symbols.unknowns().get(unknownOf(c, symbols));
            }
        }
        hasI = Pattern.compile("\\bi\\b").matcher(t).find();
        for (int k = 0; k < symbols.parameters().names().size(); k++)
            if (Pattern.compile("\\b" + symbols.parameters().names().get(k) + "\\b").matcher(t).find()) parametersNamed.add(k);
        complex = cx || hasI;
        Map<String, Double> values = new LinkedHashMap<>(symbols.constants());
        for (String x : symbols.coordinates()) values.put(x, 0.0);
        for (String c : all) values.put(c, 0.0);
        if (symbols.complex()) values.put("i", 0.0);
        for (String q : symbols.parameters().names()) values.put(q, 0.0);
        try {
            expr = Expressions.compile(t, values, FUNCTIONS, new Operator[0]);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("'" + text + "': " + ex.getMessage());
        }
        check(bounds);
    }

    private static String shown(String channel) {
        return channel.startsWith("lap_") ? "lap(" + channel.substring(4) + ")" : channel.startsWith("dn_") ? "dn(" + channel.substring(3) + ")" : channel;
    }

    /** The unknown a channel belongs to. */
    static String unknownOf(String channel, Symbols s) {
        if (channel.startsWith("lap_") && s.unknowns().containsKey(channel.substring(4))) return channel.substring(4);
        if (channel.startsWith("dn_") && s.unknowns().containsKey(channel.substring(3))) return channel.substring(3);
        int u = channel.indexOf('_');
        return u < 0 ? channel : channel.substring(0, u);
    }

    /**
     * Every name in {@code text} must be known: exp4j would read an unknown {@code u_xy} as {@code u_x * y} (implicit
     * multiplication) and accept it.
     */
    static void checkNames(String text, Collection<String> known, String shown, Symbols s) {
        Matcher m = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*").matcher(text);
        while (m.find())
            if (!known.contains(m.group()) && !BUILTINS.contains(m.group())) {
                String channels = known.stream().anyMatch(n -> s.unknowns().containsKey(n))
                        ? ", " + String.join(", ", s.allChannels().stream().map(LinearForm::shown).toList()) : "";
                throw new IllegalArgumentException("'" + shown + "': unknown name '" + m.group() + "' (known: " + String.join(", ", s.coordinates())
                        + ", the constants" + (s.complex() ? ", i" : "") + channels + " and exp4j's functions)");
            }
    }

    public String text() { return text; }

    /** The channels the text names. */
    public List<String> channels() { return List.copyOf(used); }

    /** Whether the residual is complex: it names i or a complex unknown. */
    public boolean isComplex() { return complex; }

    /** Whether the text names an unknown coefficient: then its coefficients change as that is trained. */
    public boolean hasParameters() { return !parametersNamed.isEmpty(); }

    private double eval(double[] p, String one, double i) {
        Expression e = expr.get();
        List<String> xs = symbols.coordinates();
        for (int k = 0; k < xs.size(); k++) e.setVariable(xs.get(k), p[k]);
        for (String c : used) e.setVariable(c, c.equals(one) ? 1 : 0);
        if (hasI) e.setVariable("i", i);
        for (int k : parametersNamed) e.setVariable(symbols.parameters().names().get(k), symbols.parameters().get(k));
        return e.evaluate();
    }

    /** The text's complex value with channel {@code one} at 1 and the others at 0, into out[0..1]. */
    private void evalComplex(double[] p, String one, double[] out) {
        if (!hasI) {
            out[0] = eval(p, one, 0);
            out[1] = 0;
            return;
        }
        double[] f = new double[I_NODES.length];
        for (int k = 0; k < f.length; k++) f[k] = eval(p, one, I_NODES[k]);
        fold(f, out);
    }

    /** The coefficients c0..c4 of the polynomial in i through values at i = 0, 1, -1, 2, -2 (its odd and even parts). */
    private static double[] polynomial(double[] f) {
        double o1 = (f[1] - f[2]) / 2, o2 = (f[3] - f[4]) / 2, e1 = (f[1] + f[2]) / 2 - f[0], e2 = (f[3] + f[4]) / 2 - f[0];
        double c3 = (o2 - 2 * o1) / 6, c4 = (e2 - 4 * e1) / 12;
        return new double[] {f[0], o1 - c3, e1 - c4, c3, c4};
    }

    /** That polynomial with i^2 = -1: {re, im}. */
    static void fold(double[] f, double[] out) {
        double[] c = polynomial(f);
        out[0] = c[0] - c[2] + c[4];
        out[1] = c[1] - c[3];
    }

    /** The polynomial's value at a real i, to check that a text is one. */
    private static double polynomialAt(double[] f, double i) {
        double[] c = polynomial(f);
        return c[0] + i * (c[1] + i * (c[2] + i * (c[3] + i * c[4])));
    }

    /** The coefficient of channel {@code c} at point p: {re, im}. */
    public double[] complexCoefficient(String c, double... p) {
        double[] k = constantCoefficient.get(c);
        if (k != null) return k.clone();
        double[] a = new double[2], base = new double[2];
        evalComplex(p, c, a);
        evalComplex(p, null, base);
        return new double[] {a[0] - base[0], a[1] - base[1]};
    }

    /** The real part of channel {@code c}'s coefficient at p. */
    public double coefficient(String c, double... p) { return complexCoefficient(c, p)[0]; }

    /** Whether the coefficient of {@code c} is the same everywhere (then a single number). */
    public boolean constantCoefficient(String c) { return constantCoefficient.containsKey(c); }

    /** The real part of g(p): the form is {@code sum a_c channel_c = g}. */
    public double target(double... p) {
        double[] b = new double[2];
        evalComplex(p, null, b);
        return -b[0];
    }

    /**
     * At point p: each named channel's coefficient into {@code re[k]}, {@code im[k]} in {@link #channels()} order, and
     * the target g into {@code re[n]}, {@code im[n]} (n the channel count): one evaluation for the source, one more per
     * channel whose coefficient varies (five of each with i).
     */
    public void terms(double[] p, double[] re, double[] im) {
        double[] base = new double[2], a = new double[2];
        evalComplex(p, null, base);
        for (int k = 0; k < used.size(); k++) {
            double[] c = constantCoefficient.get(used.get(k));
            if (c != null) {
                re[k] = c[0];
                im[k] = c[1];
            } else {
                evalComplex(p, used.get(k), a);
                re[k] = a[0] - base[0];
                im[k] = a[1] - base[1];
            }
        }
        re[used.size()] = -base[0];
        im[used.size()] = -base[1];
    }

    private void check(double[] b) {
        SplittableRandom r = new SplittableRandom(7);
        int d = symbols.coordinates().size();
        double[][] pts = new double[8][d];
        for (double[] p : pts) for (int k = 0; k < d; k++) p[k] = b[2 * k] + r.nextDouble() * (b[2 * k + 1] - b[2 * k]);
        if (hasI) checkPolynomialInI(pts);
        for (String c : used) {
            double[] first = null;
            boolean same = true;
            for (double[] p : pts) {
                double[] a = complexCoefficient(c, p);
                if (!Double.isFinite(a[0]) || !Double.isFinite(a[1])) throw new IllegalArgumentException("'" + text + "': not finite at " + java.util.Arrays.toString(p));
                if (first == null) first = a;
                else same &= Math.abs(a[0] - first[0]) <= 1e-12 * Math.max(1, Math.abs(first[0])) && Math.abs(a[1] - first[1]) <= 1e-12 * Math.max(1, Math.abs(first[1]));
            }
            if (same && parametersNamed.isEmpty()) constantCoefficient.put(c, first);
        }
        for (double[] p : pts)
            for (double iv : hasI ? new double[] {0, 1.5} : new double[] {0}) {
                double lin = eval(p, null, iv), scale = Math.abs(lin);
                double[] v = new double[used.size()];
                for (int k = 0; k < v.length; k++) {
                    v[k] = r.nextDouble() * 4 - 2;
                    double a = eval(p, used.get(k), iv) - eval(p, null, iv);
                    lin += a * v[k];
                    scale += Math.abs(a * v[k]);
                }
                Expression e = expr.get();
                for (int k = 0; k < d; k++) e.setVariable(symbols.coordinates().get(k), p[k]);
                for (int k = 0; k < v.length; k++) e.setVariable(used.get(k), v[k]);
                if (hasI) e.setVariable("i", iv);
                for (int k : parametersNamed) e.setVariable(symbols.parameters().names().get(k), symbols.parameters().get(k));
                double full = e.evaluate();
                if (Math.abs(full - lin) > 1e-9 * Math.max(1, scale))
                    throw new IllegalArgumentException("'" + text + "': not linear in the unknowns and their derivatives (the trainer's residuals are)");
            }
    }

    private void checkPolynomialInI(double[][] pts) {
        for (double[] p : pts)
            for (String one : used.isEmpty() ? java.util.Collections.<String>singletonList(null) : used) {
                double[] f = new double[I_NODES.length];
                double scale = 0;
                for (int k = 0; k < f.length; k++) scale = Math.max(scale, Math.abs(f[k] = eval(p, one, I_NODES[k])));
                for (double iv : new double[] {0.5, 3}) {
                    double v = eval(p, one, iv);
                    if (!(Math.abs(v - polynomialAt(f, iv)) <= 1e-8 * Math.max(1, Math.max(scale, Math.abs(v)))))
                        throw new IllegalArgumentException("'" + text + "': i must enter as a polynomial (write exp(i*a) as cos(a) + i*sin(a))");
                }
            }
    }

    // ------------------------------------------------------------------------------------------ plain expressions

    /** A function of the coordinates (an exact solution, a boundary predicate), complex when it names i; thread-safe. */
    public static final class Scalar {
        private final ThreadLocal<Expression> local;
        private final List<String> coordinates;
        private final boolean hasI;

        private Scalar(ThreadLocal<Expression> local, List<String> coordinates, boolean hasI) {
            this.local = local;
            this.coordinates = coordinates;
            this.hasI = hasI;
        }

        private double eval(double[] p, double i) {
            Expression e = local.get();
            for (int k = 0; k < coordinates.size(); k++) e.setVariable(coordinates.get(k), p[k]);
            if (hasI) e.setVariable("i", i);
            return e.evaluate();
        }

        /** The real part at p. */
        public double at(double... p) { return hasI ? complexAt(p)[0] : eval(p, 0); }

        /** {re, im} at p. */
        public double[] complexAt(double... p) {
            double[] out = new double[2];
            if (!hasI) {
                out[0] = eval(p, 0);
                return out;
            }
            double[] f = new double[I_NODES.length];
            for (int k = 0; k < f.length; k++) f[k] = eval(p, I_NODES[k]);
            fold(f, out);
            return out;
        }
    }

    /**
     * Parses a function of the coordinates and constants ({@code i} too when the problem has a complex unknown; the
     * comparisons and logic of predicates when {@code predicate}); a bad expression or an unknown symbol is an
     * IllegalArgumentException.
     */
    public static Scalar scalar(String text, Symbols s, boolean predicate) {
        Set<String> known = new HashSet<>(s.constants().keySet());
        known.addAll(s.coordinates());
        if (s.complex() && !predicate) known.add("i");
        checkNames(text, known, text, new Symbols(s.coordinates(), Map.of(), s.constants()));
        Map<String, Double> values = new LinkedHashMap<>(s.constants());
        for (String x : s.coordinates()) values.put(x, 0.0);
        boolean hasI = known.contains("i") && Pattern.compile("\\bi\\b").matcher(text).find();
        if (hasI) values.put("i", 0.0);
        ThreadLocal<Expression> local;
        try {
            local = Expressions.compile(text, values, FUNCTIONS, OPERATORS);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("'" + text + "': " + ex.getMessage());
        }
        return new Scalar(local, s.coordinates(), hasI);
    }

    /** The 2-D, real form: a function of x, y and {@code constants}. */
    public static Scalar scalar(String text, Map<String, Double> constants) {
        return scalar(text, new Symbols(List.of("x", "y"), Map.of(), constants), true);
    }
}
