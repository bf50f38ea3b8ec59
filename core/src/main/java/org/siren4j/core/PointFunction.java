package org.siren4j.core;

/**
 * A coefficient, target or weight given as a function of the point, so that it follows points that are
 * resampled (a PML's stretching, a source term, a varying wave speed) instead of living in a precomputed
 * array. The point's coordinates are {@code points[offset + j]}, j = 0..inputs-1; called once per point
 * per step, so it must not allocate.
 */
@FunctionalInterface
public interface PointFunction {
    double at(double[] points, int offset);

    static PointFunction constant(double c) { return (p, o) -> c; }

    default PointFunction negate() { return (p, o) -> -at(p, o); }
}
