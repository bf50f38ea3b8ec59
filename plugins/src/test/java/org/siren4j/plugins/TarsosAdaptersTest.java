package org.siren4j.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import be.tarsos.dsp.AudioDispatcher;
import be.tarsos.dsp.AudioEvent;
import be.tarsos.dsp.AudioProcessor;
import be.tarsos.dsp.GainProcessor;
import be.tarsos.dsp.io.jvm.AudioDispatcherFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.siren4j.plugins.builtin.Eq;
import org.siren4j.plugins.tarsos.PluginProcessor;
import org.siren4j.plugins.tarsos.ProcessorPlugin;

/** Plugins in a real TarsosDSP chain, and TarsosDSP processors as plugins. */
class TarsosAdaptersTest {
    static float[] signal(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (0.5 * Math.sin(i * 0.05) + 0.2 * Math.sin(i * 0.71));
        return x;
    }

    @Test
    void aPluginRunsInAnAudioDispatcherChainWithOverlap() throws Exception {
        float[] x = signal(10000);
        // the dispatcher from a float array quantises to 16 bits: the reference goes through the same chain
        // with TarsosDSP's own GainProcessor, and the eq plugin is checked against itself run on the same samples
        for (int overlap : new int[] {0, 256}) {
            AudioDispatcher d = AudioDispatcherFactory.fromFloatArray(x, 48000, 1024, overlap);
            Eq eq = new Eq();
            eq.setParam(0, Eq.LOW_PASS);
            eq.setParam(1, 3000);
            List<Float> got = new ArrayList<>();
            int step = 1024 - overlap;
            d.addAudioProcessor(new GainProcessor(0.5));
            d.addAudioProcessor(new PluginProcessor(eq));
            d.addAudioProcessor(new AudioProcessor() {
                boolean first = true;
                @Override public boolean process(AudioEvent e) {
                    float[] b = e.getFloatBuffer();
                    for (int i = first ? 0 : b.length - step; i < b.length; i++) got.add(b[i]);
                    first = false;
                    return true;
                }
                @Override public void processingFinished() {}
            });
            d.run();
            // the same: 16-bit samples, halved, through the eq in one block
            Eq ref = new Eq();
            ref.setParam(0, Eq.LOW_PASS);
            ref.setParam(1, 3000);
            ref.activate(48000, 1, 1, got.size());
            Block b = new Block(1, 1, got.size(), 4);
            b.frames = got.size();
            for (int i = 0; i < Math.min(x.length, got.size()); i++) b.in[0][i] = (float) (Math.round(x[i] * 32767.0) / 32767.0 * 0.5);
            ref.process(b);
            assertThat(got.size()).isGreaterThanOrEqualTo(x.length);
            for (int i = 0; i < x.length; i++) assertThat((double) got.get(i)).as("overlap %d, sample %d", overlap, i)
                    .isCloseTo(b.out[0][i], org.assertj.core.data.Offset.offset(2e-5));
        }
    }

    @Test
    void aTarsosProcessorRunsAsAPluginOnEveryChannelWithoutQuantising() {
        ProcessorPlugin p = new ProcessorPlugin("tarsos.gain", "TarsosDSP gain", () -> new GainProcessor(0.25));
        p.activate(44100, 2, 1, 512);
        Block b = new Block(2, 2, 512, 4);
        float[] x = signal(512);
        for (int n : new int[] {512, 100, 7}) {
            b.frames = n;
            for (int i = 0; i < n; i++) { b.in[0][i] = x[i] * 1.0001f; b.in[1][i] = -x[i] / 3; }
            assertThat(p.process(b)).isEqualTo(Status.CONTINUE);
            for (int i = 0; i < n; i++) {
                assertThat(b.out[0][i]).isEqualTo(b.in[0][i] * 0.25f); // float-exact: no 16-bit step in between
                assertThat(b.out[1][i]).isEqualTo(b.in[1][i] * 0.25f);
            }
        }
    }
}
