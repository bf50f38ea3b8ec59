package org.siren4j.audio.restore;

/**
 * A run of damaged samples {@code [start, end)} of one channel: a click (samples with an impulse added), clipping
 * (samples held at the clip level {@code level}, signed, that the true signal lay beyond) or a dropout (samples lost:
 * zeros or a frozen value).
 */
public record Damage(Kind kind, int channel, int start, int end, double level) {
    public enum Kind {
        CLICK, CLIPPING, DROPOUT;

        public String label() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    public Damage {
        if (start < 0 || end <= start) throw new IllegalArgumentException("empty or negative run " + start + ".." + end);
    }

    public int length() { return end - start; }
}
