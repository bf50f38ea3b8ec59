package org.siren4j.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The STFT pair, the noise estimate, and denoising a synthetic noisy clip, against the clean signal. */
public class DenoiseTest {

    static double[] noise(int n, double sigma, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = sigma * r.nextGaussian();
        return x;
    }

    @Test
    void stftWithUnitGainsGivesTheSignalBack() {
        double[] x = noise(5000, 0.3, 1);
        double[] y = Stft.analyze(x, 256).synthesize(null);
        for (int i = 0; i < x.length; i++) assertThat(y[i]).isCloseTo(x[i], org.assertj.core.data.Offset.offset(1e-6));
    }

    /** White noise of variance s^2 has s^2 sum(w^2) = s^2 (3/8) N per bin under a Hann window of N points. */
    @Test
    void noiseEstimateFromTheNoisySignalAloneMatchesTheTruth() {
        int n = 48000, size = 1024;
        double sigma = 0.05;
        double[] x = noise(n, sigma, 2);
        for (int i = 0; i < n; i++) if (i % 12000 < 6000) x[i] += 0.5 * Math.sin(2 * Math.PI * 440 * i / 48000.0); // a tone half the time
        double[][] power = Stft.analyze(x, size).power();
        double[] est = SpectralDenoiser.estimate(power, false);
        double truth = sigma * sigma * 0.375 * size;
        // away from the tone (bin 9.4) and its window's leakage, within 25%; next to it within a factor of 2
        for (int k = 1; k < est.length - 1; k++) assertThat(est[k] / truth).as("bin " + k).isBetween(Math.abs(k - 9) > 25 ? 0.75 : 0.5, Math.abs(k - 9) > 25 ? 1.25 : 2.0);
        // white: one level, within 25% everywhere, next to the tone too
        for (double v : SpectralDenoiser.estimate(power, true)) assertThat(v / truth).isBetween(0.75, 1.25);
    }

    @Test
    void denoisingASyntheticClipRaisesItsSnr() {
        int rate = 16000, n = 16000;
        double[] clean = new double[n];
        for (int i = 0; i < n; i++) {
            double t = (double) i / rate, env = Math.exp(-2 * (t % 0.5));
            clean[i] = 0.4 * env * (Math.sin(2 * Math.PI * 330 * t) + 0.5 * Math.sin(2 * Math.PI * 660 * t) + 0.25 * Math.sin(2 * Math.PI * 1320 * t));
        }
        double power = 0;
        for (double v : clean) power += v * v / n;
        double[] nz = noise(n, Math.sqrt(power / Math.pow(10, 0.5)), 3); // 5 dB input SNR
        double[] noisy = new double[n];
        for (int i = 0; i < n; i++) noisy[i] = clean[i] + nz[i];
        SpectralDenoiser.Settings s = SpectralDenoiser.Settings.defaults().withNet(32, 60, 300, 300);
        double in = AudioSignal.snrDb(clean, noisy);
        double blind = AudioSignal.snrDb(clean, new SpectralDenoiser(s).denoise(noisy, rate, null, p -> { }).clean());
        double profiled = AudioSignal.snrDb(clean, new SpectralDenoiser(s).denoise(noisy, rate, noise(rate, Math.sqrt(power / Math.pow(10, 0.5)), 4), p -> { }).clean());
        assertThat(in).isCloseTo(5, org.assertj.core.data.Offset.offset(0.2));
        assertThat(blind).as("without a noise profile").isGreaterThan(in + 8);
        assertThat(profiled).as("with a noise profile").isGreaterThan(in + 8);
    }
}
