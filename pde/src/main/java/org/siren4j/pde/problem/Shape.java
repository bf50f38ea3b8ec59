package org.siren4j.pde.problem;

import java.util.ArrayList;
import java.util.List;

/**
 * A domain in 1-D (an interval), 2-D (a box, a disk, a polygon) or 3-D (a box, a ball), or unions and differences of shapes of one
 * dimension. It answers whether a point is inside and gives its boundary as pieces (segments and arcs; rectangles and
 * spheres) with outward normals, from which {@link Domain} samples points.
 */
public sealed interface Shape permits Shape.Interval, Shape.Box, Shape.Disk, Shape.Polygon, Shape.Box3, Shape.Ball, Shape.Union, Shape.Difference {
    /** 1, 2 or 3. */
    int dims();

    /** Strictly inside, {@code p} the coordinates (points on the boundary count as outside; the samplers never depend on it). */
    boolean contains(double[] p);

    default boolean contains(double x, double y) { return contains(new double[] {x, y}); }

    /** The bounding box {x0, x1, y0, y1[, z0, z1]}. */
    double[] bounds();

    /** The boundary pieces of this shape alone, outward normals; set operations filter and flip them. */
    List<Piece> pieces();

    /** A piece of boundary, parameterised by (s, t) in [0, 1)^2 uniformly in its measure (a curve ignores t). */
    interface Piece {
        /** Length (2-D) or area (3-D). */
        double measure();

        /** The point at (s, t) into {@code out[0..d-1]} and its outward unit normal into {@code out[d..2d-1]}. */
        void at(double s, double t, double[] out);

        /** This piece with its normal turned around (the boundary of a hole). */
        default Piece flipped() {
            Piece self = this;
            return new Piece() {
                public double measure() { return self.measure(); }

                public void at(double s, double t, double[] out) {
                    self.at(s, t, out);
                    for (int k = out.length / 2; k < out.length; k++) out[k] = -out[k];
                }
            };
        }
    }

    /** Shapes {@code a} and {@code b} combined must have one dimension. */
    private static void sameDims(Shape a, Shape b) {
        if (a.dims() != b.dims()) throw new IllegalArgumentException("a " + a.dims() + "-D shape and a " + b.dims() + "-D shape cannot be combined");
    }

    record Segment(double ax, double ay, double bx, double by, double nx, double ny) implements Piece {
        /** The segment from a to b with the domain on its left (counter-clockwise boundaries): normal to the right. */
        static Segment leftOf(double ax, double ay, double bx, double by) {
            double len = Math.hypot(bx - ax, by - ay);
            return new Segment(ax, ay, bx, by, (by - ay) / len, -(bx - ax) / len);
        }

        public double measure() { return Math.hypot(bx - ax, by - ay); }

        public void at(double t, double unused, double[] out) {
            out[0] = ax + t * (bx - ax);
            out[1] = ay + t * (by - ay);
            out[2] = nx;
            out[3] = ny;
        }
    }

    record Arc(double cx, double cy, double r, double from, double to) implements Piece {
        public double measure() { return r * Math.abs(to - from); }

        public void at(double t, double unused, double[] out) {
            double a = from + t * (to - from), c = Math.cos(a), s = Math.sin(a);
            out[0] = cx + r * c;
            out[1] = cy + r * s;
            out[2] = c;
            out[3] = s;
        }
    }

    /** An end of an interval, with its outward normal -1 or +1: each end is drawn as often (a "measure" of 1). */
    record End(double x, double normal) implements Piece {
        public double measure() { return 1; }

        public void at(double s, double t, double[] out) {
            out[0] = x;
            out[1] = normal;
        }
    }

    record Interval(double x0, double x1) implements Shape {
        public Interval {
            if (!(x1 > x0)) throw new IllegalArgumentException("an interval needs x0 < x1");
        }

        public int dims() { return 1; }

        public boolean contains(double[] p) { return p[0] > x0 && p[0] < x1; }

        public double[] bounds() { return new double[] {x0, x1}; }

        public List<Piece> pieces() { return List.of(new End(x0, -1), new End(x1, 1)); }
    }

    record Box(double x0, double x1, double y0, double y1) implements Shape {
        public Box {
            if (!(x1 > x0) || !(y1 > y0)) throw new IllegalArgumentException("a box needs x0 < x1 and y0 < y1");
        }

        public int dims() { return 2; }

        public boolean contains(double[] p) { return p[0] > x0 && p[0] < x1 && p[1] > y0 && p[1] < y1; }

        public double[] bounds() { return new double[] {x0, x1, y0, y1}; }

        public List<Piece> pieces() {
            return List.of(Segment.leftOf(x0, y0, x1, y0), Segment.leftOf(x1, y0, x1, y1), Segment.leftOf(x1, y1, x0, y1), Segment.leftOf(x0, y1, x0, y0));
        }
    }

    record Disk(double cx, double cy, double r) implements Shape {
        public Disk {
            if (!(r > 0)) throw new IllegalArgumentException("a disk needs a radius > 0");
        }

        public int dims() { return 2; }

        public boolean contains(double[] p) { return Math.hypot(p[0] - cx, p[1] - cy) < r; }

        public double[] bounds() { return new double[] {cx - r, cx + r, cy - r, cy + r}; }

        public List<Piece> pieces() { return List.of(new Arc(cx, cy, r, 0, 2 * Math.PI)); }
    }

    /** A simple polygon (vertices in either order; it closes itself from the last vertex back to the first). */
    record Polygon(double[] xs, double[] ys) implements Shape {
        public Polygon {
            if (xs.length != ys.length || xs.length < 3) throw new IllegalArgumentException("a polygon needs at least 3 vertices");
            if (Math.abs(signedArea(xs, ys)) < 1e-12) throw new IllegalArgumentException("the polygon encloses no area");
            int n = xs.length;
            for (int i = 0; i < n; i++)
                for (int j = i + 2; j < n; j++) {
                    if (i == 0 && j == n - 1) continue; // neighbours through the closing edge
                    if (crosses(xs[i], ys[i], xs[(i + 1) % n], ys[(i + 1) % n], xs[j], ys[j], xs[(j + 1) % n], ys[(j + 1) % n]))
                        throw new IllegalArgumentException("the polygon's edges " + i + " and " + j + " cross: it does not close into one region");
                }
        }

        static double signedArea(double[] xs, double[] ys) {
            double a = 0;
            for (int i = 0; i < xs.length; i++) {
                int k = (i + 1) % xs.length;
                a += xs[i] * ys[k] - xs[k] * ys[i];
            }
            return a / 2;
        }

        private static boolean crosses(double ax, double ay, double bx, double by, double cx, double cy, double dx, double dy) {
            double d1 = cross(cx, cy, dx, dy, ax, ay), d2 = cross(cx, cy, dx, dy, bx, by);
            double d3 = cross(ax, ay, bx, by, cx, cy), d4 = cross(ax, ay, bx, by, dx, dy);
            return d1 * d2 < 0 && d3 * d4 < 0;
        }

        private static double cross(double ax, double ay, double bx, double by, double px, double py) {
            return (bx - ax) * (py - ay) - (by - ay) * (px - ax);
        }

        public int dims() { return 2; }

        public boolean contains(double[] p) { // even-odd rule
            double x = p[0], y = p[1];
            boolean in = false;
            for (int i = 0, j = xs.length - 1; i < xs.length; j = i++)
                if ((ys[i] > y) != (ys[j] > y) && x < (xs[j] - xs[i]) * (y - ys[i]) / (ys[j] - ys[i]) + xs[i]) in = !in;
            return in;
        }

        public double[] bounds() {
            double[] b = {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE};
            for (int i = 0; i < xs.length; i++) {
                b[0] = Math.min(b[0], xs[i]); b[1] = Math.max(b[1], xs[i]);
                b[2] = Math.min(b[2], ys[i]); b[3] = Math.max(b[3], ys[i]);
            }
            return b;
        }

        public List<Piece> pieces() {
            boolean ccw = signedArea(xs, ys) > 0;
            List<Piece> out = new ArrayList<>();
            for (int i = 0; i < xs.length; i++) {
                int k = (i + 1) % xs.length;
                out.add(ccw ? Segment.leftOf(xs[i], ys[i], xs[k], ys[k]) : Segment.leftOf(xs[k], ys[k], xs[i], ys[i]));
            }
            return out;
        }
    }

    /** A flat rectangle {@code o + s a + t b} (a and b at right angles) with outward normal n: a face of a 3-D box. */
    record Rectangle(double[] o, double[] a, double[] b, double[] n) implements Piece {
        public double measure() { return norm(a) * norm(b); }

        public void at(double s, double t, double[] out) {
            for (int k = 0; k < 3; k++) {
                out[k] = o[k] + s * a[k] + t * b[k];
                out[3 + k] = n[k];
            }
        }

        private static double norm(double[] v) { return Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]); }
    }

    /** A sphere: uniform in area, since z = 1 - 2s is uniform on a sphere (Archimedes) and the azimuth is 2 pi t. */
    record Sphere(double cx, double cy, double cz, double r) implements Piece {
        public double measure() { return 4 * Math.PI * r * r; }

        public void at(double s, double t, double[] out) {
            double z = 1 - 2 * s, q = Math.sqrt(Math.max(0, 1 - z * z)), a = 2 * Math.PI * t;
            out[3] = q * Math.cos(a);
            out[4] = q * Math.sin(a);
            out[5] = z;
            out[0] = cx + r * out[3];
            out[1] = cy + r * out[4];
            out[2] = cz + r * out[5];
        }
    }

    record Box3(double x0, double x1, double y0, double y1, double z0, double z1) implements Shape {
        public Box3 {
            if (!(x1 > x0) || !(y1 > y0) || !(z1 > z0)) throw new IllegalArgumentException("a box needs x0 < x1, y0 < y1 and z0 < z1");
        }

        public int dims() { return 3; }

        public boolean contains(double[] p) { return p[0] > x0 && p[0] < x1 && p[1] > y0 && p[1] < y1 && p[2] > z0 && p[2] < z1; }

        public double[] bounds() { return new double[] {x0, x1, y0, y1, z0, z1}; }

        public List<Piece> pieces() {
            double dx = x1 - x0, dy = y1 - y0, dz = z1 - z0;
            return List.of(
                    new Rectangle(new double[] {x0, y0, z0}, new double[] {0, dy, 0}, new double[] {0, 0, dz}, new double[] {-1, 0, 0}),
                    new Rectangle(new double[] {x1, y0, z0}, new double[] {0, dy, 0}, new double[] {0, 0, dz}, new double[] {1, 0, 0}),
                    new Rectangle(new double[] {x0, y0, z0}, new double[] {dx, 0, 0}, new double[] {0, 0, dz}, new double[] {0, -1, 0}),
                    new Rectangle(new double[] {x0, y1, z0}, new double[] {dx, 0, 0}, new double[] {0, 0, dz}, new double[] {0, 1, 0}),
                    new Rectangle(new double[] {x0, y0, z0}, new double[] {dx, 0, 0}, new double[] {0, dy, 0}, new double[] {0, 0, -1}),
                    new Rectangle(new double[] {x0, y0, z1}, new double[] {dx, 0, 0}, new double[] {0, dy, 0}, new double[] {0, 0, 1}));
        }
    }

    record Ball(double cx, double cy, double cz, double r) implements Shape {
        public Ball {
            if (!(r > 0)) throw new IllegalArgumentException("a ball needs a radius > 0");
        }

        public int dims() { return 3; }

        public boolean contains(double[] p) {
            double dx = p[0] - cx, dy = p[1] - cy, dz = p[2] - cz;
            return dx * dx + dy * dy + dz * dz < r * r;
        }

        public double[] bounds() { return new double[] {cx - r, cx + r, cy - r, cy + r, cz - r, cz + r}; }

        public List<Piece> pieces() { return List.of(new Sphere(cx, cy, cz, r)); }
    }

    /** Points in either shape; its boundary is the parts of each shape's boundary outside the other ({@link Domain} keeps them). */
    record Union(Shape a, Shape b) implements Shape {
        public Union {
            sameDims(a, b);
        }

        public int dims() { return a.dims(); }

        public boolean contains(double[] p) { return a.contains(p) || b.contains(p); }

        public double[] bounds() {
            double[] p = a.bounds(), q = b.bounds(), out = new double[p.length];
            for (int k = 0; k < p.length; k += 2) { out[k] = Math.min(p[k], q[k]); out[k + 1] = Math.max(p[k + 1], q[k + 1]); }
            return out;
        }

        public List<Piece> pieces() {
            List<Piece> out = new ArrayList<>(a.pieces());
            out.addAll(b.pieces());
            return out;
        }
    }

    /** Points of {@code a} outside {@code b} (a hole, a notch); b's boundary inside a counts, its normal turned around. */
    record Difference(Shape a, Shape b) implements Shape {
        public Difference {
            sameDims(a, b);
        }

        public int dims() { return a.dims(); }

        public boolean contains(double[] p) { return a.contains(p) && !b.contains(p); }

        public double[] bounds() { return a.bounds(); }

        public List<Piece> pieces() {
            List<Piece> out = new ArrayList<>(a.pieces());
            for (Piece p : b.pieces()) out.add(p.flipped());
            return out;
        }
    }
}
