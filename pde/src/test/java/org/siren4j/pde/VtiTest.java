package org.siren4j.pde;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** A .vti read back as the VTK XML format describes it (the JDK's XML parser, base64 with a UInt32 byte count). */
class VtiTest {
    @TempDir Path dir;

    @Test
    void aFieldWithNaNOutsideReadsBackAsVtkDescribesIt() throws Exception {
        Grid g = new Grid(-1, 2, 0.5, 1.5, 7, 5);
        double[] u = new double[g.size()], v = new double[g.size()];
        for (int p = 0; p < u.length; p++) { u[p] = p % 3 == 0 ? Double.NaN : Math.sin(p); v[p] = p * 0.25; }
        Map<String, double[]> fields = new LinkedHashMap<>();
        fields.put("u", u);
        fields.put("v", v);
        Path f = dir.resolve("f.vti");
        Vti.write(f, g, fields);

        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(f.toFile());
        Element img = (Element) d.getElementsByTagName("ImageData").item(0);
        assertThat(d.getDocumentElement().getAttribute("type")).isEqualTo("ImageData");
        assertThat(img.getAttribute("WholeExtent")).isEqualTo("0 6 0 4 0 0");
        double[] origin = numbers(img.getAttribute("Origin")), spacing = numbers(img.getAttribute("Spacing"));
        assertThat(origin).containsExactly(-1, 0.5, 0);
        assertThat(spacing[0]).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(spacing[1]).isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-15));
        NodeList arrays = d.getElementsByTagName("DataArray");
        assertThat(arrays.getLength()).isEqualTo(2);
        for (int a = 0; a < 2; a++) {
            Element e = (Element) arrays.item(a);
            assertThat(e.getAttribute("type")).isEqualTo("Float64");
            assertThat(e.getAttribute("format")).isEqualTo("binary");
            ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(e.getTextContent().strip())).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(b.getInt()).isEqualTo(8 * g.size());
            double[] want = a == 0 ? u : v;
            assertThat(e.getAttribute("Name")).isEqualTo(a == 0 ? "u" : "v");
            for (double w : want) {
                double got = b.getDouble();
                if (Double.isNaN(w)) assertThat(got).isNaN(); else assertThat(got).isEqualTo(w);
            }
            assertThat(b.remaining()).isZero();
        }
    }

    private static double[] numbers(String s) {
        String[] p = s.trim().split("\\s+");
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) out[i] = Double.parseDouble(p[i]);
        return out;
    }
}
