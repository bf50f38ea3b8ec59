package org.siren4j.plugins.lv2;

import org.siren4j.plugins.Block;
import org.siren4j.plugins.Descriptor;
import org.siren4j.plugins.Plugin;
import org.siren4j.plugins.Plugins;
import org.siren4j.plugins.SampleInstrument;
import org.siren4j.plugins.TrainedInstrument;

/**
 * What the LV2 shim (C, in the host process) calls: one plugin instance per handle, stereo audio ports, one
 * control port per parameter in the plugin's order. A control that changed since the last block arrives as a
 * parameter event at the block's first sample. Audio goes through float arrays the shim fills and reads
 * (channel c of the inputs at c * maxBlock, outputs after them): nothing is allocated per block.
 */
public final class Lv2Bridge {
    private record Slot(Plugin plugin, Block block, float[] last, int ins, int outs, int maxBlock) {}

    /**
     * Live instances by handle (an index); a freed instance is dropped and its index reused, so a host that loads and
     * unloads the plugin many times does not grow this table. Read by {@link #run} without locking or boxing.
     */
    private static volatile Slot[] slots = new Slot[8];

    private Lv2Bridge() {}

    /** Audio input and output ports of a plugin in the bundle: stereo effects, stereo instruments. */
    static int inputs(Descriptor d) { return d.audioInputs() == 0 ? 0 : 2; }

    static int outputs(Descriptor d) { return 2; }

    public static synchronized long instantiate(String id, double rate, int maxBlock) throws InterruptedException {
        Plugin p = Plugins.create(id);
        p.init();
        if (p instanceof SampleInstrument) throw new IllegalArgumentException(id + " needs a sample: not in the LV2 bundle yet");
        if (p instanceof TrainedInstrument t) t.setTrained(t.analyse(TrainedInstrument.NO_CLIP, (f, w) -> { })); // the shipped training, or train now
        int ins = inputs(p.descriptor()), outs = outputs(p.descriptor());
        p.activate(rate, 2, 1, maxBlock);
        p.startProcessing();
        float[] last = new float[p.params().size()];
        for (int i = 0; i < last.length; i++) last[i] = Float.NaN;
        Slot slot = new Slot(p, new Block(Math.max(1, ins), outs, maxBlock, Math.max(16, 2 * last.length)), last, ins, outs, maxBlock);
        Slot[] table = slots;
        int free = 0;
        while (free < table.length && table[free] != null) free++;
        if (free == table.length) table = java.util.Arrays.copyOf(table, 2 * table.length);
        table[free] = slot;
        slots = table; // published before the host may call run with this handle
        return free;
    }

    public static void activate(long handle) { slots[(int) handle].plugin().reset(); }

    /** One block: {@code notes} holds {@code count} MIDI notes as (frame, 1 on / 2 off, key, velocity 0-127). */
    public static void run(long handle, float[] audio, float[] controls, int[] notes, int count, int n) {
        Slot s = slots[(int) handle];
        Block b = s.block();
        b.events.clear();
        for (int i = 0; i < s.last().length && i < controls.length; i++)
            if (controls[i] != s.last()[i]) {
                s.last()[i] = controls[i];
                b.events.addParam(0, i, controls[i]);
            }
        for (int k = 0; k < count; k++) {
            int t = Math.min(n - 1, Math.max(0, notes[4 * k])), key = notes[4 * k + 2];
            if (notes[4 * k + 1] == 1) b.events.addNoteOn(t, key, notes[4 * k + 3] / 127.0, -1);
            else b.events.addNoteOff(t, key, -1);
        }
        b.frames = n;
        for (int c = 0; c < s.ins(); c++) System.arraycopy(audio, c * s.maxBlock(), b.in[c], 0, n);
        b.steadyTime += n;
        s.plugin().process(b);
        for (int c = 0; c < s.outs(); c++) System.arraycopy(b.out[c], 0, audio, (s.ins() + c) * s.maxBlock(), n);
    }

    public static synchronized void free(long handle) {
        Slot s = slots[(int) handle];
        if (s == null) return;
        slots[(int) handle] = null;
        s.plugin().stopProcessing();
        s.plugin().deactivate();
        s.plugin().destroy();
    }
}
