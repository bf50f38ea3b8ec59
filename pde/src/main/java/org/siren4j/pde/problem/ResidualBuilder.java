package org.siren4j.pde.problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.siren4j.core.ChannelRef;
import org.siren4j.core.Residual;

/** Turns a problem's linear forms into the trainer's residuals at given points: per-point coefficients on channels. */
final class ResidualBuilder {
    private final LinearForm.Symbols symbols;
    private final List<FileProblem.Unknown> unknowns;
    private final int dims, space; // the network's inputs; the spatial ones among them (t, when there is time, is last)

    ResidualBuilder(LinearForm.Symbols symbols, List<FileProblem.Unknown> unknowns, int dims, int space) {
        this.symbols = symbols;
        this.unknowns = List.copyOf(unknowns);
        this.dims = dims;
        this.space = space;
    }

    /**
     * The trainer's residuals for one form at the given points: one for a real form; for a complex one (it names i or a
     * complex unknown) its real and imaginary parts, {@code name.re} and {@code name.im}, whose squares add to |r|^2.
     * A complex unknown w = w.re + i w.im times a coefficient a + i b adds a w.re - b w.im to the real part and
     * a w.im + b w.re to the imaginary one; dn(w) is n . grad w with the points' normals.
     */
    List<Residual> of(String name, LinearForm f, double[] pts, double[] normals, double weight) {
        boolean keepZeros = f.hasParameters(); // a coefficient at 0 now may not be after training: the term stays
        int n = pts.length / dims;
        List<String> named = f.channels();
        double[][] re = new double[named.size() + 1][n], im = new double[named.size() + 1][n];
        double[] p = new double[dims], rowRe = new double[named.size() + 1], rowIm = new double[named.size() + 1];
        for (int q = 0; q < n; q++) {
            System.arraycopy(pts, dims * q, p, 0, dims);
            f.terms(p, rowRe, rowIm);
            for (int k = 0; k <= named.size(); k++) { re[k][q] = rowRe[k]; im[k][q] = rowIm[k]; }
        }
        Map<ChannelRef, double[]> reTerms = new LinkedHashMap<>(), imTerms = new LinkedHashMap<>();
        for (int k = 0; k < named.size(); k++) {
            String c = named.get(k);
            FileProblem.Unknown w = unknown(LinearForm.unknownOf(c, symbols));
            String kind = c.equals(w.name()) ? "" : c.startsWith("lap_") ? "lap" : c.startsWith("dn_") ? "dn" : c.substring(w.name().length() + 1);
            if (kind.equals("dn")) { // n . grad w: one term a coordinate, its coefficient times that normal component
                for (int j = 0; j < space; j++) {
                    double[] a = new double[n], bb = new double[n];
                    for (int q = 0; q < n; q++) { a[q] = re[k][q] * normals[space * q + j]; bb[q] = im[k][q] * normals[space * q + j]; }
                    int coordinate = j;
                    add(reTerms, imTerms, w, o -> ChannelRef.gradient(o, coordinate), a, bb, keepZeros);
                }
            } else {
                add(reTerms, imTerms, w, o -> channel(kind, o), re[k], im[k], keepZeros);
            }
        }
        Residual r = Residual.mse(f.isComplex() ? name + ".re" : name).weight(weight);
        for (Map.Entry<ChannelRef, double[]> e : reTerms.entrySet()) r.term(e.getKey(), e.getValue());
        r.target(re[named.size()]);
        if (!f.isComplex()) return List.of(r);
        Residual i = Residual.mse(name + ".im").weight(weight);
        for (Map.Entry<ChannelRef, double[]> e : imTerms.entrySet()) i.term(e.getKey(), e.getValue());
        i.target(im[named.size()]);
        return List.of(r, i);
    }

    /** Adds (a + i b) * channel of w to the real and imaginary parts' terms. */
    private static void add(Map<ChannelRef, double[]> reTerms, Map<ChannelRef, double[]> imTerms, FileProblem.Unknown w, java.util.function.IntFunction<ChannelRef> ref,
                            double[] a, double[] b, boolean keepZeros) {
        if (w.complex()) {
            ChannelRef wr = ref.apply(w.output()), wi = ref.apply(w.output() + 1);
            accumulate(reTerms, wr, a, 1, keepZeros);
            accumulate(reTerms, wi, b, -1, keepZeros);
            accumulate(imTerms, wi, a, 1, keepZeros);
            accumulate(imTerms, wr, b, 1, keepZeros);
        } else {
            ChannelRef o = ref.apply(w.output());
            accumulate(reTerms, o, a, 1, keepZeros);
            accumulate(imTerms, o, b, 1, keepZeros);
        }
    }

    private static void accumulate(Map<ChannelRef, double[]> terms, ChannelRef c, double[] v, double sign, boolean keepZeros) {
        boolean zero = !keepZeros;
        for (double x : v) zero &= x == 0;
        if (zero) return;
        double[] sum = terms.computeIfAbsent(c, k -> new double[v.length]);
        for (int q = 0; q < v.length; q++) sum[q] += sign * v[q];
    }

    /** The channel of output o for a channel kind: "" the value, "x" a first derivative, "xx" a second, "lap". */
    private ChannelRef channel(String kind, int o) {
        if (kind.isEmpty()) return ChannelRef.value(o);
        if (kind.equals("lap")) { // over space only: t, when there is time, is the last input
            double[] w = new double[dims];
            java.util.Arrays.fill(w, 0, space, 1.0);
            return ChannelRef.second(o, w);
        }
        int j = symbols.coordinates().indexOf(kind.substring(0, 1));
        return kind.length() == 1 ? ChannelRef.gradient(o, j) : ChannelRef.secondDerivative(o, j, dims);
    }

    private FileProblem.Unknown unknown(String name) {
        for (FileProblem.Unknown w : unknowns) if (w.name().equals(name)) return w;
        throw new IllegalStateException(name);
    }
}
