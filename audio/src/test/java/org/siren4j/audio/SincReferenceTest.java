package org.siren4j.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The playback truth against closed forms: tones well inside the band are reproduced at any source position, and the
 * passband SNR counts an error inside the passband as the full-band SNR does, and ignores one in the transition band.
 */
class SincReferenceTest {
    static final int RATE = 8000, N = 4000;

    static double tone(double hz, double t) { return Math.sin(2 * Math.PI * hz * t + 0.3); }

    static double[] source() {
        double[] x = new double[N];
        for (int i = 0; i < N; i++) x[i] = 0.5 * tone(440, i / (double) RATE) + 0.25 * tone(1000, i / (double) RATE);
        return x;
    }

    @Test
    void bandLimitedTonesComeBackBetweenTheSamples() {
        double[] x = source();
        for (double p = 600.37; p < 3400; p += 311.1) {
            double t = p / RATE, truth = 0.5 * tone(440, t) + 0.25 * tone(1000, t);
            assertThat(SincReference.at(x, p, 0.5)).isCloseTo(truth, within(1e-5));
        }
    }

    /** Played at speed 1.5 (band edge 2667 Hz at the output rate) with a 40 dB-down error tone at {@code errorHz} of output. */
    static SincReference.Snr withError(double errorHz) {
        double[] x = source(), y = new double[(int) (N / 1.5)];
        for (int i = 0; i < y.length; i++) {
            double t = i * 1.5 / RATE;
            y[i] = 0.5 * tone(440, t) + 0.25 * tone(1000, t) + 0.01 * Math.sin(2 * Math.PI * errorHz * i / RATE);
        }
        return SincReference.compare(x, y, 1.5, 300);
    }

    @Test
    void passbandSnrCountsAnErrorInsideThePassband() {
        // signal power (0.5^2 + 0.25^2) / 2 against 0.01^2 / 2: 34.0 dB, the same by either measure
        double expected = 10 * Math.log10((0.25 + 0.0625) / 1e-4);
        SincReference.Snr s = withError(1000 * 1.5); // 1500 Hz at the output rate, inside 90% of the 4000 Hz band
        assertThat(s.full()).isCloseTo(expected, within(0.3));
        assertThat(s.passband()).isCloseTo(expected, within(0.3));
    }

    @Test
    void passbandSnrLeavesTheTransitionBandOut() {
        SincReference.Snr s = withError(3900); // above 90% of the output band (3600 Hz)
        assertThat(s.full()).isCloseTo(10 * Math.log10((0.25 + 0.0625) / 1e-4), within(0.3));
        assertThat(s.passband()).isGreaterThan(90);
    }
}
