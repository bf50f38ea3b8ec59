package org.siren4j.pde;

import java.util.List;
import org.siren4j.core.ChannelRef;
import org.siren4j.core.Objective;
import org.siren4j.core.PointGroup;
import org.siren4j.core.Residual;

/**
 * The paper's Poisson image experiment as data: a square grey picture on {@code [-1, 1]^2} (values mapped to
 * [-1, 1], y pointing up so that field row 0 is the picture's bottom row), and a network supervised on the
 * picture's gradient, its Laplacian (5-point stencil) or its values. What the supervision cannot see is fitted
 * before scoring: a constant for the gradient, a constant plus the harmonic polynomials up to degree 4 for the
 * Laplacian.
 *
 * <p>Which gradient matters. The network's own derivative is matched to a discrete one at points, so the
 * picture it can recover is the picture seen through that stencil's frequency response: for the camera
 * picture at 128^2 that caps the PSNR at 29.5 dB with Sobel (the paper's choice; the smoothing across and the
 * central difference both attenuate fine detail), 41.0 dB with differences of neighbours placed at their
 * midpoints ({@link Stencil#DIFFERENCE}), and no cap with the spectral derivative of the evenly reflected picture
 * ({@link Stencil#SPECTRAL}: the exact gradient of its band-limited interpolant at the pixels).
 */
public final class PoissonImage {
    public enum From { GRADIENT, LAPLACIAN, IMAGE }

    /** How the gradient is taken from the pixels. */
    public enum Stencil { SOBEL, DIFFERENCE, SPECTRAL }

    private final GrayImage image;
    private final From from;
    private final Stencil stencil;
    private final Grid grid;
    private final double[] truth;
    private double[][] unseen;

    public PoissonImage(GrayImage squareImage, From from) { this(squareImage, from, Stencil.SOBEL); }

    public PoissonImage(GrayImage squareImage, From from, Stencil stencil) {
        if (squareImage.width() != squareImage.height()) throw new IllegalArgumentException("the picture must be square: take GrayImage.square(n)");
        this.image = squareImage;
        this.from = from;
        this.stencil = stencil;
        int n = squareImage.width();
        this.grid = Grid.square(n);
        this.truth = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) truth[i * n + j] = 2 * squareImage.pixels()[(n - 1 - i) * n + j] - 1;
    }

    public Grid grid() { return grid; }

    public From from() { return from; }

    public Stencil stencil() { return stencil; }

    /** The picture as a field on the grid, in [-1, 1]. */
    public double[] truth() { return truth.clone(); }

    /** Sobel derivative along x (columns) or y (rows) per unit of the coordinate; edges reflected as scipy.ndimage does. */
    public double[] sobel(boolean alongX) {
        int n = grid.nx();
        double h = grid.hx();
        double[] g = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int d = -1; d <= 1; d++) {
                    double w = d == 0 ? 2 : 1;
                    s += alongX ? w * (at(i + d, j + 1) - at(i + d, j - 1)) : w * (at(i + 1, j + d) - at(i - 1, j + d));
                }
                g[i * n + j] = s / (8 * h);
            }
        return g;
    }

    /** The 5-point Laplacian per unit of the coordinates, edges reflected. */
    public double[] laplacian() {
        int n = grid.nx();
        double h = grid.hx();
        double[] l = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                l[i * n + j] = (at(i + 1, j) + at(i - 1, j) + at(i, j + 1) + at(i, j - 1) - 4 * at(i, j)) / (h * h);
        return l;
    }

    private double at(int i, int j) {
        int n = grid.nx();
        i = i < 0 ? -i - 1 : i >= n ? 2 * n - i - 1 : i;
        j = j < 0 ? -j - 1 : j >= n ? 2 * n - j - 1 : j;
        return truth[i * n + j];
    }

    /**
     * The spectral derivative along x or y: rows (or columns) reflected evenly to a period of 2n and
     * differentiated exactly, through the periodic differentiation matrix folded onto the n samples.
     */
    public double[] spectral(boolean alongX) {
        int n = grid.nx(), m2 = 2 * n;
        double period = m2 * grid.hx();
        double[][] d = new double[n][n];
        for (int j = 0; j < n; j++)
            for (int m = 0; m < n; m++)
                d[j][m] = periodic(j - m, m2, period) + periodic(j - (m2 - 1 - m), m2, period);
        double[] g = new double[n * n];
        for (int a = 0; a < n; a++)          // the line (a row for x, a column for y)
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int m = 0; m < n; m++) s += d[j][m] * (alongX ? truth[a * n + m] : truth[m * n + a]);
                g[alongX ? a * n + j : j * n + a] = s;
            }
        return g;
    }

    /** Entry of the periodic (N even) trigonometric differentiation matrix at offset k. */
    private static double periodic(int k, int n, double period) {
        if (k % n == 0) return 0;
        return Math.PI / period * ((k & 1) == 0 ? 1 : -1) / Math.tan(Math.PI * k / n);
    }

    /** One fixed group on the pixel grid (two on the half-pixel points for differences); {@code batch} points a step (<= 0: all). */
    public Objective objective(int batch) {
        if (from == From.GRADIENT && stencil == Stencil.DIFFERENCE) return differences(batch);
        PointGroup pixels = PointGroup.fixed("pixels", 2, grid.points()).batch(batch);
        switch (from) {
            case GRADIENT -> pixels.residual(
                    Residual.mse("du/dx").term(ChannelRef.gradient(0, 0)).target(stencil == Stencil.SOBEL ? sobel(true) : spectral(true)),
                    Residual.mse("du/dy").term(ChannelRef.gradient(0, 1)).target(stencil == Stencil.SOBEL ? sobel(false) : spectral(false)));
            case LAPLACIAN -> pixels.residual(Residual.mse("lap u").term(ChannelRef.laplacian(0, 2)).target(laplacian()));
            case IMAGE -> pixels.residual(Residual.mse("u").term(ChannelRef.value(0)).target(truth.clone()));
        }
        return new Objective(2, List.of(pixels));
    }

    /** Differences of neighbours divided by the spacing, as derivatives at their midpoints: one group a direction. */
    private Objective differences(int batch) {
        int n = grid.nx(), m = n * (n - 1);
        double h = grid.hx();
        double[] px = new double[2 * m], gx = new double[m], py = new double[2 * m], gy = new double[m];
        int k = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n - 1; j++, k++) {
                px[2 * k] = 0.5 * (grid.x(j) + grid.x(j + 1));
                px[2 * k + 1] = grid.y(i);
                gx[k] = (truth[i * n + j + 1] - truth[i * n + j]) / h;
            }
        k = 0;
        for (int i = 0; i < n - 1; i++)
            for (int j = 0; j < n; j++, k++) {
                py[2 * k] = grid.x(j);
                py[2 * k + 1] = 0.5 * (grid.y(i) + grid.y(i + 1));
                gy[k] = (truth[(i + 1) * n + j] - truth[i * n + j]) / h;
            }
        int half = batch <= 0 ? 0 : Math.max(1, batch / 2);
        return new Objective(2, List.of(
                PointGroup.fixed("x midpoints", 2, px).batch(half).residual(Residual.mse("du/dx").term(ChannelRef.gradient(0, 0)).target(gx)),
                PointGroup.fixed("y midpoints", 2, py).batch(half).residual(Residual.mse("du/dy").term(ChannelRef.gradient(0, 1)).target(gy))));
    }

    /** A field scored against the picture: what the supervision leaves undetermined fitted first. */
    public record Score(double psnrDb, double[] fitted, String fittedPart) {}

    public Score score(double[] u) {
        double[][] basis = unseenBasis();
        double[] fitted = u.clone(), resid = new double[u.length];
        for (int k = 0; k < u.length; k++) resid[k] = truth[k] - u[k];
        double[] c = leastSquares(basis, resid);
        for (int b = 0; b < basis.length; b++) for (int k = 0; k < u.length; k++) fitted[k] += c[b] * basis[b][k];
        double mse = 0;
        for (int k = 0; k < u.length; k++) {
            double p = Math.max(0, Math.min(1, 0.5 * fitted[k] + 0.5)), t = 0.5 * truth[k] + 0.5;
            mse += (p - t) * (p - t) / u.length;
        }
        String part = switch (from) {
            case GRADIENT -> "constant";
            case LAPLACIAN -> "constant + harmonic polynomials up to degree 4 (x, y, x^2-y^2, xy, ...)";
            case IMAGE -> "none";
        };
        return new Score(10 * Math.log10(1 / mse), fitted, part);
    }

    /** What the supervision cannot see, built once: scoring runs as the training metric. */
    private double[][] unseenBasis() {
        if (unseen == null) unseen = switch (from) {
            case GRADIENT -> new double[][] {ones()};
            case LAPLACIAN -> harmonicBasis();
            case IMAGE -> new double[0][];
        };
        return unseen;
    }

    private double[] ones() {
        double[] o = new double[grid.size()];
        java.util.Arrays.fill(o, 1);
        return o;
    }

    /** Re and Im of (x + i y)^d for d = 0..4: the harmonic polynomials a Laplacian cannot see. */
    private double[][] harmonicBasis() {
        double[] p = grid.points();
        int m = grid.size();
        double[][] b = new double[9][m];
        for (int k = 0; k < m; k++) {
            double x = p[2 * k], y = p[2 * k + 1], re = 1, im = 0;
            b[0][k] = 1;
            for (int d = 1; d <= 4; d++) {
                double r = re * x - im * y;
                im = re * y + im * x;
                re = r;
                b[2 * d - 1][k] = re;
                b[2 * d][k] = im;
            }
        }
        return b;
    }

    /** Coefficients c minimising |sum_b c_b basis_b - r|, by the normal equations (a handful of columns). */
    private static double[] leastSquares(double[][] basis, double[] r) {
        int m = basis.length;
        double[][] a = new double[m][m + 1];
        for (int p = 0; p < m; p++) {
            for (int q = 0; q < m; q++) {
                double s = 0;
                for (int k = 0; k < r.length; k++) s += basis[p][k] * basis[q][k];
                a[p][q] = s;
            }
            double s = 0;
            for (int k = 0; k < r.length; k++) s += basis[p][k] * r[k];
            a[p][m] = s;
        }
        for (int col = 0; col < m; col++) { // Gauss-Jordan with partial pivoting
            int piv = col;
            for (int row = col + 1; row < m; row++) if (Math.abs(a[row][col]) > Math.abs(a[piv][col])) piv = row;
            double[] t = a[col]; a[col] = a[piv]; a[piv] = t;
            for (int row = 0; row < m; row++) {
                if (row == col) continue;
                double f = a[row][col] / a[col][col];
                for (int q = col; q <= m; q++) a[row][q] -= f * a[col][q];
            }
        }
        double[] c = new double[m];
        for (int p = 0; p < m; p++) c[p] = a[p][m] / a[p][p];
        return c;
    }

    /** The picture of a field on this problem's grid (field row 0 at the bottom), in [0, 1]. */
    public GrayImage picture(double[] field) {
        int n = grid.nx();
        double[] px = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) px[(n - 1 - i) * n + j] = 0.5 * field[i * n + j] + 0.5;
        return new GrayImage(n, n, px);
    }

    public GrayImage image() { return image; }
}
