package org.siren4j.pde;

/**
 * A uniform grid on {@code [x0, x1] x [y0, y1]} that includes both ends of each side: {@code nx} columns
 * (x ascending) and {@code ny} rows (y ascending); a field on it is {@code u[i * nx + j] = u(x_j, y_i)},
 * the layout of the {@code .npy} files.
 */
public record Grid(double x0, double x1, double y0, double y1, int nx, int ny) {
    public Grid {
        if (nx < 3 || ny < 3) throw new IllegalArgumentException("a grid needs at least 3 points a side, got " + nx + "x" + ny);
        if (!(x1 > x0) || !(y1 > y0) || !Double.isFinite(x1 - x0) || !Double.isFinite(y1 - y0))
            throw new IllegalArgumentException("empty or infinite domain [" + x0 + ", " + x1 + "] x [" + y0 + ", " + y1 + "]");
    }

    /** {@code n x n} points on {@code [-1, 1]^2}. */
    public static Grid square(int n) { return new Grid(-1, 1, -1, 1, n, n); }

    public double hx() { return (x1 - x0) / (nx - 1); }

    public double hy() { return (y1 - y0) / (ny - 1); }

    public double x(int j) { return j == nx - 1 ? x1 : x0 + j * hx(); }

    public double y(int i) { return i == ny - 1 ? y1 : y0 + i * hy(); }

    public int size() { return nx * ny; }

    /** The grid's points as {@code [x, y]} pairs in field order, for evaluating a network on it. */
    public double[] points() {
        double[] p = new double[2 * size()];
        for (int i = 0; i < ny; i++)
            for (int j = 0; j < nx; j++) {
                p[2 * (i * nx + j)] = x(j);
                p[2 * (i * nx + j) + 1] = y(i);
            }
        return p;
    }

    /** A function sampled on the grid. */
    public double[] sample(java.util.function.DoubleBinaryOperator f) {
        double[] u = new double[size()];
        for (int i = 0; i < ny; i++) for (int j = 0; j < nx; j++) u[i * nx + j] = f.applyAsDouble(x(j), y(i));
        return u;
    }

    /** Relative L2 distance ||a - b|| / ||b|| over the points where {@code mask} is true (null: all). */
    public static double relL2(double[] a, double[] b, boolean[] mask) {
        double e = 0, s = 0;
        for (int k = 0; k < a.length; k++) {
            if (mask != null && !mask[k]) continue;
            e += (a[k] - b[k]) * (a[k] - b[k]);
            s += b[k] * b[k];
        }
        return Math.sqrt(e / s);
    }
}
