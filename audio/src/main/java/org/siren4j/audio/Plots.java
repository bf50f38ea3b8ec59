package org.siren4j.audio;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.siren4j.core.ModelFile;

/**
 * One picture of a sound: its waveform, its difference from another (when given, with the SNR), and its
 * spectrogram (dB, 80 dB range), on one time axis. Drawn with java.awt, written atomically as PNG.
 */
public final class Plots {
    private Plots() {}

    static final int W = 1400, LEFT = 70, RIGHT = 20, PANEL = 220, GAP = 40, TOP = 40;

    public static void write(Path png, String title, double[] x, int rate, double[] compare) throws IOException {
        int panels = compare != null ? 3 : 2;
        int h = TOP + panels * (PANEL + GAP) + 10;
        BufferedImage img = new BufferedImage(W, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, LEFT, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        double seconds = x.length / (double) rate;
        int y0 = TOP;
        waveform(g, x, y0, new Color(30, 90, 180), "waveform", seconds);
        y0 += PANEL + GAP;
        if (compare != null) {
            double[] e = new double[x.length];
            double s = 0, n = 0;
            for (int i = 0; i < x.length; i++) {
                double c = i < compare.length ? compare[i] : 0;
                e[i] = x[i] - c;
                s += c * c;
                n += e[i] * e[i];
            }
            waveform(g, e, y0, new Color(200, 40, 40), String.format("difference from the comparison (SNR %.2f dB)", 10 * Math.log10(s / Math.max(n, 1e-300))), seconds);
            y0 += PANEL + GAP;
        }
        spectrogram(g, x, rate, y0, seconds);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        ModelFile.writeAtomically(png, out.toByteArray());
    }

    private static void frame(Graphics2D g, int y0, String label, double seconds) {
        int w = W - LEFT - RIGHT;
        g.setColor(Color.GRAY);
        g.drawRect(LEFT, y0, w, PANEL);
        g.setColor(Color.BLACK);
        g.drawString(label, LEFT, y0 - 6);
        double step = niceStep(seconds / 10);
        for (double t = 0; t <= seconds + 1e-9; t += step) {
            int px = LEFT + (int) Math.round(t / seconds * w);
            g.drawLine(px, y0 + PANEL, px, y0 + PANEL + 4);
            g.drawString(String.format(step < 0.1 ? "%.2f s" : "%.1f s", t), px - 14, y0 + PANEL + 16);
        }
    }

    private static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw))), m = raw / p;
        return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
    }

    /** Min and max of the samples under each pixel column, scaled to the panel's peak. */
    private static void waveform(Graphics2D g, double[] x, int y0, Color c, String label, double seconds) {
        int w = W - LEFT - RIGHT;
        double peak = 1e-12;
        for (double v : x) peak = Math.max(peak, Math.abs(v));
        frame(g, y0, String.format("%s (peak %.3g)", label, peak), seconds);
        g.setColor(c);
        g.setStroke(new BasicStroke(1f));
        int mid = y0 + PANEL / 2;
        for (int px = 0; px < w; px++) {
            int a = (int) ((long) px * x.length / w), b = (int) Math.max(a + 1, (long) (px + 1) * x.length / w);
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (int i = a; i < Math.min(b, x.length); i++) { lo = Math.min(lo, x[i]); hi = Math.max(hi, x[i]); }
            if (lo > hi) continue;
            g.drawLine(LEFT + px, mid - (int) (hi / peak * (PANEL / 2 - 4)), LEFT + px, mid - (int) (lo / peak * (PANEL / 2 - 4)));
        }
    }

    private static void spectrogram(Graphics2D g, double[] x, int rate, int y0, double seconds) {
        int w = W - LEFT - RIGHT;
        Stft s = Stft.analyze(x, Stft.sizeFor(rate, 0.03));
        double[][] p = s.power();
        double max = 1e-30;
        for (double[] row : p) for (double v : row) max = Math.max(max, v);
        frame(g, y0, String.format("spectrogram, 0 to %.0f Hz (dB below the peak, 80 dB range)", rate / 2.0), seconds);
        for (int px = 0; px < w; px++) {
            int f = Math.min(s.frames - 1, (int) ((px + 0.5) / w * s.frames));
            for (int py = 0; py < PANEL; py++) {
                int k = Math.min(s.bins - 1, (int) ((PANEL - 1 - py + 0.5) / PANEL * s.bins));
                double db = 10 * Math.log10(Math.max(p[f][k], 1e-30) / max);
                g.setColor(heat(Math.max(0, Math.min(1, 1 + db / 80))));
                g.fillRect(LEFT + px, y0 + py, 1, 1);
            }
        }
        g.setColor(Color.BLACK);
        for (int i = 0; i <= 4; i++) {
            int py = y0 + PANEL - i * PANEL / 4;
            g.drawString(String.format("%.0f", rate / 2.0 * i / 4 / 1000) + "k", 30, py + 4);
        }
    }

    /** Black - purple - orange - yellow. */
    private static Color heat(double v) {
        double r = Math.min(1, 1.6 * v), gr = Math.max(0, Math.min(1, 2 * v - 0.8)), b = Math.max(0, Math.min(1, v < 0.5 ? 1.4 * v : 1.4 * (1 - v)));
        return new Color((float) r, (float) gr, (float) b);
    }
}
