package org.siren4j.pde;

/**
 * A plucked string, dimensionless so that one training serves every pitch: the string is {@code [-1, 1]}
 * (ends held), time is counted in periods of the fundamental ({@code tau = f t}), so the wave speed is 4
 * (a round trip of length 4 takes one period). The pluck is a triangle with its apex at {@code pluck}, rounded
 * by a Gaussian of width {@code roundness} (a finger or plectrum has a width; a sharp kink would need every
 * harmonic), written as its sine series, which is also the exact (modal) solution:
 * <pre>
 *   u(x, tau) = sum_n b_n sin(n pi (x + 1) / 2) cos(2 pi n tau) e^{-D tau / (2 f)}
 * </pre>
 * Every mode of the ideal string is a harmonic, so the motion repeats each period, and half a period later the
 * string is the mirror image, upside down: {@code u(x, tau + 1/2) = -u(-x, tau)} (d'Alembert with the odd,
 * 4-periodic extension). So the network is trained from the PDE over half a period (via {@link WaveProblem},
 * the pluck and rest built in: a shorter horizon is what PDE training handles well) and read at the phase
 * {@code tau mod 1} through that symmetry; damping {@code D u_t} (uniform for all modes) enters as the envelope
 * {@code e^{-D t / 2}} (its frequency shift, {@code D^2 / (8 omega^2)}, is below 1e-6 for audible pitches).
 */
public final class PluckedString {
    public static final double SPEED = 4;
    private static final int MODES = 400, TABLE = 8192;

    private final double pluck, roundness, amplitude;
    private final double[] b = new double[MODES + 1];
    private final double[] u0Table = new double[TABLE + 1], u0xxTable = new double[TABLE + 1];

    public PluckedString(double pluck, double roundness, double amplitude) {
        if (!(pluck > -1 && pluck < 1)) throw new IllegalArgumentException("the pluck must lie inside the string, got " + pluck);
        if (!(roundness > 0) || roundness > 0.5) throw new IllegalArgumentException("roundness must lie in (0, 0.5], got " + roundness);
        this.pluck = pluck;
        this.roundness = roundness;
        this.amplitude = amplitude;
        double len = 2, a = pluck + 1;
        for (int n = 1; n <= MODES; n++) {
            double kn = n * Math.PI / len;
            // a triangle of height A with its apex at a, on [0, L]: b_n = 2 A L^2 sin(n pi a / L) / (n^2 pi^2 a (L - a))
            b[n] = 2 * amplitude * len * len * Math.sin(kn * a) / (n * n * Math.PI * Math.PI * a * (len - a)) * Math.exp(-0.5 * kn * kn * roundness * roundness);
        }
        for (int i = 0; i <= TABLE; i++) {
            double x = -1 + 2.0 * i / TABLE, u = 0, uxx = 0;
            for (int n = 1; n <= MODES; n++) {
                double kn = n * Math.PI / 2, s = Math.sin(kn * (x + 1));
                u += b[n] * s;
                uxx -= b[n] * kn * kn * s;
            }
            u0Table[i] = u;
            u0xxTable[i] = uxx;
        }
    }

    /** The network the string trains by default: 2->128x3->1, first-layer w0 10 (30, with time scaled by 4, did worse). */
    /**
     * Adam steps that train the string (cosine from 1e-3, 2048 points a step): {@code siren solve string}'s default and
     * the {@code siren.string} plugin's for a new pluck; about 240 s on the 2-core development machine.
     */
    public static final int TRAIN_STEPS = 9000;

    public static org.siren4j.core.SirenSpec network() { return new org.siren4j.core.SirenSpec(2, 128, 3, 1, 10, 30); }

    /** Training metric: rel L2 against the exact motion over one period on 64 phases x 257 points. */
    public org.siren4j.core.train.Trainer.Metric periodError(WaveProblem problem, org.siren4j.core.SirenEngine engine) {
        int nx = 257, phases = 64;
        double[] x = new double[phases * nx], t = new double[x.length], truth = new double[x.length];
        for (int k = 0; k < phases; k++)
            for (int j = 0; j < nx; j++) {
                x[k * nx + j] = -1 + 2.0 * j / (nx - 1);
                t[k * nx + j] = (double) k / phases;
                truth[k * nx + j] = exact(x[k * nx + j], t[k * nx + j]);
            }
        return new org.siren4j.core.train.Trainer.Metric() {
            @Override public String name() { return "rel_l2"; }

            @Override public double measure(org.siren4j.core.SirenModel m) { return -Grid.relL2(displacement(problem, m, engine, x, t), truth, null); }
        };
    }

    public double pluck() { return pluck; }

    public double roundness() { return roundness; }

    /** The training problem: half a period of the dimensionless string, from rest. */
    public WaveProblem problem() {
        return new WaveProblem(1, SPEED, 0.5, (x, y) -> table(u0Table, x), (x, y) -> 0)
                .withLaplacians((x, y) -> table(u0xxTable, x), (x, y) -> 0);
    }

    /** The displacement at {@code x[p]} after {@code tau[p]} periods (any number) from the network of {@link #problem()}. */
    public double[] displacement(WaveProblem problem, org.siren4j.core.SirenModel model, org.siren4j.core.SirenEngine engine, double[] x, double[] tau) {
        int n = x.length;
        double[] xs = new double[n], ts = new double[n];
        boolean[] flip = new boolean[n];
        for (int p = 0; p < n; p++) {
            double phase = tau[p] - Math.floor(tau[p]);
            flip[p] = phase >= 0.5;
            xs[p] = flip[p] ? -x[p] : x[p];
            ts[p] = flip[p] ? phase - 0.5 : phase;
        }
        double[] u = problem.field1d(model, engine, xs, ts);
        for (int p = 0; p < n; p++) if (flip[p]) u[p] = -u[p];
        return u;
    }

    private static double table(double[] t, double x) {
        double p = (x + 1) / 2 * TABLE;
        int i = Math.max(0, Math.min(TABLE - 1, (int) p));
        double w = p - i;
        return (1 - w) * t[i] + w * t[i + 1];
    }

    /** The exact displacement at x after tau periods (undamped). */
    public double exact(double x, double tau) {
        double u = 0;
        for (int n = 1; n <= MODES; n++) u += b[n] * Math.sin(n * Math.PI / 2 * (x + 1)) * Math.cos(2 * Math.PI * n * tau);
        return u;
    }

    /**
     * The exact displacement at x over time for a string of fundamental {@code freq} Hz with damping {@code d}
     * (1/s) in {@code u_tt + d u_t = c^2 u_xx}, from rest: each mode
     * {@code b_n e^{-d t/2} (cos(w t) + d / (2 w) sin(w t))}, {@code w = sqrt((2 pi n f)^2 - d^2/4)}.
     */
    public double exact(double x, double seconds, double freq, double d) {
        double u = 0, env = Math.exp(-0.5 * d * seconds);
        for (int n = 1; n <= MODES; n++) {
            double wn = 2 * Math.PI * n * freq, w = Math.sqrt(Math.max(0, wn * wn - 0.25 * d * d));
            u += b[n] * Math.sin(n * Math.PI / 2 * (x + 1)) * (Math.cos(w * seconds) + 0.5 * d / w * Math.sin(w * seconds));
        }
        return u * env;
    }
}
