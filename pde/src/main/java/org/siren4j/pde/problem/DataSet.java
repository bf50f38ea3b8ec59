package org.siren4j.pde.problem;

import static org.siren4j.pde.problem.ProblemJson.number;
import static org.siren4j.pde.problem.ProblemJson.required;
import static org.siren4j.pde.problem.ProblemJson.requireObject;
import static org.siren4j.pde.problem.ProblemJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.siren4j.pde.problem.FileProblem.ProblemException;

/**
 * Measurements: points ({@code dims} coordinates each) and, for each measured network output, its values there; a
 * data term pulls the field towards them with {@code weight}.
 */
public record DataSet(String name, double[] points, Map<String, double[]> values, Map<String, Integer> outputs, double weight) {
    private static final double DEFAULT_WEIGHT = 100;

    public int count() { return values.values().iterator().next().length; }

    /**
     * {@code {file: F, name: N, columns: [...], weight: W}}: a CSV file with a header naming its columns, or an NPY
     * array [n, columns] with {@code columns} given; columns are the coordinates (all of them) and measured unknowns
     * ({@code u}; {@code u_re}, {@code u_im} for a complex one). Paths are relative to {@code base}, the problem file's
     * folder; {@code box} is the problem's box in space and time, {@code index} the set's place in the file.
     */
    static DataSet read(JsonNode n, String path, Path base, LinearForm.Symbols symbols, List<FileProblem.Unknown> unknowns, double[] box, int index) {
        requireObject(n, path);
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!Set.of("file", "name", "columns", "weight").contains(k)) throw new ProblemException(path + "." + k, "unknown key (known: columns, file, name, weight)");
        }
        String fileName = text(required(n, "file", path), path + ".file");
        Path file = base.resolve(fileName);
        if (!Files.isRegularFile(file)) throw new ProblemException(path + ".file", "no such file: " + file);
        List<String> columns = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        boolean npy = fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".npy");
        try {
            if (npy) {
                JsonNode cn = required(n, "columns", path);
                if (!cn.isArray()) throw new ProblemException(path + ".columns", "a list of column names");
                for (int i = 0; i < cn.size(); i++) columns.add(text(cn.get(i), path + ".columns[" + i + "]"));
                org.siren4j.pde.Npy.Array a = org.siren4j.pde.Npy.read(file);
                if (a.shape().length != 2 || a.shape()[1] != columns.size())
                    throw new ProblemException(path + ".file", "an array [n, " + columns.size() + "] (one column each of " + String.join(", ", columns) + "), got " + java.util.Arrays.toString(a.shape()));
                for (int r = 0; r < a.shape()[0]; r++) rows.add(java.util.Arrays.copyOfRange(a.data(), r * columns.size(), (r + 1) * columns.size()));
            } else {
                if (n.has("columns")) throw new ProblemException(path + ".columns", "a CSV file names its columns in its header");
                List<String> lines = Files.readAllLines(file);
                int lineNo = 0;
                for (String line : lines) {
                    lineNo++;
                    String l = line.strip();
                    if (l.isEmpty() || l.startsWith("#")) continue;
                    String[] cells = l.split("\\s*,\\s*");
                    if (columns.isEmpty()) {
                        columns.addAll(List.of(cells));
                        continue;
                    }
                    if (cells.length != columns.size()) throw new ProblemException(path + ".file", fileName + " line " + lineNo + ": " + cells.length + " values, the header has " + columns.size());
                    double[] row = new double[cells.length];
                    for (int k = 0; k < cells.length; k++) {
                        try {
                            row[k] = Double.parseDouble(cells[k]);
                        } catch (NumberFormatException e) {
                            throw new ProblemException(path + ".file", fileName + " line " + lineNo + ": '" + cells[k] + "' is not a number");
                        }
                        if (!Double.isFinite(row[k])) throw new ProblemException(path + ".file", fileName + " line " + lineNo + ": '" + cells[k] + "' is not finite");
                    }
                    rows.add(row);
                }
            }
        } catch (IOException e) {
            throw new ProblemException(path + ".file", "cannot read " + file + ": " + e.getMessage());
        }
        if (rows.isEmpty()) throw new ProblemException(path + ".file", "no measurements in " + fileName);
        List<String> coordinates = symbols.coordinates();
        int dims = coordinates.size();
        for (String c : coordinates) if (!columns.contains(c)) throw new ProblemException(path + ".file", "no column " + c + " (columns: " + String.join(", ", columns) + ")");
        Map<String, Integer> outputs = new LinkedHashMap<>();
        for (String c : columns) {
            if (coordinates.contains(c)) continue;
            Integer o = null;
            for (FileProblem.Unknown w : unknowns) {
                if (!w.complex() && c.equals(w.name())) o = w.output();
                if (w.complex() && c.equals(w.name() + "_re")) o = w.output();
                if (w.complex() && c.equals(w.name() + "_im")) o = w.output() + 1;
            }
            if (o == null) throw new ProblemException(path + ".file", "column '" + c + "' is neither a coordinate nor a measured unknown (" + String.join(", ", coordinates) + ", or an unknown; a complex one as NAME_re, NAME_im)");
            if (outputs.put(c, o) != null) throw new ProblemException(path + ".file", "column '" + c + "' twice");
        }
        if (outputs.isEmpty()) throw new ProblemException(path + ".file", "no measured unknown among the columns " + String.join(", ", columns));
        double[] pts = new double[dims * rows.size()];
        Map<String, double[]> values = new LinkedHashMap<>();
        for (String c : outputs.keySet()) values.put(c, new double[rows.size()]);
        for (int r = 0; r < rows.size(); r++) {
            for (int k = 0; k < dims; k++) {
                double v = rows.get(r)[columns.indexOf(coordinates.get(k))], slack = 1e-9 * (box[2 * k + 1] - box[2 * k]);
                if (v < box[2 * k] - slack || v > box[2 * k + 1] + slack)
                    throw new ProblemException(path + ".file", "measurement " + (r + 1) + ": " + coordinates.get(k) + " = " + v + " is outside the domain's [" + box[2 * k] + ", " + box[2 * k + 1] + "]");
                pts[dims * r + k] = v;
            }
            for (String c : outputs.keySet()) values.get(c)[r] = rows.get(r)[columns.indexOf(c)];
        }
        double w = n.has("weight") ? number(n.get("weight"), path + ".weight") : DEFAULT_WEIGHT;
        String name = n.has("name") ? text(n.get("name"), path + ".name") : "data[" + index + "]";
        return new DataSet(name, pts, values, outputs, w);
    }
}
