package org.siren4j.plugins.tarsos;

import be.tarsos.dsp.AudioEvent;
import be.tarsos.dsp.AudioProcessor;
import be.tarsos.dsp.io.TarsosDSPAudioFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.siren4j.plugins.AbstractPlugin;
import org.siren4j.plugins.Block;
import org.siren4j.plugins.Descriptor;
import org.siren4j.plugins.Feature;

/**
 * Any TarsosDSP {@link AudioProcessor} as a plugin: one processor per channel (TarsosDSP is mono), fed float
 * buffers directly through an {@link AudioEvent} (not {@code AudioDispatcherFactory.fromFloatArray}, which
 * quantises to 16 bits). A processor that returns false ends the chain for that buffer in TarsosDSP; here the
 * block it returned false on is reported as an error. Real-time safety is the wrapped processor's.
 */
public final class ProcessorPlugin extends AbstractPlugin {
    private final Descriptor descriptor;
    private final Supplier<AudioProcessor> make;
    private AudioProcessor[] processors = new AudioProcessor[0];
    private AudioEvent[] events = new AudioEvent[0];
    private float[][] buffers = new float[0][];
    private boolean failed;

    public ProcessorPlugin(String id, String name, Supplier<AudioProcessor> make) {
        super(List.of());
        this.descriptor = new Descriptor(id, name, "TarsosDSP", "2.4", Set.of(Feature.AUDIO_EFFECT),
                Descriptor.TRACK_CHANNELS, Descriptor.TRACK_CHANNELS, false, "a TarsosDSP processor per channel");
        this.make = make;
    }

    @Override public Descriptor descriptor() { return descriptor; }

    @Override public void activate(double rate, int channels, int minFrames, int maxFrames) {
        processors = new AudioProcessor[channels];
        events = new AudioEvent[channels];
        buffers = new float[channels][];
        for (int c = 0; c < channels; c++) {
            processors[c] = make.get();
            events[c] = new AudioEvent(new TarsosDSPAudioFormat((float) rate, 16, 1, true, false));
        }
        super.activate(rate, channels, minFrames, maxFrames);
    }

    @Override public void reset() { failed = false; }

    @Override public void deactivate() {
        for (AudioProcessor p : processors) p.processingFinished();
    }

    @Override protected void render(Block b, int from, int to) {
        int n = to - from;
        for (int c = 0; c < processors.length; c++) {
            if (buffers[c] == null || buffers[c].length != n) buffers[c] = new float[n]; // TarsosDSP reads the array's length
            System.arraycopy(b.in[Math.min(c, b.in.length - 1)], from, buffers[c], 0, n);
            events[c].setFloatBuffer(buffers[c]);
            if (!processors[c].process(events[c])) failed = true;
            System.arraycopy(events[c].getFloatBuffer(), 0, b.out[c], from, n);
        }
    }

    @Override protected org.siren4j.plugins.Status status() {
        return failed ? org.siren4j.plugins.Status.ERROR : org.siren4j.plugins.Status.CONTINUE;
    }
}
