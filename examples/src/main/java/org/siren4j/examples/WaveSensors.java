package org.siren4j.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.siren4j.core.ModelFile;
import org.siren4j.pde.fd.WaveFd;

/**
 * Makes the measurements of the inverse wave problem ({@code examples/problems/wave-inverse.json}): a string on
 * [-1, 1] held at its ends, released at rest from a Gaussian bump, its wave speed c unknown to the solver. The truth is
 * the leapfrog reference at c = 1.3 (2001 points, CFL 0.5); 8 sensors at x = -0.7, -0.5, ..., 0.7 read it at 41 times
 * in [0, 1.5], with Gaussian noise of 1% of the bump's peak (seeded). Arguments: [OUT.csv (default
 * examples/problems/wave-inverse-sensors.csv)] [c (1.3)] [noise (0.01)] [seed (21)].
 */
public final class WaveSensors {
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "examples/problems/wave-inverse-sensors.csv");
        double c = args.length > 1 ? Double.parseDouble(args[1]) : 1.3, noise = args.length > 2 ? Double.parseDouble(args[2]) : 0.01;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 21;
        int nx = 2001, sensors = 8, samples = 41;
        double[] times = new double[samples];
        for (int k = 0; k < samples; k++) times[k] = 1.5 * k / (samples - 1);
        WaveFd.Solution fd = WaveFd.solve1d(nx, c, x -> Math.exp(-(x - 0.2) * (x - 0.2) / (2 * 0.15 * 0.15)), x -> 0, times, 0.5);
        Random rnd = new Random(seed);
        StringBuilder csv = new StringBuilder(String.format(Locale.ROOT,
                "# the leapfrog reference at c = %s (%d points), %d sensors x %d times, noise %s of the peak, seed %d%nx,t,u%n", c, nx, sensors, samples, noise, seed));
        for (int s = 0; s < sensors; s++) {
            double x = -0.7 + 0.2 * s;
            int j = (int) Math.round((x + 1) / 2 * (nx - 1)); // a grid point: h = 0.001
            for (int k = 0; k < samples; k++)
                csv.append(String.format(Locale.ROOT, "%.4f,%.6f,%.6f%n", x, times[k], fd.frames()[k][j] + noise * rnd.nextGaussian()));
        }
        ModelFile.writeAtomically(out, csv.toString().getBytes(StandardCharsets.US_ASCII));
        System.out.println("wrote " + out + ": " + sensors * samples + " measurements");
    }
}
