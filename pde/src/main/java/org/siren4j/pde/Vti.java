package org.siren4j.pde;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.siren4j.core.ModelFile;

/**
 * Fields on a grid as VTK image data ({@code .vti}, XML), which ParaView and VisIt open: point data, one Float64 array
 * per field, x fastest (the grid's own row-major order), NaN where a field is undefined (outside a domain). The arrays
 * are inline binary (base64 of a UInt32 byte count and the little-endian values): VTK's ASCII reader cannot read NaN.
 */
public final class Vti {
    private Vti() {}

    /** Writes {@code fields} (name to {@code g.size()} values) atomically. */
    public static void write(Path file, Grid g, Map<String, double[]> fields) throws IOException {
        StringBuilder s = new StringBuilder(64 + 24 * g.size() * fields.size());
        String extent = "0 " + (g.nx() - 1) + " 0 " + (g.ny() - 1) + " 0 0";
        s.append("<?xml version=\"1.0\"?>\n<VTKFile type=\"ImageData\" version=\"0.1\" byte_order=\"LittleEndian\">\n")
                .append("  <ImageData WholeExtent=\"").append(extent).append("\" Origin=\"").append(num(g.x0())).append(' ').append(num(g.y0()))
                .append(" 0\" Spacing=\"").append(num(g.hx())).append(' ').append(num(g.hy())).append(" 1\">\n")
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

    private static String num(double v) { return Double.isNaN(v) ? "nan" : String.format(Locale.ROOT, "%.17g", v); }
}
