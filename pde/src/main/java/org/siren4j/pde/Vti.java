package org.siren4j.pde;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.siren4j.core.ModelFile;

/**
 * Fields on a 1-D, 2-D or 3-D grid as VTK image data ({@code .vti}, XML), which ParaView and VisIt open: point data, one Float64 array
 * per field, x fastest (the grid's own row-major order), NaN where a field is undefined (outside a domain). The arrays
 * are inline binary (base64 of a UInt32 byte count and the little-endian values): VTK's ASCII reader cannot read NaN.
 */
public final class Vti {
    private Vti() {}

    /** Writes {@code fields} (name to {@code g.size()} values) atomically. */
    public static void write(Path file, Grid g, Map<String, double[]> fields) throws IOException { write(file, Lattice.of(g), fields); }

    /** Writes {@code fields} (name to {@code g.size()} values, x fastest) atomically. */
    public static void write(Path file, Lattice g, Map<String, double[]> fields) throws IOException {
        StringBuilder s = new StringBuilder(64 + 24 * g.size() * fields.size());
        StringBuilder extent = new StringBuilder(), origin = new StringBuilder(), spacing = new StringBuilder();
        for (int k = 0; k < 3; k++) { // VTK image data is 3-D: missing axes have one point
            boolean has = k < g.dims();
            extent.append(k > 0 ? " 0 " : "0 ").append(has ? g.n()[k] - 1 : 0);
            origin.append(k > 0 ? " " : "").append(has ? num(g.lo()[k]) : "0");
            spacing.append(k > 0 ? " " : "").append(has ? num(g.spacing(k)) : "1");
        }
        s.append("<?xml version=\"1.0\"?>\n<VTKFile type=\"ImageData\" version=\"0.1\" byte_order=\"LittleEndian\">\n")
                .append("  <ImageData WholeExtent=\"").append(extent).append("\" Origin=\"").append(origin)
                .append("\" Spacing=\"").append(spacing).append("\">\n")
                .append("    <Piece Extent=\"").append(extent).append("\">\n      <PointData");
        if (!fields.isEmpty()) s.append(" Scalars=\"").append(fields.keySet().iterator().next()).append('"');
        s.append(">\n");
        for (Map.Entry<String, double[]> f : fields.entrySet()) {
            if (f.getValue().length != g.size()) throw new IllegalArgumentException(f.getKey() + ": " + f.getValue().length + " values for a " + g.size() + "-point grid");
            s.append("        <DataArray type=\"Float64\" Name=\"").append(f.getKey()).append("\" format=\"binary\">\n          ");
            double[] v = f.getValue();
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 + 8 * v.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            b.putInt(8 * v.length);
            for (double x : v) b.putDouble(x);
            s.append(java.util.Base64.getEncoder().encodeToString(b.array())).append('\n');
            s.append("        </DataArray>\n");
        }
        s.append("      </PointData>\n    </Piece>\n  </ImageData>\n</VTKFile>\n");
        ModelFile.writeAtomically(file, s.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * A time series as ParaView reads one: each frame a {@code STEM_KK.vti} beside {@code pvd}, and the {@code .pvd}
     * collection naming them with their times. Every file is written atomically, the collection last.
     */
    public static void writeSeries(Path pvd, Grid g, double[] times, java.util.List<Map<String, double[]>> frames) throws IOException {
        if (times.length != frames.size()) throw new IllegalArgumentException(times.length + " times, " + frames.size() + " frames");
        String stem = pvd.getFileName().toString().replaceFirst("\\.pvd$", "");
        StringBuilder s = new StringBuilder("<?xml version=\"1.0\"?>\n<VTKFile type=\"Collection\" version=\"0.1\" byte_order=\"LittleEndian\">\n  <Collection>\n");
        for (int k = 0; k < times.length; k++) {
            String frame = String.format(Locale.ROOT, "%s_%02d.vti", stem, k);
            write(pvd.resolveSibling(frame), g, frames.get(k));
            s.append("    <DataSet timestep=\"").append(num(times[k])).append("\" part=\"0\" file=\"").append(frame).append("\"/>\n");
        }
        s.append("  </Collection>\n</VTKFile>\n");
        ModelFile.writeAtomically(pvd, s.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private static String num(double v) { return Double.isNaN(v) ? "nan" : String.format(Locale.ROOT, "%.17g", v); }
}
