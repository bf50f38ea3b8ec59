package org.siren4j.pde;

/**
 * A uniform grid in 1-D, 2-D or 3-D that includes both ends of each side: {@code n[k]} points along coordinate k from
 * {@code lo[k]} to {@code hi[k]}, x fastest: a field on it is {@code u[(k * ny + i) * nx + j] = u(x_j, y_i, z_k)}, the
 * layout of the {@code .npy} files (shape {@code [nz,] ny, nx}) and of VTK image data.
 */
public record Lattice(double[] lo, double[] hi, int[] n) {
    public Lattice {
        if (lo.length != hi.length || lo.length != n.length || lo.length < 1 || lo.length > 3) throw new IllegalArgumentException("a lattice has 1, 2 or 3 dimensions");
        for (int k = 0; k < n.length; k++) {
            if (n[k] < 3) throw new IllegalArgumentException("a lattice needs at least 3 points a side, got " + n[k]);
            if (!(hi[k] > lo[k]) || !Double.isFinite(hi[k] - lo[k])) throw new IllegalArgumentException("empty or infinite side [" + lo[k] + ", " + hi[k] + "]");
        }
        lo = lo.clone();
        hi = hi.clone();
        n = n.clone();
    }

    /** The 2-D grid as a lattice. */
    public static Lattice of(Grid g) { return new Lattice(new double[] {g.x0(), g.y0()}, new double[] {g.x1(), g.y1()}, new int[] {g.nx(), g.ny()}); }

    /** A lattice over the box {x0, x1, y0, y1[, z0, z1]} with about {@code count} points along its longest side. */
    public static Lattice over(double[] box, int count) {
        int d = box.length / 2;
        double longest = 0;
        for (int k = 0; k < d; k++) longest = Math.max(longest, box[2 * k + 1] - box[2 * k]);
        double[] lo = new double[d], hi = new double[d];
        int[] n = new int[d];
        for (int k = 0; k < d; k++) {
            lo[k] = box[2 * k];
            hi[k] = box[2 * k + 1];
            n[k] = Math.max(3, (int) Math.round(count * (hi[k] - lo[k]) / longest));
        }
        return new Lattice(lo, hi, n);
    }

    public int dims() { return n.length; }

    public int size() {
        int s = 1;
        for (int c : n) s *= c;
        return s;
    }

    public double spacing(int k) { return (hi[k] - lo[k]) / (n[k] - 1); }

    /** Coordinate k at index i (the last index lands exactly on {@code hi[k]}). */
    public double coordinate(int k, int i) { return i == n[k] - 1 ? hi[k] : lo[k] + i * spacing(k); }

    /** The points in field order, {@code dims()} coordinates each. */
    public double[] points() {
        int d = dims(), size = size();
        double[] p = new double[d * size];
        for (int idx = 0; idx < size; idx++) {
            int r = idx;
            for (int k = 0; k < d; k++) {
                p[d * idx + k] = coordinate(k, r % n[k]);
                r /= n[k];
            }
        }
        return p;
    }

    /** The shape of a field on it as numpy writes it: {@code [nz,] ny, nx}. */
    public int[] shape() {
        int[] s = new int[n.length];
        for (int k = 0; k < n.length; k++) s[k] = n[n.length - 1 - k];
        return s;
    }

    /** The 2-D grid of the first two coordinates' planes (a 2-D lattice itself). */
    public Grid plane() { return new Grid(lo[0], hi[0], lo[1], hi[1], n[0], n[1]); }

    /** A field's values on the plane at index {@code k} of the third coordinate (the field itself in 2-D). */
    public double[] plane(double[] field, int k) {
        if (dims() == 2) return field;
        int per = n[0] * n[1];
        return java.util.Arrays.copyOfRange(field, k * per, (k + 1) * per);
    }

    /** The middle plane ({@code n[2] / 2}) of a 3-D field; the field itself in 2-D. */
    public double[] plane(double[] field) { return dims() == 2 ? field : plane(field, n[2] / 2); }
}
