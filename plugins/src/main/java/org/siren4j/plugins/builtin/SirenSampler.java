package org.siren4j.plugins.builtin;

import java.util.List;
import java.util.Set;
import org.siren4j.plugins.AbstractPlugin;
import org.siren4j.plugins.BaseFactory;
import org.siren4j.plugins.Block;
import org.siren4j.plugins.Descriptor;
import org.siren4j.plugins.Events;
import org.siren4j.plugins.Feature;
import org.siren4j.plugins.ParamInfo;
import org.siren4j.plugins.SampleInstrument;

/**
 * A neural sampler: the sample is fitted once by the audio module's segment SIRENs (the analysis, cached by
 * the host); a note plays the SIREN's continuous function at times scaled by its pitch. The function is
 * rendered once, band-limited, onto a 4x-oversampled table with octave levels ({@link Wavetable}), so a voice
 * reads it in a few operations without aliasing at any pitch; 32 voices, linear ADSR, velocity. While the
 * analysis is pending (live play) the dry sample plays.
 */
public final class SirenSampler extends AbstractPlugin implements SampleInstrument {
    static final Descriptor DESCRIPTOR = new Descriptor("siren.sampler", "SIREN sampler", "siren4j", "1.2", Set.of(Feature.INSTRUMENT),
            0, Descriptor.TRACK_CHANNELS, true, "a sample fitted once by SIRENs, played at any pitch, 32 voices, ADSR");
    static final int VOICES = 32;
    static final int ROOT = 0, FINE = 1, ATTACK = 2, DECAY = 3, SUSTAIN = 4, RELEASE = 5, VELOCITY = 6, GAIN = 7, QUALITY = 8;
    private static final String[] QUALITIES = SegmentFits.QUALITIES;

    private volatile Wavetable table;
    private volatile boolean fromSiren;
    private final boolean[] active = new boolean[VOICES];
    private final int[] key = new int[VOICES], noteId = new int[VOICES], stage = new int[VOICES];
    private final long[] born = new long[VOICES];
    private final double[] pos = new double[VOICES], amp = new double[VOICES], env = new double[VOICES], releaseStep = new double[VOICES];
    private long clock;

    public SirenSampler() {
        super(List.of(new ParamInfo("root", "Root key", 0, 127, 60, "", Set.of(ParamInfo.Flag.STEPPED)),
                ParamInfo.continuous("fine_cents", "Fine tune", -100, 100, 0, "cents"),
                ParamInfo.continuous("attack_ms", "Attack", 0, 5000, 2, "ms"),
                ParamInfo.continuous("decay_ms", "Decay", 0, 5000, 200, "ms"),
                ParamInfo.continuous("sustain", "Sustain", 0, 1, 0.8, ""),
                ParamInfo.continuous("release_ms", "Release", 1, 10000, 200, "ms"),
                ParamInfo.continuous("velocity", "Velocity sensitivity", 0, 1, 0.7, ""),
                ParamInfo.continuous("gain_db", "Gain", -60, 12, 0, "dB"),
                new ParamInfo("quality", "Fit quality", 0, 1, SegmentFits.DEFAULT_QUALITY, "", Set.of(ParamInfo.Flag.STEPPED), QUALITIES)));
    }

    @Override public Descriptor descriptor() { return DESCRIPTOR; }

    @Override public List<String> analysisParams() { return List.of("quality"); }

    /** True once the SIREN (not the dry sample) is what plays. */
    public boolean playsSiren() { return fromSiren; }

    @Override public byte[] analyse(ClipAudio sample, Progress progress) throws InterruptedException {
        return SegmentFits.fit(sample, QUALITIES[(int) values[QUALITY]], progress);
    }

    @Override public void setSample(ClipAudio sample, byte[] analysis) {
        table = analysis == null ? Wavetable.fromSamples(sample.samples(), sample.sampleRate()) : SegmentFits.table(SegmentFits.model(analysis));
        fromSiren = analysis != null;
    }

    @Override public void reset() {
        java.util.Arrays.fill(active, false);
    }

    @Override public long tail() { return (long) Math.ceil(values[RELEASE] * 1e-3 * sampleRate) + 1; }

    @Override protected void onEvent(Events ev, int i) {
        switch (ev.type(i)) {
            case Events.NOTE_ON -> noteOn(ev.key(i), ev.noteId(i), ev.velocity(i));
            case Events.NOTE_OFF -> {
                for (int v = 0; v < VOICES; v++)
                    if (active[v] && stage[v] < 3 && Voices.sameNote(ev, i, key[v], noteId[v])) release(v);
            }
            default -> super.onEvent(ev, i);
        }
    }

    private void noteOn(int k, int id, double velocity) {
        int v = Voices.pick(active, born);
        active[v] = true;
        key[v] = k;
        noteId[v] = id;
        pos[v] = 0;
        env[v] = 0;
        stage[v] = 0;
        born[v] = clock++;
        amp[v] = Voices.amplitude(velocity, values[VELOCITY], values[GAIN]);
    }

    private void release(int v) {
        stage[v] = 3;
        releaseStep[v] = env[v] / Math.max(1, values[RELEASE] * 1e-3 * sampleRate);
    }

    @Override protected void render(Block b, int from, int to) {
        for (float[] o : b.out) java.util.Arrays.fill(o, from, to, 0f);
        Wavetable t = table;
        if (t == null) return;
        double attack = 1 / Math.max(1, values[ATTACK] * 1e-3 * sampleRate), sustain = values[SUSTAIN];
        double decay = (1 - sustain) / Math.max(1, values[DECAY] * 1e-3 * sampleRate);
        double tune = values[FINE] / 100 - values[ROOT];
        int outCh = b.out.length, tableCh = t.channels();
        for (int v = 0; v < VOICES; v++) {
            if (!active[v]) continue;
            double speed = Math.pow(2, (key[v] + tune) / 12) * t.sourceRate / sampleRate;
            int level = Wavetable.level(speed);
            double p = pos[v], e = env[v], a = amp[v];
            int st = stage[v];
            for (int i = from; i < to; i++) {
                switch (st) {
                    case 0 -> { e += attack; if (e >= 1) { e = 1; st = 1; } }
                    case 1 -> { e -= decay; if (e <= sustain) { e = sustain; st = 2; } }
                    case 3 -> { e -= releaseStep[v]; if (e <= 0) { e = 0; st = 4; } }
                    default -> { }
                }
                if (st == 4 || p >= t.sourceFrames) { active[v] = false; break; }
                float g = (float) (a * e);
                for (int c = 0; c < outCh; c++) b.out[c][i] += g * t.read(level, Math.min(c, tableCh - 1), p);
                p += speed;
            }
            pos[v] = p;
            env[v] = e;
            stage[v] = st;
        }
    }

    public static final class Factory extends BaseFactory { public Factory() { super(SirenSampler::new); } }
}
