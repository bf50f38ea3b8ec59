package org.siren4j.core;

import java.util.ArrayList;
import java.util.List;

/**
 * A residual on a complex field held in two outputs (real, imaginary), with complex coefficients and
 * target, written once: {@code r = sum_t (a_t + i b_t)(u_t + i v_t) - (f + i g)}. {@link #expand} gives the
 * two real residuals {@code Re r = sum (a u - b v) - f} and {@code Im r = sum (a v + b u) - g}, whose squares
 * add up to |r|^2. Helmholtz under a PML is one such residual:
 * <pre>
 *   ComplexResidual.mse("helmholtz")
 *       .term(ChannelRef.secondDerivative(0, 0, 2), ChannelRef.secondDerivative(1, 0, 2), sxRe, sxIm)
 *       .term(...).target(PointFunction.constant(0), source).expand()
 * </pre>
 */
public final class ComplexResidual {
    private record Term(ChannelRef re, ChannelRef im, PointFunction a, PointFunction b) {}

    private final String name;
    private final Objective.Norm norm;
    private final List<Term> terms = new ArrayList<>();
    private PointFunction targetRe, targetIm;
    private double weight = 1;

    private ComplexResidual(String name, Objective.Norm norm) {
        this.name = name;
        this.norm = norm;
    }

    public static ComplexResidual mse(String name) { return new ComplexResidual(name, Objective.Norm.MSE); }

    /** {@code (a + i b) * (re + i im)}, with a constant complex coefficient. */
    public ComplexResidual term(ChannelRef re, ChannelRef im, double a, double b) {
        return term(re, im, a == 0 ? null : PointFunction.constant(a), b == 0 ? null : PointFunction.constant(b));
    }

    /** {@code (a(x) + i b(x)) * (re + i im)}; a null part is zero. */
    public ComplexResidual term(ChannelRef re, ChannelRef im, PointFunction a, PointFunction b) {
        if (re.output() == im.output()) throw new IllegalArgumentException("the real and imaginary parts must be different outputs");
        terms.add(new Term(re, im, a, b));
        return this;
    }

    /** The complex target {@code f + i g}; a null part is zero. */
    public ComplexResidual target(PointFunction f, PointFunction g) {
        targetRe = f;
        targetIm = g;
        return this;
    }

    public ComplexResidual weight(double w) {
        this.weight = w;
        return this;
    }

    /** The real residuals {@code name.re} and {@code name.im}. */
    public List<Residual> expand() {
        if (terms.isEmpty()) throw new IllegalArgumentException("complex residual '" + name + "' has no terms");
        Residual re = norm == Objective.Norm.MSE ? Residual.mse(name + ".re") : Residual.l1(name + ".re");
        Residual im = norm == Objective.Norm.MSE ? Residual.mse(name + ".im") : Residual.l1(name + ".im");
        for (Term t : terms) {
            if (t.a != null) { re.term(t.re, t.a); im.term(t.im, t.a); }
            if (t.b != null) { re.term(t.im, t.b.negate()); im.term(t.re, t.b); }
        }
        if (targetRe != null) re.target(targetRe);
        if (targetIm != null) im.target(targetIm);
        return List.of(re.weight(weight), im.weight(weight));
    }
}
