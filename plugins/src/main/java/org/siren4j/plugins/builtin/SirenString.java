package org.siren4j.plugins.builtin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.siren4j.core.Engines;
import org.siren4j.core.ModelFile;
import org.siren4j.core.SirenEngine;
import org.siren4j.core.SirenModel;
import org.siren4j.core.train.Schedule;
import org.siren4j.core.train.Trainer;
import org.siren4j.pde.PluckedString;
import org.siren4j.pde.WaveProblem;
import org.siren4j.plugins.AbstractPlugin;
import org.siren4j.plugins.BaseFactory;
import org.siren4j.plugins.Block;
import org.siren4j.plugins.Descriptor;
import org.siren4j.plugins.Events;
import org.siren4j.plugins.Feature;
import org.siren4j.plugins.ParamInfo;
import org.siren4j.plugins.TrainedInstrument;

/**
 * A plucked string from the wave equation: the PDE module's dimensionless string (x on [-1, 1], time in periods)
 * is trained once from the PDE for a pluck position (the analysis; the default pluck ships trained), so one
 * training serves every pitch. The network is read at the pickup over one period; that period, split into its
 * harmonics, becomes tables band-limited per octave and aged by a mode-dependent loss (brightness: harmonic n
 * decays as e^{-B n^2 t} on top of the PDE's uniform damping e^{-D t / 2}, which the wave equation with a
 * u_t term gives exactly). A note reads the tables at f / rate per sample: 32 voices, velocity, a release that
 * damps the string on note-off.
 */
public final class SirenString extends AbstractPlugin implements TrainedInstrument {
    static final Descriptor DESCRIPTOR = new Descriptor("siren.string", "SIREN string", "siren4j", "1.0", Set.of(Feature.INSTRUMENT),
            0, Descriptor.TRACK_CHANNELS, true, "a plucked string trained from the 1-D wave equation, any pitch");
    static final int VOICES = 32, PERIOD = 2048, OCTAVES = 10, AGES = 10;
    static final double DEFAULT_PLUCK = 0.2, ROUNDNESS = 0.05;
    /** The pickup sees the string already displaced when it is let go: a 2 ms raised-cosine onset keeps that step from clicking. */
    static final double ONSET_SECONDS = 0.002;
    /** The default string's model: `siren solve string --freq 220 --pluck 0.2 --roundness 0.05 --seed 0` (240 s). */
    static final String SHIPPED = "/org/siren4j/plugins/builtin/string-pluck-0.2.siren";
    static final double[] AGE = {0, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1};
    static final int PLUCK = 0, PICKUP = 1, DAMPING = 2, BRIGHTNESS = 3, RELEASE = 4, VELOCITY = 5, GAIN = 6, TRAIN = 7;

    /** [age][octave][phase]: the pickup's period with harmonics aged and limited to the octave's band. */
    private volatile float[][][] tables;
    private SirenModel model;
    private final boolean[] active = new boolean[VOICES];
    private final int[] key = new int[VOICES], noteId = new int[VOICES];
    private final long[] born = new long[VOICES], played = new long[VOICES];
    private final double[] phase = new double[VOICES], amp = new double[VOICES], age = new double[VOICES], release = new double[VOICES];
    private long clock;
    private double tableScale = 1;

    public SirenString() {
        super(List.of(new ParamInfo("pluck", "Pluck position", 0.05, 0.95, DEFAULT_PLUCK, "", Set.of()),
                new ParamInfo("pickup", "Pickup position", 0.02, 0.98, 0.1, "", Set.of()),
                ParamInfo.continuous("damping", "Damping", 0, 50, 1.5, "1/s"),
                ParamInfo.continuous("brightness", "Brightness", 0, 1, 0.9, ""),
                ParamInfo.continuous("release_ms", "Release", 5, 5000, 150, "ms"),
                ParamInfo.continuous("velocity", "Velocity sensitivity", 0, 1, 0.8, ""),
                ParamInfo.continuous("gain_db", "Gain", -60, 12, -6, "dB"),
                new ParamInfo("train_steps", "Training steps", 500, 100000, PluckedString.TRAIN_STEPS, "steps", Set.of(ParamInfo.Flag.STEPPED))));
    }

    @Override public Descriptor descriptor() { return DESCRIPTOR; }

    @Override public List<String> analysisParams() { return List.of("pluck", "train_steps"); }

    @Override public byte[] analyse(ClipAudio none, Progress progress) throws InterruptedException {
        try {
            if (values[PLUCK] == DEFAULT_PLUCK) {
                try (InputStream in = SirenString.class.getResourceAsStream(SHIPPED)) {
                    if (in != null) return in.readAllBytes();
                }
            }
            PluckedString s = new PluckedString(2 * values[PLUCK] - 1, 2 * ROUNDNESS, 1);
            WaveProblem problem = s.problem();
            SirenModel m = SirenModel.create(PluckedString.network(), 0);
            int steps = (int) Math.round(values[TRAIN]); // a count, never seconds: the same pluck trains to the same bytes under any load
            try (SirenEngine engine = Engines.cpu()) {
                Trainer.Config cfg = Trainer.Config.builder().steps(steps).schedule(Schedule.cosine(1e-3, 0.01)).seed(0)
                        .metric(s.periodError(problem, engine), 250, Double.NaN).keep(Trainer.Keep.BEST_METRIC).build();
                new Trainer(engine).train(m, problem.objective(2048), cfg, p -> progress.report(Math.min(1, (double) p.step() / steps),
                        String.format(Locale.ROOT, "training the string from the wave equation: step %d, loss %.3g", p.step(), p.loss())));
            }
            if (Thread.interrupted()) throw new InterruptedException();
            return TempFiles.bytesOf(f -> ModelFile.save(m, f));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override public void setTrained(byte[] analysis) {
        if (analysis == null) { tables = null; return; }
        model = TempFiles.fromBytes(analysis, ModelFile::load);
        buildTables();
    }

    /** The network at the pickup over one period, then its harmonics aged and band-limited into tables (main thread). */
    private void buildTables() {
        PluckedString s = new PluckedString(2 * values[PLUCK] - 1, 2 * ROUNDNESS, 1);
        double[] x = new double[PERIOD], tau = new double[PERIOD];
        java.util.Arrays.fill(x, 2 * values[PICKUP] - 1);
        for (int i = 0; i < PERIOD; i++) tau[i] = i / (double) PERIOD;
        double[] u;
        try (SirenEngine engine = Engines.cpu()) {
            u = s.displacement(s.problem(), model, engine, x, tau);
        }
        // harmonics of the period (a plain DFT: 2048 points once, at load)
        int h = PERIOD / 2 - 1;
        double[] re = new double[h + 1], im = new double[h + 1];
        double[] cos = new double[PERIOD], sin = new double[PERIOD]; // harmonic n at phase i is entry (n i) mod PERIOD
        for (int i = 0; i < PERIOD; i++) { cos[i] = Math.cos(2 * Math.PI * i / PERIOD); sin[i] = Math.sin(2 * Math.PI * i / PERIOD); }
        for (int n = 1; n <= h; n++) {
            double a = 0, b = 0;
            for (int i = 0, j = 0; i < PERIOD; i++, j = (j + n) % PERIOD) {
                a += u[i] * cos[j];
                b += u[i] * sin[j];
            }
            re[n] = 2 * a / PERIOD;
            im[n] = 2 * b / PERIOD;
        }
        float[][][] t = new float[AGES][OCTAVES][PERIOD + 1];
        double peak = 1e-12;
        for (double v : u) peak = Math.max(peak, Math.abs(v));
        for (int a = 0; a < AGES; a++) {
            // octave o keeps harmonics up to 512 / 2^o: from the narrowest band up, each adds the harmonics above the last
            double[] acc = new double[PERIOD];
            int done = 0;
            for (int o = OCTAVES - 1; o >= 0; o--) {
                int top = Math.min(h, (PERIOD / 4) >> o);
                for (int n = done + 1; n <= top; n++) {
                    double decay = Math.exp(-AGE[a] * n * n);
                    if (decay < 1e-7) break;
                    for (int i = 0, j = 0; i < PERIOD; i++, j = (j + n) % PERIOD) acc[i] += decay * (re[n] * cos[j] + im[n] * sin[j]);
                }
                done = Math.max(done, top);
                for (int i = 0; i < PERIOD; i++) t[a][o][i] = (float) (acc[i] / peak);
                t[a][o][PERIOD] = t[a][o][0];
            }
        }
        tableScale = peak;
        tables = t;
    }

    /** The table's scale: the pickup's peak displacement over a period (the tables are normalised by it). */
    public double scale() { return tableScale; }

    @Override public void reset() { java.util.Arrays.fill(active, false); }

    @Override public long tail() { return (long) Math.ceil(values[RELEASE] * 1e-3 * sampleRate) + 1; }

    @Override protected void onEvent(Events ev, int i) {
        switch (ev.type(i)) {
            case Events.NOTE_ON -> noteOn(ev.key(i), ev.noteId(i), ev.velocity(i));
            case Events.NOTE_OFF -> {
                for (int v = 0; v < VOICES; v++)
                    if (active[v] && release[v] == 0 && Voices.sameNote(ev, i, key[v], noteId[v]))
                        release[v] = Math.log(1000) / Math.max(1, values[RELEASE] * 1e-3 * sampleRate); // -60 dB over the release
            }
            default -> super.onEvent(ev, i);
        }
    }

    private void noteOn(int k, int id, double velocity) {
        int v = Voices.pick(active, born);
        active[v] = true;
        key[v] = k;
        noteId[v] = id;
        phase[v] = 0;
        age[v] = 0;
        played[v] = 0;
        release[v] = 0;
        born[v] = clock++;
        amp[v] = Voices.amplitude(velocity, values[VELOCITY], values[GAIN]);
    }

    @Override protected void render(Block b, int from, int to) {
        for (float[] o : b.out) java.util.Arrays.fill(o, from, to, 0f);
        float[][][] t = tables;
        if (t == null) return;
        double damp = Math.exp(-0.5 * values[DAMPING] / sampleRate), loss = 0.1 * (1 - values[BRIGHTNESS]) / sampleRate;
        for (int v = 0; v < VOICES; v++) {
            if (!active[v]) continue;
            double f = 440 * Math.pow(2, (key[v] - 69) / 12.0), step = f / sampleRate;
            int oct = 0;
            while (oct + 1 < OCTAVES && ((PERIOD / 4) >> oct) * f > 0.45 * sampleRate) oct++;
            double p = phase[v], a = amp[v], g = age[v], r = Math.exp(-release[v]);
            long since = played[v];
            double onset = ONSET_SECONDS * sampleRate;
            for (int i = from; i < to; i++) {
                int j = 0;
                while (j + 2 < AGES && AGE[j + 1] <= g) j++;
                double w = Math.min(1, (g - AGE[j]) / (AGE[j + 1] - AGE[j]));
                double pos = p * PERIOD;
                int k = (int) pos;
                double fr = pos - k;
                float[] lo = t[j][oct], hi = t[j + 1][oct];
                double x0 = lo[k] + fr * (lo[k + 1] - lo[k]), x1 = hi[k] + fr * (hi[k + 1] - hi[k]);
                double fade = since < onset ? 0.5 - 0.5 * Math.cos(Math.PI * since / onset) : 1;
                since++;
                float y = (float) (fade * a * ((1 - w) * x0 + w * x1));
                for (float[] o : b.out) o[i] += y;
                p += step;
                if (p >= 1) p -= 1;
                a *= damp * r;
                g += loss;
            }
            played[v] = since;
            phase[v] = p;
            amp[v] = a;
            age[v] = g;
            if (a < 1e-5) active[v] = false; // -100 dB
        }
    }

    public static final class Factory extends BaseFactory { public Factory() { super(SirenString::new); } }
}
