package org.siren4j.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siren4j.audio.Clip;
import org.siren4j.audio.WavWriter;
import org.siren4j.plugins.analysis.Analyses;
import org.siren4j.plugins.builtin.Eq;
import org.siren4j.plugins.host.Mixer;
import org.siren4j.plugins.host.SessionReader;

/** What every shipped plugin owes the host: no allocation while processing, state that round-trips. */
class PluginContractTest {
    @TempDir Path dir;

    static List<PluginFactory> shipped() {
        return Plugins.all().stream().filter(f -> !f.descriptor().id().startsWith("test.")).toList();
    }

    /** A session that runs the plugin on a clip (effects) or on notes (instruments), every automatable parameter ramped. */
    String sessionFor(Plugin p) {
        StringBuilder lanes = new StringBuilder();
        List<ParamInfo> ps = p.params();
        boolean instrument = p.descriptor().is(Feature.INSTRUMENT);
        for (ParamInfo info : ps) {
            if (!info.flags().contains(ParamInfo.Flag.AUTOMATABLE) || p instanceof Analysing a && a.analysisParams().contains(info.id())) continue;
            if (lanes.length() > 0) lanes.append(',');
            double a = info.defaultValue(), b = info.stepped() ? info.max() : info.min() + 0.7 * (info.max() - info.min());
            lanes.append(String.format(Locale.ROOT, "{\"plugin\": %s, \"param\": \"%s\", \"points\": [[0.1, %s], [0.4, %s]]}",
                    instrument ? "\"instrument\"" : "0", info.id(), a, b));
        }
        String source = instrument
                ? "\"instrument\": {\"plugin\": \"" + p.descriptor().id() + "\"" + (p instanceof SampleInstrument
                        ? ", \"sample\": \"clip.wav\"" : "") + "}, \"notes\": [" + notes() + "]"
                : "\"clips\": [{\"file\": \"clip.wav\"}], \"inserts\": [{\"plugin\": \"" + p.descriptor().id() + "\"}]";
        return "{\"channels\": 2, \"tracks\": [{" + source + ", \"automation\": [" + lanes + "]}]}";
    }

    static String notes() {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < 20; k++) s.append(k == 0 ? "" : ",").append(String.format(Locale.ROOT,
                "{\"time\": %.3f, \"duration\": 0.2, \"pitch\": %d, \"velocity\": %d}", 0.02 * k, 48 + 2 * k, 60 + 3 * k));
        return s.toString();
    }

    @Test
    void processAllocatesNothingOnceWarmForEveryShippedPlugin() throws Exception {
        double[] x = new double[7200]; // 0.15 s: the SIREN plugins' analyses stay short
        for (int i = 0; i < x.length; i++) x[i] = 0.3 * Math.sin(2 * Math.PI * 440 * i / 48000.0) + 0.05 * Math.sin(i * 0.37);
        WavWriter.write(dir.resolve("clip.wav"), Clip.mono(48000, x), WavWriter.Format.FLOAT32);
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<String> report = new ArrayList<>();
        for (PluginFactory f : shipped()) {
            Path s = dir.resolve(f.descriptor().id() + ".json");
            Files.writeString(s, sessionFor(f.create()));
            try (Analyses an = new Analyses(dir.resolve("cache"), true, (w, fr) -> {})) {
                // "once warm": a real per-block allocation shows in every pass; the JIT's one-off deoptimisations
                // (which re-materialise scalar-replaced objects) do not, so the best of three passes must be zero
                long best = Long.MAX_VALUE;
                int blocks = 0;
                for (int pass = 0; pass < 4 && best > 0; pass++) {
                    try (Mixer m = new Mixer(SessionReader.read(s), new Mixer.Options(256, RenderMode.REALTIME, an))) {
                        float[][] out = new float[m.channels()][256];
                        if (pass == 0) { while (m.render(out, 256) > 0) { } continue; } // every code path once
                        for (int i = 0; i < 20; i++) m.render(out, 256);       // 0.1 s, before the ramps start
                        long tid = Thread.currentThread().getId(), before = mx.getThreadAllocatedBytes(tid);
                        blocks = 0;
                        while (m.render(out, 256) > 0 && blocks < 100) blocks++; // through the ramps and the notes
                        best = Math.min(best, mx.getThreadAllocatedBytes(tid) - before);
                        assertThat(m.failures()).as(f.descriptor().id()).isEmpty();
                    }
                }
                report.add(f.descriptor().id() + ": " + best + " B over " + blocks + " blocks");
                assertThat(best).as(f.descriptor().id() + " allocated while processing").isZero();
            }
        }
        assertThat(report).hasSize(shipped().size());
    }

    @Test
    void stateRoundTripsAndSoundsTheSame() {
        for (PluginFactory f : shipped()) {
            Plugin a = f.create(), b = f.create();
            for (int i = 0; i < a.params().size(); i++) {
                ParamInfo info = a.params().get(i);
                a.setParam(i, info.clamp(info.min() + 0.37 * (info.max() - info.min())));
            }
            b.loadState(a.saveState());
            for (int i = 0; i < a.params().size(); i++) assertThat(b.param(i)).as(f.descriptor().id() + " " + a.params().get(i).id()).isEqualTo(a.param(i));
            assertThat(b.saveState()).isEqualTo(a.saveState());
            if (f.descriptor().is(Feature.INSTRUMENT) || f.descriptor().is(Feature.CLIP_PROCESSOR)) continue;
            float[][] ya = run(a), yb = run(b);
            assertThat(yb[0]).as(f.descriptor().id()).containsExactly(ya[0]);
            assertThat(yb[1]).containsExactly(ya[1]);
        }
    }

    static float[][] run(Plugin p) {
        p.activate(48000, 2, 1, 512);
        Block b = new Block(2, 2, 512, 16);
        b.frames = 512;
        for (int i = 0; i < 512; i++) {
            b.in[0][i] = (float) Math.sin(i * 0.1);
            b.in[1][i] = (float) Math.cos(i * 0.23);
        }
        p.process(b);
        return new float[][] {b.out[0].clone(), b.out[1].clone()};
    }

    /** Steady-state gain of the eq at {@code hz}, measured on a sine after the transient. */
    static double eqGain(int type, double freq, double gainDb, double q, double hz) {
        Eq eq = new Eq();
        eq.setParam(0, type);
        eq.setParam(1, freq);
        eq.setParam(2, gainDb);
        eq.setParam(3, q);
        eq.activate(48000, 1, 1, 48000);
        Block b = new Block(1, 1, 48000, 4);
        b.frames = 48000;
        for (int i = 0; i < 48000; i++) b.in[0][i] = (float) Math.sin(2 * Math.PI * hz * i / 48000);
        eq.process(b);
        double num = 0, den = 0; // least-squares amplitude over the last half second
        for (int i = 24000; i < 48000; i++) {
            double s = Math.sin(2 * Math.PI * hz * i / 48000), c = Math.cos(2 * Math.PI * hz * i / 48000);
            num += b.out[0][i] * s;
            den += b.out[0][i] * c;
        }
        return Math.hypot(num, den) / 12000;
    }

    @Test
    void eqBandsHaveTheirTextbookGains() {
        // a peak's gain at its centre is its gain; a Butterworth-Q low/high pass is -3.01 dB at its corner and
        // passes its pass band; a shelf reaches its gain far into its shelf; a notch removes its frequency
        assertThat(20 * Math.log10(eqGain(Eq.PEAK, 1000, 9, 2, 1000))).isCloseTo(9, offset(0.01));
        assertThat(20 * Math.log10(eqGain(Eq.PEAK, 1000, 9, 2, 100))).isCloseTo(0, offset(0.1));
        assertThat(20 * Math.log10(eqGain(Eq.LOW_PASS, 2000, 0, Math.sqrt(0.5), 2000))).isCloseTo(-3.0103, offset(0.01));
        assertThat(20 * Math.log10(eqGain(Eq.LOW_PASS, 2000, 0, Math.sqrt(0.5), 100))).isCloseTo(0, offset(0.01));
        assertThat(20 * Math.log10(eqGain(Eq.LOW_PASS, 2000, 0, Math.sqrt(0.5), 8000))).isLessThan(-23);
        assertThat(20 * Math.log10(eqGain(Eq.HIGH_PASS, 2000, 0, Math.sqrt(0.5), 2000))).isCloseTo(-3.0103, offset(0.01));
        assertThat(20 * Math.log10(eqGain(Eq.LOW_SHELF, 300, -12, Math.sqrt(0.5), 30))).isCloseTo(-12, offset(0.1));
        assertThat(20 * Math.log10(eqGain(Eq.HIGH_SHELF, 3000, 6, Math.sqrt(0.5), 20000))).isCloseTo(6, offset(0.1));
        assertThat(eqGain(Eq.NOTCH, 1000, 0, 1, 1000)).isLessThan(1e-3);
    }
}
