package org.siren4j.plugins.tarsos;

import be.tarsos.dsp.AudioEvent;
import be.tarsos.dsp.AudioProcessor;
import org.siren4j.plugins.Block;
import org.siren4j.plugins.Plugin;

/**
 * Any plugin as a TarsosDSP {@link AudioProcessor} (mono, as TarsosDSP chains are): it is activated at the first
 * event's rate with that event's buffer size as its bound, processes the new samples of each buffer in place
 * (with an overlapping dispatcher, the overlap was processed the buffer before), and is stopped and deactivated
 * when the chain finishes. Parameters may be set between buffers through {@link #plugin()}.
 */
public final class PluginProcessor implements AudioProcessor {
    private final Plugin plugin;
    private Block block;
    private boolean active;

    public PluginProcessor(Plugin plugin) { this.plugin = plugin; }

    public Plugin plugin() { return plugin; }

    @Override public boolean process(AudioEvent e) {
        float[] buf = e.getFloatBuffer();
        int fresh = buf.length - e.getOverlap(), from = buf.length - fresh;
        if (!active) {
            plugin.activate(e.getSampleRate(), 1, 1, buf.length);
            plugin.startProcessing();
            block = new Block(1, 1, buf.length, 16);
            active = true;
        }
        block.frames = fresh;
        block.position = block.steadyTime = e.getSamplesProcessed();
        System.arraycopy(buf, from, block.in[0], 0, fresh);
        block.events.clear();
        if (plugin.process(block) == org.siren4j.plugins.Status.ERROR) return false; // the chain stops here for this buffer
        System.arraycopy(block.out[0], 0, buf, from, fresh);
        return true;
    }

    @Override public void processingFinished() {
        if (!active) return;
        plugin.stopProcessing();
        plugin.deactivate();
        active = false;
    }
}
