package org.siren4j.plugins.lv2;

import java.io.IOException;
import java.nio.file.Path;
import org.siren4j.plugins.Analysing;
import org.siren4j.plugins.Block;
import org.siren4j.plugins.Descriptor;
import org.siren4j.plugins.Plugin;
import org.siren4j.plugins.Plugins;
import org.siren4j.plugins.SampleInstrument;
import org.siren4j.plugins.Status;
import org.siren4j.plugins.TrainedInstrument;
import org.siren4j.plugins.analysis.Analyses;
import org.siren4j.plugins.analysis.AnalysisException;

/**
 * What the LV2 shim (C, in the host process) calls: one plugin instance per handle, stereo audio ports, one
 * control port per parameter in the plugin's order. A control that changed since the last block arrives as a
 * parameter event at the block's first sample. Audio goes through float arrays the shim fills and reads
 * (channel c of the inputs at c * maxBlock, outputs after them): nothing is allocated per block.
 *
 * <p>Lifecycle, mapped onto PLUGINS.md: LV2 instantiate = init + activate (the sample rate and the largest block
 * are known then), LV2 activate = startProcessing + reset, LV2 deactivate = stopProcessing, cleanup = deactivate +
 * destroy. A plugin that throws in process is bypassed from then on (an effect passes its input, an instrument
 * is silent), as in our own host.
 */
public final class Lv2Bridge {
    private static final class Slot {
        final Plugin plugin;
        final Block block;
        final float[] last;
        final int ins, outs, maxBlock;
        volatile boolean failed;
        /** The sampler's sample file (absolute) and the analysis it plays, as the LV2 state saves them. */
        volatile String sample;
        volatile byte[] analysis;
        /** The latest load: a background fit of an older sample that ends late is dropped. */
        volatile Object loading;

        Slot(Plugin plugin, Block block, float[] last, int ins, int outs, int maxBlock) {
            this.plugin = plugin;
            this.block = block;
            this.last = last;
            this.ins = ins;
            this.outs = outs;
            this.maxBlock = maxBlock;
        }
    }

    /**
     * Live instances by handle (an index); a freed instance is dropped and its index reused, so a host that loads and
     * unloads the plugin many times does not grow this table. Read by {@link #run} without locking or boxing.
     */
    private static volatile Slot[] slots = new Slot[8];

    /** Sample analyses (the sampler's SIREN fits), cached per user like our host caches them beside a session. */
    private static Analyses analyses;

    /** The most MIDI notes the shim passes in one block (its MAX_NOTES). */
    static final int MAX_NOTES = 512;

    private Lv2Bridge() {}

    /** Audio input and output ports of a plugin in the bundle: stereo effects, stereo instruments. */
    static int inputs(Descriptor d) { return d.audioInputs() == 0 ? 0 : 2; }

    static int outputs(Descriptor d) { return 2; }

    /**
     * Where LV2 instances cache sample analyses: {@code $XDG_CACHE_HOME/siren4j/analyses} (default ~/.cache), or
     * the system property {@code siren4j.analyses} when set (tests).
     */
    static Path cacheDir() {
        String own = System.getProperty("siren4j.analyses");
        if (own != null) return Path.of(own);
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("siren4j").resolve("analyses");
    }

    private static synchronized Analyses analyses() {
        if (analyses == null) analyses = new Analyses(cacheDir(), false, (what, f) -> { });
        return analyses;
    }

    public static synchronized long instantiate(String id, double rate, int maxBlock) throws InterruptedException {
        Plugin p = Plugins.create(id);
        p.init();
        if (p instanceof TrainedInstrument t) t.setTrained(t.analyse(TrainedInstrument.NO_CLIP, (f, w) -> { })); // the shipped training, or train now
        int ins = inputs(p.descriptor()), outs = outputs(p.descriptor());
        p.activate(rate, 2, 1, maxBlock);
        float[] last = new float[p.params().size()];
        for (int i = 0; i < last.length; i++) last[i] = Float.NaN;
        Slot slot = new Slot(p, new Block(Math.max(1, ins), outs, maxBlock, last.length + MAX_NOTES), last, ins, outs, maxBlock);
        Slot[] table = slots;
        int free = 0;
        while (free < table.length && table[free] != null) free++;
        if (free == table.length) table = java.util.Arrays.copyOf(table, 2 * table.length);
        table[free] = slot;
        slots = table; // published before the host may call run with this handle
        return free;
    }

    public static void activate(long handle) {
        Plugin p = slots[(int) handle].plugin;
        p.startProcessing();
        p.reset();
    }

    public static void deactivate(long handle) { slots[(int) handle].plugin.stopProcessing(); }

    /** Samples of delay the plugin adds (the shim writes it to the latency port). */
    public static int latency(long handle) { return slots[(int) handle].plugin.latency(); }

    /** One block: {@code notes} holds {@code count} MIDI notes as (frame, 1 on / 2 off, key, velocity 0-127). */
    public static void run(long handle, float[] audio, float[] controls, int[] notes, int count, int n) {
        Slot s = slots[(int) handle];
        if (!s.failed)
            try {
                if (process(s, audio, controls, notes, count, n) != Status.ERROR) return;
                s.failed = true;
                System.err.println("siren lv2: " + s.plugin.descriptor().id() + " reported an error and is bypassed");
            } catch (Throwable t) {
                s.failed = true;
                System.err.println("siren lv2: " + s.plugin.descriptor().id() + " failed and is bypassed: " + t);
            }
        for (int c = 0; c < s.outs; c++) {
            int at = (s.ins + c) * s.maxBlock;
            if (c < s.ins) System.arraycopy(audio, c * s.maxBlock, audio, at, n);
            else java.util.Arrays.fill(audio, at, at + n, 0f);
        }
    }

    private static Status process(Slot s, float[] audio, float[] controls, int[] notes, int count, int n) {
        Block b = s.block;
        b.events.clear();
        for (int i = 0; i < s.last.length && i < controls.length; i++)
            if (controls[i] != s.last[i]) {
                s.last[i] = controls[i];
                b.events.addParam(0, i, controls[i]);
            }
        for (int k = 0; k < count; k++) {
            int t = Math.min(n - 1, Math.max(0, notes[4 * k])), key = notes[4 * k + 2];
            if (notes[4 * k + 1] == 1) b.events.addNoteOn(t, key, notes[4 * k + 3] / 127.0, -1);
            else b.events.addNoteOff(t, key, -1);
        }
        b.frames = n;
        for (int c = 0; c < s.ins; c++) System.arraycopy(audio, c * s.maxBlock, b.in[c], 0, n);
        b.position = b.steadyTime; // LV2 passes no transport here: the position counts the frames run
        Status status = s.plugin.process(b);
        b.steadyTime += n;
        if (status != Status.ERROR) for (int c = 0; c < s.outs; c++) System.arraycopy(b.out[c], 0, audio, (s.ins + c) * s.maxBlock, n);
        return status;
    }

    /**
     * Loads a sample into a sampler (the shim's worker thread, or state restore: never the audio thread). The dry
     * sample plays at once; its SIREN plays when the analysis is cached or, fitted in the background, done.
     * Returns an error message, or null.
     */
    public static String load(long handle, String file) {
        Slot s = slots[(int) handle];
        if (!(s.plugin instanceof SampleInstrument si)) return s.plugin.descriptor().id() + " plays no sample";
        return load(s, si, file, null);
    }

    /** {@code saved}: the analysis a restored state carried (put into the cache and played), or null to look it up. */
    private static String load(Slot s, SampleInstrument si, String file, byte[] saved) {
        try {
            Analysing.ClipAudio clip = Analyses.read(Path.of(file));
            s.sample = Path.of(file).toAbsolutePath().toString();
            s.analysis = null;
            Object token = new Object();
            s.loading = token;
            String id = s.plugin.descriptor().id();
            byte[] done = saved;
            if (saved != null) analyses().offer(si, id, clip, saved);
            else done = analyses().result(si, id, id + " " + file, clip, r -> {
                if (s.loading != token) return;
                si.setSample(clip, r);
                s.analysis = r;
            });
            si.setSample(clip, done);
            s.analysis = done;
            return null;
        } catch (IOException | AnalysisException | RuntimeException e) {
            return "cannot load " + file + ": " + e.getMessage();
        }
    }

    /** The plugin's own state (parameters and more), for LV2 state save. */
    public static byte[] state(long handle) { return slots[(int) handle].plugin.saveState(); }

    /** The sampler's sample file, or null. */
    public static String sample(long handle) { return slots[(int) handle].sample; }

    /** The sampler's analysis (the fitted SIREN), or null while none: saved with the state, so a project moved to another machine does not refit. */
    public static byte[] analysis(long handle) { return slots[(int) handle].analysis; }

    /** LV2 state restore; any argument may be null (not saved). Returns an error message, or null. */
    public static String restore(long handle, byte[] state, String sample, byte[] analysis) {
        Slot s = slots[(int) handle];
        try {
            if (state != null) s.plugin.loadState(state);
            if (sample == null || !(s.plugin instanceof SampleInstrument si)) return null;
            return load(s, si, sample, analysis);
        } catch (RuntimeException e) {
            return "cannot restore the state: " + e.getMessage();
        }
    }

    public static synchronized void free(long handle) {
        Slot s = slots[(int) handle];
        if (s == null) return;
        slots[(int) handle] = null;
        s.plugin.deactivate();
        s.plugin.destroy();
    }
}
