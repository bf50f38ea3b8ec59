package org.siren4j.pde.problem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.siren4j.core.Channels;
import org.siren4j.core.PointGroup;
import org.siren4j.core.Residual;
import org.siren4j.core.SirenEngine;
import org.siren4j.core.SirenModel;

/**
 * A problem's unknown scalar coefficients and the residuals of the last objective that name them: fitted to those
 * residuals with the network held, then written into them in place.
 */
final class Coefficients {
    /** A form that names a coefficient, where the last objective uses it, and that objective's residuals made from it. */
    private record Tracked(String name, LinearForm form, double[] points, double[] normals, double weight, List<Residual> live) {}

    /** Points a fit uses from each form's set (the first ones: every set is drawn in random order). */
    static final int FIT_POINTS = 4096;

    private final LinearForm.Parameters parameters;
    private final ResidualBuilder residuals;
    private final int dims, space;
    private final List<Tracked> tracked = new ArrayList<>();

    Coefficients(LinearForm.Parameters parameters, ResidualBuilder residuals, int dims, int space) {
        this.parameters = parameters;
        this.residuals = residuals;
        this.dims = dims;
        this.space = space;
    }

    /** A new objective is being made: the forms of the last one are forgotten. */
    void clear() { tracked.clear(); }

    /** A form's residuals; when it names a coefficient, they are remembered, to be re-made as it changes. */
    List<Residual> track(String name, LinearForm f, double[] pts, double[] normals, double weight) {
        List<Residual> rs = residuals.of(name, f, pts, normals, weight);
        if (f.hasParameters()) tracked.add(new Tracked(name, f, pts, normals, weight, rs));
        return rs;
    }

    Map<String, Double> values() { return parameters.asMap(); }

    boolean any() { return !parameters.names().isEmpty(); }

    /** Sets the coefficients (a resumed run's) and re-makes the last objective's coefficients with them. */
    void set(Map<String, Double> values) {
        for (int k = 0; k < parameters.names().size(); k++) {
            Double v = values.get(parameters.names().get(k));
            if (v != null) parameters.set(k, v);
        }
        refill();
    }

    /** Writes the coefficients and targets of the current values into the last objective's residuals, in place. */
    private void refill() {
        for (Tracked t : tracked) {
            List<Residual> fresh = residuals.of(t.name(), t.form(), t.points(), t.normals(), t.weight());
            for (int r = 0; r < fresh.size(); r++) {
                List<Residual.Term> now = t.live().get(r).terms(), made = fresh.get(r).terms();
                for (int k = 0; k < now.size(); k++) System.arraycopy(made.get(k).perPoint(), 0, now.get(k).perPoint(), 0, made.get(k).perPoint().length);
                System.arraycopy(fresh.get(r).target(), 0, t.live().get(r).target(), 0, t.live().get(r).target().length);
            }
        }
    }

    /**
     * Fits the coefficients to the last objective's residuals that name them, with the network held: on the first
     * {@value #FIT_POINTS} points of each of their point sets, two rounds of a Newton step a coefficient on their loss
     * (central differences; a step is kept only when the loss falls), then the new values are written into the
     * objective. The trainer calls this between steps, so coefficients and network descend together (alternating
     * minimisation).
     */
    void fit(SirenModel model, SirenEngine engine) {
        if (tracked.isEmpty()) return;
        // each form on its first FIT_POINTS points, the network's channels there computed once
        List<double[]> pts = new ArrayList<>(), nrm = new ArrayList<>();
        List<Channels> ys = new ArrayList<>();
        for (Tracked t : tracked) {
            int m = Math.min(FIT_POINTS, t.points().length / dims);
            double[] p = Arrays.copyOf(t.points(), m * dims), q = t.normals() == null ? null : Arrays.copyOf(t.normals(), m * space);
            pts.add(p);
            nrm.add(q);
            PointGroup probe = PointGroup.fixed(t.name(), dims, p).residuals(residuals.of(t.name(), t.form(), p, q, t.weight()));
            ys.add(engine.evaluate(model, probe.request(), p, m));
        }
        java.util.function.DoubleSupplier loss = () -> {
            double l = 0;
            for (int k = 0; k < tracked.size(); k++) {
                Tracked t = tracked.get(k);
                PointGroup g = PointGroup.fixed(t.name(), dims, pts.get(k)).residuals(residuals.of(t.name(), t.form(), pts.get(k), nrm.get(k), t.weight()));
                l += g.evaluate(ys.get(k), null, 0, g.count(), null);
            }
            return l;
        };
        double l0 = loss.getAsDouble(); // the loss at the current values, carried from one coefficient's step to the next
        for (int round = 0; round < 2; round++)
            for (int k = 0; k < parameters.names().size(); k++) {
                double p0 = parameters.get(k), h = 1e-4 * Math.max(1e-3, Math.abs(p0));
                parameters.set(k, p0 + h);
                double lp = loss.getAsDouble();
                parameters.set(k, p0 - h);
                double lm = loss.getAsDouble();
                double grad = (lp - lm) / (2 * h), curv = (lp - 2 * l0 + lm) / (h * h);
                double step = curv > 0 ? -grad / curv : -Math.signum(grad) * 100 * h;
                boolean kept = false;
                for (int tries = 0; tries < 8 && !kept && Double.isFinite(step); tries++, step /= 2) {
                    parameters.set(k, p0 + step);
                    double l = loss.getAsDouble();
                    if (kept = l < l0) l0 = l;
                }
                if (!kept) parameters.set(k, p0);
            }
        refill();
    }
}
