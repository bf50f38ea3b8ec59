package org.siren4j.pde.problem;

import java.util.LinkedHashMap;
import java.util.Map;
import org.siren4j.core.SirenEngine;
import org.siren4j.core.SirenModel;
import org.siren4j.pde.Lattice;

/** A problem's exact solutions on a lattice, made once, to score a network's fields against (a training metric). */
public final class Comparison {
    private final FileProblem problem;
    private final Lattice g;
    private final boolean[] compared;
    private final Map<String, double[][]> truth = new LinkedHashMap<>();

    Comparison(FileProblem problem, Lattice g) {
        this.problem = problem;
        this.g = g;
        compared = problem.compared(g);
        for (FileProblem.Unknown w : problem.unknowns()) if (problem.hasExact(w.name())) truth.put(w.name(), problem.exactField(w, g));
    }

    /**
     * Relative L2 distance of the unknowns with an exact solution from it, all of them together (complex ones by
     * modulus) over the compared points: {@code sqrt(sum |u - u*|^2 / sum |u*|^2)}.
     */
    public double relL2(SirenModel model, SirenEngine engine) {
        double e = 0, s = 0;
        for (FileProblem.Unknown w : problem.unknowns()) {
            double[][] t = truth.get(w.name());
            if (t == null) continue;
            double[][] u = problem.field(w, model, engine, g);
            for (int part = 0; part < u.length; part++)
                for (int p = 0; p < compared.length; p++) {
                    if (!compared[p]) continue;
                    e += (u[part][p] - t[part][p]) * (u[part][p] - t[part][p]);
                    s += t[part][p] * t[part][p];
                }
        }
        return Math.sqrt(e / s);
    }
}
