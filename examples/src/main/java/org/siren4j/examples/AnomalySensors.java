package org.siren4j.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.siren4j.core.ModelFile;
import org.siren4j.pde.Grid;
import org.siren4j.pde.fd.WaveFd;

/**
 * Makes the measurements of the velocity-anomaly problem ({@code examples/problems/wave-anomaly.json}): a membrane on
 * [-1, 1]^2 held at its edge, a Gaussian pulse (sigma 0.15) released at rest at the centre, the speed 1 except a round
 * anomaly of radius 0.25 (a smooth edge, 0.03 wide) where it is 1 + A. The truth is the leapfrog reference with the
 * speed varying (401^2 points, CFL 0.5) at A = 0.5 and centre (0.35, -0.2); 16 sensors on the circle of radius 0.8
 * read it at 41 times in [0, 1] (bilinear between grid points), with Gaussian noise of 1% of the pulse's peak.
 * Arguments: [OUT.csv (default examples/problems/wave-anomaly-sensors.csv)] [seed (22)].
 */
public final class AnomalySensors {
    public static final double CONTRAST = 0.5, X0 = 0.35, Y0 = -0.2, RADIUS = 0.25, EDGE = 0.03, SIGMA = 0.15;

    public static double speed(double x, double y) {
        return 1 + CONTRAST / (1 + Math.exp((Math.hypot(x - X0, y - Y0) - RADIUS) / EDGE));
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "examples/problems/wave-anomaly-sensors.csv");
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 22;
        int n = 401, sensors = 16, samples = 41;
        double noise = 0.01;
        Grid g = Grid.square(n);
        double[] times = new double[samples];
        for (int k = 0; k < samples; k++) times[k] = (double) k / (samples - 1);
        WaveFd.Solution fd = WaveFd.solve(g, AnomalySensors::speed, (x, y) -> Math.exp(-(x * x + y * y) / (2 * SIGMA * SIGMA)), (x, y) -> 0, times, 0.5);
        Random rnd = new Random(seed);
        StringBuilder csv = new StringBuilder(String.format(Locale.ROOT, "# the leapfrog reference (%d^2 points) with the anomaly 1 + %s at (%s, %s), radius %s;"
                + " %d sensors on the circle r = 0.8 x %d times, noise %s of the peak, seed %d%nx,y,t,u%n", n, CONTRAST, X0, Y0, RADIUS, sensors, samples, noise, seed));
        for (int s = 0; s < sensors; s++) {
            double a = 2 * Math.PI * s / sensors, x = 0.8 * Math.cos(a), y = 0.8 * Math.sin(a);
            for (int k = 0; k < samples; k++)
                csv.append(String.format(Locale.ROOT, "%.6f,%.6f,%.4f,%.6f%n", x, y, times[k], bilinear(g, fd.frames()[k], x, y) + noise * rnd.nextGaussian()));
        }
        ModelFile.writeAtomically(out, csv.toString().getBytes(StandardCharsets.US_ASCII));
        System.out.println("wrote " + out + ": " + sensors * samples + " measurements");
    }

    static double bilinear(Grid g, double[] u, double x, double y) {
        double fx = (x - g.x0()) / g.hx(), fy = (y - g.y0()) / g.hy();
        int j = Math.min(g.nx() - 2, (int) Math.floor(fx)), i = Math.min(g.ny() - 2, (int) Math.floor(fy));
        double a = fx - j, b = fy - i;
        int k = i * g.nx() + j;
        return (1 - a) * (1 - b) * u[k] + a * (1 - b) * u[k + 1] + (1 - a) * b * u[k + g.nx()] + a * b * u[k + g.nx() + 1];
    }
}
