package org.siren4j.pde.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.siren4j.core.Rng;

/** The samplers against analytic truths: normals of a disk and of an L-shape's edges, and uniform density by chi-square. */
class DomainTest {
    @Test
    void aDisksBoundaryPointsLieOnTheCircleWithRadialNormals() {
        Domain d = new Domain(new Shape.Disk(0.3, -0.2, 0.7));
        Domain.Boundary b = d.boundary(2000, new Rng(1), (x, y) -> true);
        for (int p = 0; p < b.count(); p++) {
            double dx = b.xy()[2 * p] - 0.3, dy = b.xy()[2 * p + 1] + 0.2;
            assertThat(Math.hypot(dx, dy)).isCloseTo(0.7, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(b.normals()[2 * p]).isCloseTo(dx / 0.7, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(b.normals()[2 * p + 1]).isCloseTo(dy / 0.7, org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    /** 16 equal sectors of the circle: a chi-square over 15 degrees of freedom below its 99.9% point, 37.7. */
    @Test
    void boundaryPointsAreUniformAlongTheCircle() {
        Domain d = new Domain(new Shape.Disk(0, 0, 1));
        Domain.Boundary b = d.boundary(16000, new Rng(2), (x, y) -> true);
        int[] bins = new int[16];
        for (int p = 0; p < b.count(); p++) {
            double a = Math.atan2(b.xy()[2 * p + 1], b.xy()[2 * p]) + Math.PI;
            bins[Math.min(15, (int) (a / (2 * Math.PI) * 16))]++;
        }
        assertThat(chiSquare(bins, 1000)).isLessThan(37.7);
    }

    /** The interior of an L-shape in 4x4 cells of its box: the 12 cells inside hold equal counts, the 4 of the notch none. */
    @Test
    void interiorPointsAreUniformInsideAndNeverInTheNotch() {
        Shape l = new Shape.Polygon(new double[] {-1, 0, 0, 1, 1, -1}, new double[] {-1, -1, 0, 0, 1, 1});
        Domain d = new Domain(l);
        double[] xy = new double[2 * 12000];
        d.interior().sample(new Rng(3), xy, 12000);
        int[] cells = new int[16];
        for (int p = 0; p < 12000; p++) {
            double x = xy[2 * p], y = xy[2 * p + 1];
            assertThat(x > 0 && y < 0).as("a point in the notch").isFalse();
            cells[(int) ((x + 1) * 2) + 4 * (int) ((y + 1) * 2)]++;
        }
        int[] inside = new int[12];
        int k = 0;
        for (int c = 0; c < 16; c++) {
            boolean notch = c % 4 >= 2 && c / 4 < 2;
            if (notch) assertThat(cells[c]).isZero();
            else inside[k++] = cells[c];
        }
        assertThat(chiSquare(inside, 1000)).as("11 degrees of freedom, 99.9%% point 31.3").isLessThan(31.3);
    }

    /** The L-shape's boundary: six edges, outward normals on each, and the re-entrant corner's edges facing into the notch. */
    @Test
    void anLShapesNormalsPointOutOfItOnEveryEdge() {
        Shape l = new Shape.Polygon(new double[] {-1, 0, 0, 1, 1, -1}, new double[] {-1, -1, 0, 0, 1, 1});
        Domain.Boundary b = new Domain(l).boundary(3000, new Rng(4), (x, y) -> true);
        for (int p = 0; p < b.count(); p++) {
            double x = b.xy()[2 * p], y = b.xy()[2 * p + 1], nx = b.normals()[2 * p], ny = b.normals()[2 * p + 1];
            assertThat(l.contains(x - 1e-6 * nx, y - 1e-6 * ny)).isTrue();
            assertThat(l.contains(x + 1e-6 * nx, y + 1e-6 * ny)).isFalse();
            if (Math.abs(x) < 1e-12 && y < 0) assertThat(nx == 1 && Math.abs(ny) == 0).as("the notch's left side faces +x").isTrue();
            if (Math.abs(y) < 1e-12 && x > 0) assertThat(Math.abs(nx) == 0 && ny == -1).as("its top faces -y").isTrue();
        }
    }

    /** A plate with a hole: no boundary point of the hole lies outside the plate, and the hole's normals point into it. */
    @Test
    void aHolesBoundaryFacesItsCentre() {
        Shape plate = new Shape.Difference(new Shape.Box(-1, 1, -1, 1), new Shape.Disk(0.9, 0, 0.3)); // the hole cuts the edge
        Domain.Boundary b = new Domain(plate).boundary(4000, new Rng(5), (x, y) -> Math.hypot(x - 0.9, y) < 0.3 + 1e-9);
        for (int p = 0; p < b.count(); p++) {
            double x = b.xy()[2 * p], y = b.xy()[2 * p + 1];
            assertThat(x).as("on the plate").isLessThanOrEqualTo(1);
            assertThat(b.normals()[2 * p] * (x - 0.9) + b.normals()[2 * p + 1] * y).as("into the hole").isCloseTo(-0.3, org.assertj.core.data.Offset.offset(1e-9));
        }
        // the box's right edge inside the hole is not boundary: none of the points there
        Domain.Boundary right = new Domain(plate).boundary(2000, new Rng(6), (x, y) -> x > 1 - 1e-12);
        // the circle meets x = 1 at |y| = sqrt(0.3^2 - 0.1^2)
        for (int p = 0; p < right.count(); p++) assertThat(Math.abs(right.xy()[2 * p + 1])).isGreaterThan(Math.sqrt(0.08) - 1e-9);
    }

    @Test
    void aPredicateOnNoBoundaryAndABadPolygonAreRefused() {
        assertThat(new Domain(new Shape.Disk(0, 0, 1)).boundary(10, new Rng(7), (x, y) -> x > 2)).isNull();
        assertThatThrownBy(() -> new Shape.Polygon(new double[] {0, 3, 0, 2}, new double[] {0, 0, 2, 3})).hasMessageContaining("cross");
        assertThatThrownBy(() -> new Shape.Polygon(new double[] {0, 1, 2}, new double[] {0, 1, 2})).hasMessageContaining("no area");
    }

    /** A ball: boundary points on the sphere with radial normals, uniform in area (10 equal z bands) and in azimuth. */
    @Test
    void aBallsBoundaryIsUniformOnTheSphereWithRadialNormals() {
        Domain d = new Domain(new Shape.Ball(0.1, 0.2, -0.3, 0.5));
        Domain.Boundary b = d.boundary(20000, new Rng(8), p -> true);
        int[] bands = new int[10], sectors = new int[10];
        for (int i = 0; i < b.count(); i++) {
            double[] q = {b.points()[3 * i] - 0.1, b.points()[3 * i + 1] - 0.2, b.points()[3 * i + 2] + 0.3};
            assertThat(Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2])).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-12));
            for (int k = 0; k < 3; k++) assertThat(b.normals()[3 * i + k]).isCloseTo(q[k] / 0.5, org.assertj.core.data.Offset.offset(1e-12));
            bands[Math.min(9, (int) ((q[2] / 0.5 + 1) / 2 * 10))]++;
            sectors[Math.min(9, (int) ((Math.atan2(q[1], q[0]) + Math.PI) / (2 * Math.PI) * 10))]++;
        }
        assertThat(chiSquare(bands, 2000)).as("9 degrees of freedom, 99.9%% point 27.9").isLessThan(27.9);
        assertThat(chiSquare(sectors, 2000)).isLessThan(27.9);
    }

    /** A ball's interior: uniform in volume, so the cube of the distance from the centre is uniform (10 equal shells). */
    @Test
    void aBallsInteriorIsUniformInVolume() {
        Domain d = new Domain(new Shape.Ball(0, 0, 0, 1));
        double[] p = new double[3 * 20000];
        d.interior().sample(new Rng(9), p, 20000);
        int[] shells = new int[10];
        for (int i = 0; i < 20000; i++) {
            double r2 = p[3 * i] * p[3 * i] + p[3 * i + 1] * p[3 * i + 1] + p[3 * i + 2] * p[3 * i + 2];
            assertThat(r2).isLessThan(1);
            shells[Math.min(9, (int) (Math.pow(r2, 1.5) * 10))]++;
        }
        assertThat(chiSquare(shells, 2000)).isLessThan(27.9);
    }

    /** A cube with a ball cut out of one corner: the sphere's part inside the cube counts, its normals point into the ball (out of the domain). */
    @Test
    void aHoleIn3DHasInwardNormalsOnItsSphere() {
        Shape s = new Shape.Difference(new Shape.Box3(0, 1, 0, 1, 0, 1), new Shape.Ball(0, 0, 0, 0.5));
        Domain.Boundary b = new Domain(s).boundary(3000, new Rng(10), p -> Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]) < 0.5 + 1e-9);
        for (int i = 0; i < b.count(); i++) {
            double x = b.points()[3 * i], y = b.points()[3 * i + 1], z = b.points()[3 * i + 2];
            assertThat(x >= 0 && y >= 0 && z >= 0).as("only the octant inside the cube").isTrue();
            assertThat(b.normals()[3 * i] * x + b.normals()[3 * i + 1] * y + b.normals()[3 * i + 2] * z).isCloseTo(-0.5, org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    static double chiSquare(int[] counts, double expected) {
        double x = 0;
        for (int c : counts) x += (c - expected) * (c - expected) / expected;
        return x;
    }
}
