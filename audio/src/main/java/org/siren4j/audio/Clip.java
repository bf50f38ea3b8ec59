package org.siren4j.audio;

/** Decoded audio: {@code samples[channel][frame]} in [-1, 1] at {@code sampleRate} frames per second. */
public record Clip(int sampleRate, double[][] samples) {
    public Clip {
        if (samples.length < 1) throw new IllegalArgumentException("a clip needs at least one channel");
        for (double[] ch : samples)
            if (ch.length != samples[0].length) throw new IllegalArgumentException("channels differ in length");
    }

    /** A one-channel clip. */
    public static Clip mono(int sampleRate, double[] samples) { return new Clip(sampleRate, new double[][] {samples}); }

    public int frames() { return samples[0].length; }

    public int channels() { return samples.length; }

    public double seconds() { return frames() / (double) sampleRate; }

    /** The channels averaged into one. */
    public double[] mono() {
        if (samples.length == 1) return samples[0];
        double[] m = new double[frames()];
        for (double[] ch : samples) for (int i = 0; i < m.length; i++) m[i] += ch[i] / samples.length;
        return m;
    }
}
