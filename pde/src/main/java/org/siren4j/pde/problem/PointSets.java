package org.siren4j.pde.problem;

import static org.siren4j.pde.problem.ProblemJson.number;
import static org.siren4j.pde.problem.ProblemJson.numbers;
import static org.siren4j.pde.problem.ProblemJson.required;
import static org.siren4j.pde.problem.ProblemJson.requireObject;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.siren4j.core.Rng;
import org.siren4j.pde.problem.FileProblem.ProblemException;

/** A problem's point sets in space and time: the interior pool with its refined zones, and times for spatial points. */
final class PointSets {
    private final Domain domain;
    private final int space, dims;
    private final double[] time; // {t0, t1}, or null

    PointSets(Domain domain, double[] time) {
        this.domain = domain;
        this.space = domain.dims();
        this.dims = space + (time != null ? 1 : 0);
        this.time = time;
    }

    /**
     * {@code points.refine}: zones {centre..., radius, count} that add interior points graded towards a point; each must
     * have room inside the domain. {@code names}: the spatial coordinates, for the message of a bad list.
     */
    List<double[]> zones(JsonNode rf, List<String> names) {
        List<double[]> zones = new ArrayList<>();
        if (rf == null) return zones;
        if (!rf.isArray()) throw new ProblemException("$.points.refine", "a list of {near: [" + String.join(", ", names) + "], radius: r, count: n}");
        for (int i = 0; i < rf.size(); i++) {
            String rp = "$.points.refine[" + i + "]";
            requireObject(rf.get(i), rp);
            double[] c = numbers(required(rf.get(i), "near", rp), rp + ".near", space);
            double r = number(required(rf.get(i), "radius", rp), rp + ".radius");
            if (!(r > 0)) throw new ProblemException(rp + ".radius", "a number > 0");
            JsonNode cn = required(rf.get(i), "count", rp);
            if (!cn.canConvertToInt() || cn.asInt() < 1 || cn.asInt() > 4_000_000) throw new ProblemException(rp + ".count", "a whole number in 1..4000000");
            double[] zone = java.util.Arrays.copyOf(c, space + 2);
            zone[space] = r;
            zone[space + 1] = cn.asInt();
            boolean room = false;
            Rng probe = new Rng(i);
            double[] q = new double[space];
            for (int t = 0; t < 100_000 && !room; t++) room = domain.contains(nearPoint(zone, probe, q));
            if (!room) throw new ProblemException(rp + ".near", "the zone has no room inside the domain");
            zones.add(zone);
        }
        return zones;
    }

    /**
     * The interior pool drawn from {@code seed}: {@code interior} uniform points, then each refine zone's extra
     * points, graded towards its centre (distance uniform in [0, r), so as many points in every shell: density grows
     * towards the centre, where a corner singularity or a narrow source needs them), inside the domain only.
     */
    double[] interiorPool(long seed, int interior, List<double[]> refine) {
        int extra = 0;
        for (double[] z : refine) extra += (int) z[space + 1];
        double[] pts = new double[space * (interior + extra)], q = new double[space];
        Rng rnd = new Rng(seed);
        domain.interior().sample(rnd, pts, interior);
        int k = interior;
        for (double[] z : refine) {
            int made = 0;
            for (long tries = 0; made < z[space + 1]; tries++) {
                if (tries > 1_000_000L + 100L * (long) z[space + 1]) throw new ProblemException("$.points.refine", "a zone around " + java.util.Arrays.toString(java.util.Arrays.copyOf(z, space)) + " has no room inside the domain");
                if (!domain.contains(nearPoint(z, rnd, q))) continue;
                System.arraycopy(q, 0, pts, space * k, space);
                k++;
                made++;
            }
        }
        return withTime(pts, rnd, Double.NaN);
    }

    /** Spatial points with a time appended to each: {@code t} when it is a number, else uniform over the time span. */
    double[] withTime(double[] spatial, Rng rnd, double t) {
        if (time == null) return spatial;
        int n = spatial.length / space;
        double[] out = new double[dims * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(spatial, space * i, out, dims * i, space);
            out[dims * i + space] = Double.isNaN(t) ? rnd.uniform(time[0], time[1]) : t;
        }
        return out;
    }

    /** A point at a uniform distance in [0, r) from a zone's centre in a uniform direction, into q. */
    private double[] nearPoint(double[] zone, Rng rnd, double[] q) {
        double r = zone[space] * rnd.nextDouble(), a = 2 * Math.PI * rnd.nextDouble();
        if (space == 1) {
            q[0] = zone[0] + (a < Math.PI ? r : -r);
        } else if (space == 2) {
            q[0] = zone[0] + r * Math.cos(a);
            q[1] = zone[1] + r * Math.sin(a);
        } else {
            double z = 1 - 2 * rnd.nextDouble(), s = Math.sqrt(1 - z * z);
            q[0] = zone[0] + r * s * Math.cos(a);
            q[1] = zone[1] + r * s * Math.sin(a);
            q[2] = zone[2] + r * z;
        }
        return q;
    }
}
