package org.siren4j.pde.problem;

import java.util.List;
import java.util.function.BiPredicate;
import org.siren4j.core.Rng;
import org.siren4j.core.Sampler;
import org.siren4j.pde.Grid;

/**
 * Samples a {@link Shape}: uniform points inside it, and uniform points on its boundary with their outward normals. A
 * point of a sub-shape's boundary belongs to the whole boundary when the whole shape lies behind it and not in front
 * (tested a hair along the normal), which keeps exactly the right parts for any nesting of unions and differences.
 */
public final class Domain {
    private final Shape shape;
    private final List<Shape.Piece> pieces;
    private final double[] cumulative; // cumulative piece lengths, for picking a piece by length
    private final double eps;

    public Domain(Shape shape) {
        this.shape = shape;
        this.pieces = shape.pieces();
        cumulative = new double[pieces.size()];
        double total = 0;
        for (int i = 0; i < pieces.size(); i++) cumulative[i] = total += pieces.get(i).length();
        double[] b = shape.bounds();
        eps = 1e-9 * Math.max(b[1] - b[0], b[3] - b[2]);
    }

    public Shape shape() { return shape; }

    /** The bounding box {x0, x1, y0, y1}. */
    public double[] bounds() { return shape.bounds(); }

    public boolean contains(double x, double y) { return shape.contains(x, y); }

    /** Uniform points inside (rejection from the bounding box). */
    public Sampler interior() {
        double[] b = shape.bounds();
        return (rnd, out, n) -> {
            for (int p = 0; p < n; p++) {
                double x, y;
                int tries = 0;
                do {
                    if (++tries > 1_000_000) throw new IllegalStateException("the domain has no interior to sample");
                    x = rnd.uniform(b[0], b[1]);
                    y = rnd.uniform(b[2], b[3]);
                } while (!shape.contains(x, y));
                out[2 * p] = x;
                out[2 * p + 1] = y;
            }
        };
    }

    /** Boundary points {@code xy[2n]} and their outward normals {@code normals[2n]}. */
    public record Boundary(double[] xy, double[] normals) {
        public int count() { return xy.length / 2; }
    }

    /**
     * {@code n} points uniform along the part of the boundary where {@code where(x, y)} holds; null when that part is
     * empty (or too small to find among a million candidates).
     */
    public Boundary boundary(int n, Rng rnd, BiPredicate<Double, Double> where) {
        double[] xy = new double[2 * n], nrm = new double[2 * n], pt = new double[4];
        double total = cumulative[cumulative.length - 1];
        int found = 0;
        for (long tries = 0; found < n; tries++) {
            if (tries > 1_000_000L + 1000L * n) return null;
            double u = rnd.nextDouble() * total;
            int k = 0;
            while (k < cumulative.length - 1 && cumulative[k] < u) k++;
            pieces.get(k).at(rnd.nextDouble(), pt);
            if (!onBoundary(pt) || !where.test(pt[0], pt[1])) continue;
            xy[2 * found] = pt[0];
            xy[2 * found + 1] = pt[1];
            nrm[2 * found] = pt[2];
            nrm[2 * found + 1] = pt[3];
            found++;
        }
        return new Boundary(xy, nrm);
    }

    /** Whether a sub-shape's boundary point {x, y, nx, ny} is on the whole shape's boundary, facing out. */
    private boolean onBoundary(double[] p) {
        return shape.contains(p[0] - eps * p[2], p[1] - eps * p[3]) && !shape.contains(p[0] + eps * p[2], p[1] + eps * p[3]);
    }

    /** Which grid points lie inside: outputs and errors are taken there. */
    public boolean[] mask(Grid g) {
        boolean[] m = new boolean[g.size()];
        for (int i = 0; i < g.ny(); i++) for (int j = 0; j < g.nx(); j++) m[i * g.nx() + j] = shape.contains(g.x(j), g.y(i));
        return m;
    }
}
