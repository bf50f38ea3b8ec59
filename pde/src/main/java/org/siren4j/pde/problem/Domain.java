package org.siren4j.pde.problem;

import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.siren4j.core.Rng;
import org.siren4j.core.Sampler;
import org.siren4j.pde.Lattice;

/**
 * Samples a {@link Shape} in 1-D, 2-D or 3-D: uniform points inside it, and uniform points on its boundary with their
 * outward normals. A point of a sub-shape's boundary belongs to the whole boundary when the whole shape lies behind it
 * and not in front (tested a hair along the normal), which keeps exactly the right parts for any nesting of unions and
 * differences.
 */
public final class Domain {
    private final Shape shape;
    private final int d;
    private final List<Shape.Piece> pieces;
    private final double[] cumulative; // cumulative piece measures, for picking a piece by length or area
    private final double eps;

    public Domain(Shape shape) {
        this.shape = shape;
        this.d = shape.dims();
        this.pieces = shape.pieces();
        cumulative = new double[pieces.size()];
        double total = 0;
        for (int i = 0; i < pieces.size(); i++) cumulative[i] = total += pieces.get(i).measure();
        double[] b = shape.bounds();
        double size = 0;
        for (int k = 0; k < d; k++) size = Math.max(size, b[2 * k + 1] - b[2 * k]);
        eps = 1e-9 * size;
    }

    public Shape shape() { return shape; }

    /** 1, 2 or 3. */
    public int dims() { return d; }

    /** The bounding box {x0, x1, y0, y1[, z0, z1]}. */
    public double[] bounds() { return shape.bounds(); }

    public boolean contains(double x, double y) { return shape.contains(x, y); }

    public boolean contains(double[] p) { return shape.contains(p); }

    /** Uniform points inside (rejection from the bounding box), {@code d} coordinates each. */
    public Sampler interior() {
        double[] b = shape.bounds();
        return (rnd, out, n) -> {
            double[] p = new double[d];
            for (int i = 0; i < n; i++) {
                int tries = 0;
                do {
                    if (++tries > 1_000_000) throw new IllegalStateException("the domain has no interior to sample");
                    for (int k = 0; k < d; k++) p[k] = rnd.uniform(b[2 * k], b[2 * k + 1]);
                } while (!shape.contains(p));
                System.arraycopy(p, 0, out, d * i, d);
            }
        };
    }

    /** Boundary points {@code points[d n]} and their outward normals {@code normals[d n]}. */
    public record Boundary(int dims, double[] points, double[] normals) {
        public int count() { return points.length / dims; }

        /** The points, under the name the 2-D callers know. */
        public double[] xy() { return points; }
    }

    /** The 2-D form of {@link #boundary(int, Rng, Predicate)}: {@code where(x, y)}. */
    public Boundary boundary(int n, Rng rnd, BiPredicate<Double, Double> where) { return boundary(n, rnd, p -> where.test(p[0], p[1])); }

    /**
     * {@code n} points uniform over the part of the boundary where {@code where(point)} holds; null when that part is
     * empty (or too small to find among a million candidates).
     */
    public Boundary boundary(int n, Rng rnd, Predicate<double[]> where) {
        double[] xs = new double[d * n], nrm = new double[d * n], pt = new double[2 * d], at = new double[d];
        double total = cumulative[cumulative.length - 1];
        int found = 0;
        for (long tries = 0; found < n; tries++) {
            if (tries > 1_000_000L + 1000L * n) return null;
            double u = rnd.nextDouble() * total;
            int k = 0;
            while (k < cumulative.length - 1 && cumulative[k] < u) k++;
            double s = rnd.nextDouble(), t = d == 3 ? rnd.nextDouble() : 0; // a curve takes one number, a surface two
            pieces.get(k).at(s, t, pt);
            System.arraycopy(pt, 0, at, 0, d);
            if (!onBoundary(pt) || !where.test(at)) continue;
            System.arraycopy(pt, 0, xs, d * found, d);
            System.arraycopy(pt, d, nrm, d * found, d);
            found++;
        }
        return new Boundary(d, xs, nrm);
    }

    /** Whether a sub-shape's boundary point {point, normal} is on the whole shape's boundary, facing out. */
    private boolean onBoundary(double[] p) {
        double[] in = new double[d], out = new double[d];
        for (int k = 0; k < d; k++) {
            in[k] = p[k] - eps * p[d + k];
            out[k] = p[k] + eps * p[d + k];
        }
        return shape.contains(in) && !shape.contains(out);
    }

    /** Which points of a 2-D grid lie inside. */
    public boolean[] mask(org.siren4j.pde.Grid g) { return mask(Lattice.of(g)); }

    /** Which lattice points lie inside (by their first d coordinates: a space-time lattice has t after them). */
    public boolean[] mask(Lattice g) {
        boolean[] m = new boolean[g.size()];
        double[] pts = g.points(), p = new double[d];
        int stride = g.dims();
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(pts, stride * i, p, 0, d);
            m[i] = shape.contains(p);
        }
        return m;
    }
}
