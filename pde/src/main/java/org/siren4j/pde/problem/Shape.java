package org.siren4j.pde.problem;

import java.util.ArrayList;
import java.util.List;

/**
 * A 2-D domain: a box, a disk, a polygon, or unions and differences of them. It answers whether a point is inside and
 * gives its boundary as pieces (segments and arcs) with outward normals, from which {@link Domain} samples points.
 */
public sealed interface Shape permits Shape.Box, Shape.Disk, Shape.Polygon, Shape.Union, Shape.Difference {
    /** Strictly inside (points on the boundary count as outside; the samplers never depend on the difference). */
    boolean contains(double x, double y);

    /** The bounding box {x0, x1, y0, y1}. */
    double[] bounds();

    /** The boundary pieces of this shape alone, outward normals; set operations filter and flip them. */
    List<Piece> pieces();

    /** A piece of boundary: a segment or an arc, parameterised by t in [0, 1]. */
    interface Piece {
        double length();

        /** The point at t, into {@code out[0..1]}, and its outward unit normal into {@code out[2..3]}. */
        void at(double t, double[] out);

        /** This piece with its normal turned around (the boundary of a hole). */
        default Piece flipped() {
            Piece self = this;
            return new Piece() {
                public double length() { return self.length(); }

                public void at(double t, double[] out) {
                    self.at(t, out);
                    out[2] = -out[2];
                    out[3] = -out[3];
                }
            };
        }
    }

    record Segment(double ax, double ay, double bx, double by, double nx, double ny) implements Piece {
        /** The segment from a to b with the domain on its left (counter-clockwise boundaries): normal to the right. */
        static Segment leftOf(double ax, double ay, double bx, double by) {
            double len = Math.hypot(bx - ax, by - ay);
            return new Segment(ax, ay, bx, by, (by - ay) / len, -(bx - ax) / len);
        }

        public double length() { return Math.hypot(bx - ax, by - ay); }

        public void at(double t, double[] out) {
            out[0] = ax + t * (bx - ax);
            out[1] = ay + t * (by - ay);
            out[2] = nx;
            out[3] = ny;
        }
    }

    record Arc(double cx, double cy, double r, double from, double to) implements Piece {
        public double length() { return r * Math.abs(to - from); }

        public void at(double t, double[] out) {
            double a = from + t * (to - from), c = Math.cos(a), s = Math.sin(a);
            out[0] = cx + r * c;
            out[1] = cy + r * s;
            out[2] = c;
            out[3] = s;
        }
    }

    record Box(double x0, double x1, double y0, double y1) implements Shape {
        public Box {
            if (!(x1 > x0) || !(y1 > y0)) throw new IllegalArgumentException("a box needs x0 < x1 and y0 < y1");
        }

        public boolean contains(double x, double y) { return x > x0 && x < x1 && y > y0 && y < y1; }

        public double[] bounds() { return new double[] {x0, x1, y0, y1}; }

        public List<Piece> pieces() {
            return List.of(Segment.leftOf(x0, y0, x1, y0), Segment.leftOf(x1, y0, x1, y1), Segment.leftOf(x1, y1, x0, y1), Segment.leftOf(x0, y1, x0, y0));
        }
    }

    record Disk(double cx, double cy, double r) implements Shape {
        public Disk {
            if (!(r > 0)) throw new IllegalArgumentException("a disk needs a radius > 0");
        }

        public boolean contains(double x, double y) { return Math.hypot(x - cx, y - cy) < r; }

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

        public boolean contains(double x, double y) { // even-odd rule
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

    /** Points in either shape; its boundary is the parts of each shape's boundary outside the other ({@link Domain} keeps them). */
    record Union(Shape a, Shape b) implements Shape {
        public boolean contains(double x, double y) { return a.contains(x, y) || b.contains(x, y); }

        public double[] bounds() {
            double[] p = a.bounds(), q = b.bounds();
            return new double[] {Math.min(p[0], q[0]), Math.max(p[1], q[1]), Math.min(p[2], q[2]), Math.max(p[3], q[3])};
        }

        public List<Piece> pieces() {
            List<Piece> out = new ArrayList<>(a.pieces());
            out.addAll(b.pieces());
            return out;
        }
    }

    /** Points of {@code a} outside {@code b} (a hole, a notch); b's boundary inside a counts, its normal turned around. */
    record Difference(Shape a, Shape b) implements Shape {
        public boolean contains(double x, double y) { return a.contains(x, y) && !b.contains(x, y); }

        public double[] bounds() { return a.bounds(); }

        public List<Piece> pieces() {
            List<Piece> out = new ArrayList<>(a.pieces());
            for (Piece p : b.pieces()) out.add(p.flipped());
            return out;
        }
    }
}
