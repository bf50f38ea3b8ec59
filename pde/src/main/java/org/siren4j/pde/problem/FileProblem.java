package org.siren4j.pde.problem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.siren4j.core.ChannelRef;
import org.siren4j.core.Objective;
import org.siren4j.core.PointGroup;
import org.siren4j.core.Residual;
import org.siren4j.core.Rng;
import org.siren4j.core.SirenEngine;
import org.siren4j.core.SirenModel;
import org.siren4j.pde.Grid;

/**
 * A user's PDE problem as data, read from a JSON or YAML file (schema: docs/problem-files.md): a 2-D or 3-D domain, one
 * or more unknowns (real or complex), PDE residuals and boundary conditions written as linear expressions over the
 * unknowns' channels and the coordinates, and the exact solution when known. A mistake in the file is a {@link
 * ProblemException} naming the JSON path of the bad key.
 */
public final class FileProblem {
    /** A bad problem file: the message starts with the JSON path ({@code $.boundary[1].where: ...}). */
    public static final class ProblemException extends IllegalArgumentException {
        public ProblemException(String path, String what) { super(path + ": " + what); }
    }

    /** An unknown field: its network output (and the next one for the imaginary part when complex). */
    public record Unknown(String name, boolean complex, int output) {}

    /**
     * One boundary or initial condition: where it holds, its linear forms (each = 0) over the unknowns' values, first
     * derivatives and dn, and its points ({@code inputs} coordinates each, t last in a time problem) with their outward
     * normals (the spatial components; null for an initial condition, which has none).
     */
    public record Condition(String name, String where, List<LinearForm> forms, double weight, double[] points, double[] normals) {
        /** The single form of a one-residual condition. */
        public LinearForm form() { return forms.get(0); }
    }

    private static final Set<String> TOP = Set.of("domain", "time", "constants", "unknowns", "pde", "boundary", "initial", "data", "parameters", "exact", "points", "solver");
    /** Solver settings a file may recommend; the command's own options, when given, win. */
    public static final List<String> SOLVER_KEYS = List.of("width", "w0", "lr", "batch", "steps", "lbfgs_iterations");
    private static final Set<String> RESERVED = Set.of("x", "y", "z", "t", "i", "pi", "e", "lap", "dn", "where");
    private static final double DEFAULT_BOUNDARY_WEIGHT = 100;

    private final Domain domain;
    private final int space, dims;   // spatial dimensions; the network's inputs (space, and t last when there is time)
    private final double[] time;     // {t0, t1}, or null
    private final LinearForm.Symbols symbols;
    private final List<Unknown> unknowns = new ArrayList<>();
    private final List<LinearForm> pde = new ArrayList<>();
    private final List<Condition> conditions = new ArrayList<>();
    private final List<DataSet> data = new ArrayList<>();
    private final LinearForm.Parameters parameters;
    /** A form that names a parameter, where the last objective uses it, and that objective's residuals made from it. */
    private record Tracked(String name, LinearForm form, double[] points, double[] normals, double weight, List<Residual> live) {}

    private final List<Tracked> tracked = new ArrayList<>();
    /** Points a parameter fit uses from each form's set (the first ones: every set is drawn in random order). */
    private static final int FIT_POINTS = 4096;
    private final Map<String, LinearForm.Scalar> exact = new LinkedHashMap<>();
    private LinearForm.Scalar exactWhere;
    private final int interior, batch;
    private final List<double[]> refine = new ArrayList<>(); // {centre..., radius, count}: extra interior points near a point
    private final long seed;
    private final Map<String, Double> solver = new LinkedHashMap<>();

    /**
     * Measurements: points ({@code dims} coordinates each) and, for each measured network output, its values there; a
     * data term pulls the field towards them with {@code weight}.
     */
    public record DataSet(String name, double[] points, Map<String, double[]> values, Map<String, Integer> outputs, double weight) {
        public int count() { return values.values().iterator().next().length; }
    }

    private FileProblem(JsonNode root, long seed, Path base) {
        this.seed = seed;
        requireObject(root, "$");
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!TOP.contains(k)) throw new ProblemException("$." + k, "unknown key (known: " + String.join(", ", new java.util.TreeSet<>(TOP)) + ")");
        }
        domain = new Domain(shape(required(root, "domain", "$"), "$.domain"));
        space = domain.dims();
        JsonNode tn = root.get("time");
        if (tn != null) {
            time = numbers(tn, "$.time", 2);
            if (!(time[1] > time[0])) throw new ProblemException("$.time", "[t0, t1] with t0 < t1");
            if (space == 3) throw new ProblemException("$.time", "time with a 3-D domain is not supported yet (a 1-D or 2-D domain and time are)");
        } else {
            time = null;
        }
        dims = space + (time != null ? 1 : 0);
        double[] b = time == null ? domain.bounds() : java.util.Arrays.copyOf(domain.bounds(), 2 * dims);
        if (time != null) { b[2 * space] = time[0]; b[2 * space + 1] = time[1]; }
        List<String> coordinates = new ArrayList<>(List.of("x", "y", "z").subList(0, space));
        if (time != null) coordinates.add("t");
        Map<String, Boolean> kinds = unknowns(root.get("unknowns"));
        int output = 0;
        for (Map.Entry<String, Boolean> k : kinds.entrySet()) {
            unknowns.add(new Unknown(k.getKey(), k.getValue(), output));
            output += k.getValue() ? 2 : 1;
        }
        Map<String, Double> constants = namedNumbers(root, "constants", "a constant", "a number", kinds.keySet());
        Set<String> taken = new java.util.HashSet<>(kinds.keySet());
        taken.addAll(constants.keySet());
        Map<String, Double> initial = namedNumbers(root, "parameters", "an unknown coefficient", "its first guess, a number", taken);
        parameters = new LinearForm.Parameters(initial);
        symbols = new LinearForm.Symbols(coordinates, kinds, constants, parameters);
        List<String> inside = new ArrayList<>(), onEdge = new ArrayList<>();
        for (String w : kinds.keySet())
            for (String c : symbols.channels(w)) {
                if (!c.startsWith("dn_")) inside.add(c);
                if (c.equals(w) || c.startsWith("dn_") || (c.startsWith(w + "_") && c.length() == w.length() + 2)) onEdge.add(c);
            }
        JsonNode pn = required(root, "pde", "$");
        if (pn.isArray()) {
            if (pn.isEmpty()) throw new ProblemException("$.pde", "a residual or a list of them, at least one");
            for (int i = 0; i < pn.size(); i++) pde.add(form(pn.get(i), "$.pde[" + i + "]", inside, b));
        } else {
            pde.add(form(pn, "$.pde", inside, b));
        }
        JsonNode pts = root.get("points");
        int nInterior = 20000, nBoundary = 4000, nBatch = 4096;
        if (pts != null) {
            requireObject(pts, "$.points");
            for (Iterator<String> it = pts.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!Set.of("interior", "boundary", "batch", "refine").contains(k)) throw new ProblemException("$.points." + k, "unknown key (known: batch, boundary, interior, refine)");
            }
            nInterior = count(pts, "interior", nInterior);
            nBoundary = count(pts, "boundary", nBoundary);
            nBatch = count(pts, "batch", nBatch);
            JsonNode rf = pts.get("refine");
            if (rf != null) {
                if (!rf.isArray()) throw new ProblemException("$.points.refine", "a list of {near: [" + String.join(", ", coordinates.subList(0, space)) + "], radius: r, count: n}");
                for (int i = 0; i < rf.size(); i++) {
                    String rp = "$.points.refine[" + i + "]";
                    requireObject(rf.get(i), rp);
                    double[] c = numbers(required(rf.get(i), "near", rp), rp + ".near", space);
                    double r = number(required(rf.get(i), "radius", rp), rp + ".radius");
                    if (!(r > 0)) throw new ProblemException(rp + ".radius", "a number > 0");
                    JsonNode cn = required(rf.get(i), "count", rp);
                    if (!cn.canConvertToInt() || cn.asInt() < 1 || cn.asInt() > 4_000_000) throw new ProblemException(rp + ".count", "a whole number in 1..4000000");
                    double[] zone = java.util.Arrays.copyOf(c, space + 2);
                    zone[space] = r;
                    zone[space + 1] = cn.asInt();
                    boolean room = false;
                    Rng probe = new Rng(i);
                    double[] q = new double[space];
                    for (int t = 0; t < 100_000 && !room; t++) room = domain.contains(nearPoint(zone, probe, q));
                    if (!room) throw new ProblemException(rp + ".near", "the zone has no room inside the domain");
                    refine.add(zone);
                }
            }
        }
        interior = nInterior;
        batch = Math.min(nBatch, nInterior);
        JsonNode bcs = required(root, "boundary", "$");
        if (!bcs.isArray() || bcs.isEmpty()) throw new ProblemException("$.boundary", "a list of conditions, at least one");
        Rng rnd = new Rng(seed * 1_000_003L + 17);
        for (int i = 0; i < bcs.size(); i++) conditions.add(condition(bcs.get(i), "$.boundary[" + i + "]", false, nBoundary, rnd, onEdge, b));
        JsonNode ini = root.get("initial");
        if (ini != null && time == null) throw new ProblemException("$.initial", "initial conditions need a \"time\": [t0, t1]");
        if (ini != null) {
            if (!ini.isArray() || ini.isEmpty()) throw new ProblemException("$.initial", "a list of conditions at t0, at least one");
            List<String> atStart = onEdge.stream().filter(c -> !c.startsWith("dn_")).toList();
            for (int i = 0; i < ini.size(); i++) conditions.add(condition(ini.get(i), "$.initial[" + i + "]", true, nBoundary, rnd, atStart, b));
        }
        JsonNode sv = root.get("solver");
        if (sv != null) {
            requireObject(sv, "$.solver");
            for (Iterator<Map.Entry<String, JsonNode>> it = sv.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!SOLVER_KEYS.contains(e.getKey())) throw new ProblemException("$.solver." + e.getKey(), "unknown key (known: " + String.join(", ", SOLVER_KEYS) + ")");
                solver.put(e.getKey(), number(e.getValue(), "$.solver." + e.getKey()));
            }
        }
        JsonNode dn = root.get("data");
        if (dn != null) {
            if (!dn.isArray() || dn.isEmpty()) throw new ProblemException("$.data", "a list of measurement sets {file: F, ...}, at least one");
            for (int i = 0; i < dn.size(); i++) data.add(dataSet(dn.get(i), "$.data[" + i + "]", base));
        }
        JsonNode ex = root.get("exact");
        if (ex != null) readExact(ex);
    }

    private static final double DEFAULT_DATA_WEIGHT = 100;

    /**
     * {@code {file: F, name: N, columns: [...], weight: W}}: a CSV file with a header naming its columns, or an NPY
     * array [n, columns] with {@code columns} given; columns are the coordinates (all of them) and measured unknowns
     * ({@code u}; {@code u_re}, {@code u_im} for a complex one). Paths are relative to the problem file's folder.
     */
    private DataSet dataSet(JsonNode n, String path, Path base) {
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
        for (String c : coordinates) if (!columns.contains(c)) throw new ProblemException(path + ".file", "no column " + c + " (columns: " + String.join(", ", columns) + ")");
        Map<String, Integer> outputs = new LinkedHashMap<>();
        for (String c : columns) {
            if (coordinates.contains(c)) continue;
            Integer o = null;
            for (Unknown w : unknowns) {
                if (!w.complex() && c.equals(w.name())) o = w.output();
                if (w.complex() && c.equals(w.name() + "_re")) o = w.output();
                if (w.complex() && c.equals(w.name() + "_im")) o = w.output() + 1;
            }
            if (o == null) throw new ProblemException(path + ".file", "column '" + c + "' is neither a coordinate nor a measured unknown (" + String.join(", ", coordinates) + ", or an unknown; a complex one as NAME_re, NAME_im)");
            if (outputs.put(c, o) != null) throw new ProblemException(path + ".file", "column '" + c + "' twice");
        }
        if (outputs.isEmpty()) throw new ProblemException(path + ".file", "no measured unknown among the columns " + String.join(", ", columns));
        double[] box = java.util.Arrays.copyOf(domain.bounds(), 2 * dims);
        if (time != null) { box[2 * space] = time[0]; box[2 * space + 1] = time[1]; }
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
        double w = n.has("weight") ? number(n.get("weight"), path + ".weight") : DEFAULT_DATA_WEIGHT;
        String name = n.has("name") ? text(n.get("name"), path + ".name") : "data[" + data.size() + "]";
        return new DataSet(name, pts, values, outputs, w);
    }

    public List<DataSet> data() { return List.copyOf(data); }

    /** {@code key}: {name: number}, names a letter then letters or digits, not reserved and not {@code taken}. */
    private static Map<String, Double> namedNumbers(JsonNode root, String key, String what, String value, Set<String> taken) {
        Map<String, Double> out = new LinkedHashMap<>();
        JsonNode n = root.get(key);
        if (n == null) return out;
        requireObject(n, "$." + key);
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            var c = it.next();
            String path = "$." + key + "." + c.getKey();
            if (!c.getKey().matches("[A-Za-z][A-Za-z0-9]*") || RESERVED.contains(c.getKey()) || taken.contains(c.getKey()))
                throw new ProblemException(path, what + "'s name is a letter then letters or digits, other than the coordinates, the unknowns, the constants, i, pi, e");
            if (!c.getValue().isNumber()) throw new ProblemException(path, value);
            out.put(c.getKey(), c.getValue().asDouble());
        }
        return out;
    }

    /** {@code unknowns}: {name: "real" | "complex"}, in output order; default one real u. */
    private Map<String, Boolean> unknowns(JsonNode n) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        if (n == null) {
            out.put("u", false);
            return out;
        }
        requireObject(n, "$.unknowns");
        if (n.isEmpty()) throw new ProblemException("$.unknowns", "at least one unknown");
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            var e = it.next();
            String path = "$.unknowns." + e.getKey();
            if (!e.getKey().matches("[A-Za-z][A-Za-z0-9]*") || RESERVED.contains(e.getKey()) || LinearForm.isFunction(e.getKey()))
                throw new ProblemException(path, "an unknown's name is a letter then letters or digits, other than x, y, z, t, i, pi, e, lap, dn, where and the functions");
            String kind = e.getValue().isTextual() ? e.getValue().asText() : "";
            if (!kind.equals("real") && !kind.equals("complex")) throw new ProblemException(path, "\"real\" or \"complex\"");
            out.put(e.getKey(), kind.equals("complex"));
        }
        return out;
    }

    private void readExact(JsonNode ex) {
        if (ex.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = ex.fields(); it.hasNext(); ) {
                var e = it.next();
                String path = "$.exact." + e.getKey();
                if (e.getKey().equals("where")) exactWhere = scalar(e.getValue(), path, true);
                else if (symbols.unknowns().containsKey(e.getKey())) exact.put(e.getKey(), scalar(e.getValue(), path, false));
                else throw new ProblemException(path, "not an unknown (unknowns: " + String.join(", ", symbols.unknowns().keySet()) + "; or where)");
            }
            if (exact.isEmpty()) throw new ProblemException("$.exact", "no unknown's solution given");
        } else {
            if (unknowns.size() != 1) throw new ProblemException("$.exact", "with several unknowns, an object {unknown: solution}");
            exact.put(unknowns.get(0).name(), scalar(ex, "$.exact", false));
        }
    }

    /** Reads a problem file (.json, .yaml or .yml); {@code seed} fixes its point sets. */
    public static FileProblem read(Path file, long seed) throws IOException {
        if (!Files.isRegularFile(file)) throw new ProblemException("$", "no such problem file: " + file);
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        ObjectMapper m = name.endsWith(".yaml") || name.endsWith(".yml") ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper();
        JsonNode root;
        try {
            root = m.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new ProblemException("$", "not readable as " + (m.getFactory() instanceof YAMLFactory ? "YAML" : "JSON") + ": " + e.getOriginalMessage());
        }
        if (root == null) throw new ProblemException("$", "the file is empty");
        return new FileProblem(root, seed, file.toAbsolutePath().getParent());
    }

    /** A problem given as JSON text; data files are found from the working folder. */
    public static FileProblem parse(String json, long seed) throws IOException { return new FileProblem(new ObjectMapper().readTree(json), seed, Path.of("")); }

    public Domain domain() { return domain; }

    /** The network's inputs: the spatial dimensions, and t last in a time problem. */
    public int dims() { return dims; }

    public List<Unknown> unknowns() { return List.copyOf(unknowns); }

    /** The network's outputs: one per real unknown, two per complex one. */
    public int outputs() {
        Unknown last = unknowns.get(unknowns.size() - 1);
        return last.output() + (last.complex() ? 2 : 1);
    }

    /** The first (or only) PDE residual. */
    public LinearForm pde() { return pde.get(0); }

    public List<LinearForm> pdes() { return List.copyOf(pde); }

    /** The residuals as the file wrote them, joined for a report. */
    public String pdeText() { return String.join("; ", pde.stream().map(LinearForm::text).toList()); }

    public List<Condition> conditions() { return List.copyOf(conditions); }

    public boolean hasExact() { return !exact.isEmpty(); }

    /** Whether unknown {@code w} has an exact solution. */
    public boolean hasExact(String w) { return exact.containsKey(w); }

    /** The solver settings the file recommends ({@link #SOLVER_KEYS}), by key. */
    public Map<String, Double> solver() { return Map.copyOf(solver); }

    /** The only unknown's exact solution (real part) at (x, y); only when {@link #hasExact}. */
    public double exact(double x, double y) { return exact.values().iterator().next().at(x, y); }

    /** Unknown {@code w}'s exact solution at point p: {re, im}. */
    public double[] exact(String w, double[] p) { return exact.get(w).complexAt(p); }

    /** Whether errors are taken at p: inside the domain, and where the file's {@code exact.where} holds. */
    public boolean[] compared(org.siren4j.pde.Lattice g) {
        boolean[] m = domain.mask(g);
        if (exactWhere == null) return m;
        double[] pts = g.points(), p = new double[dims];
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(pts, dims * i, p, 0, dims);
            m[i] &= exactWhere.at(p) != 0;
        }
        return m;
    }

    // ------------------------------------------------------------------------------------------ objective

    /**
     * The training objective: the PDE on a fixed pool of interior points (drawn once from the seed, {@code batch} of them
     * a step), each boundary condition on its own points, weighted. Coefficients are per-point arrays made once.
     */
    public Objective objective() { return objective(0); }

    /** The same with {@code batchOverride} interior points a step when it is positive (the command's --batch). */
    public Objective objective(int batchOverride) {
        int batch = batchOverride > 0 ? Math.min(batchOverride, interior) : this.batch;
        double[] pool = interiorPool();
        List<PointGroup> groups = new ArrayList<>();
        List<Residual> inner = new ArrayList<>();
        tracked.clear();
        for (int k = 0; k < pde.size(); k++) inner.addAll(tracked("pde", pde.size() == 1 ? "pde" : "pde[" + k + "]", pde.get(k), pool, null, 1));
        groups.add(PointGroup.fixed("pde", dims, pool).batch(batch).residuals(inner));
        for (Condition c : conditions) {
            List<Residual> rs = new ArrayList<>();
            for (int k = 0; k < c.forms().size(); k++)
                rs.addAll(tracked(c.name(), c.forms().size() == 1 ? c.name() : c.name() + "[" + k + "]", c.forms().get(k), c.points(), c.normals(), c.weight()));
            groups.add(PointGroup.fixed(c.name(), dims, c.points()).residuals(rs));
        }
        for (DataSet ds : data) {
            List<Residual> rs = new ArrayList<>();
            for (Map.Entry<String, double[]> e : ds.values().entrySet())
                rs.add(Residual.mse(ds.name() + "." + e.getKey()).weight(ds.weight()).term(ChannelRef.value(ds.outputs().get(e.getKey())), 1.0).target(e.getValue()));
            groups.add(PointGroup.fixed(ds.name(), dims, ds.points()).residuals(rs));
        }
        return Objective.of(dims, groups.toArray(PointGroup[]::new));
    }

    /** A form's residuals; when it names an unknown coefficient, they are remembered, to be re-made as it changes. */
    private List<Residual> tracked(String group, String name, LinearForm f, double[] pts, double[] normals, double weight) {
        List<Residual> rs = residuals(name, f, pts, normals, weight);
        if (f.hasParameters()) tracked.add(new Tracked(name, f, pts, normals, weight, rs));
        return rs;
    }

    /** Writes the coefficients and targets of the current parameters into the last objective's residuals, in place. */
    private void refill() {
        for (Tracked t : tracked) {
            List<Residual> fresh = residuals(t.name(), t.form(), t.points(), t.normals(), t.weight());
            for (int r = 0; r < fresh.size(); r++) {
                List<Residual.Term> now = t.live().get(r).terms(), made = fresh.get(r).terms();
                for (int k = 0; k < now.size(); k++) System.arraycopy(made.get(k).perPoint(), 0, now.get(k).perPoint(), 0, made.get(k).perPoint().length);
                System.arraycopy(fresh.get(r).target(), 0, t.live().get(r).target(), 0, t.live().get(r).target().length);
            }
        }
    }

    /** The unknown coefficients' current values, by name. */
    public Map<String, Double> parameters() { return parameters.asMap(); }

    public boolean hasParameters() { return !parameters.names().isEmpty(); }

    /** Sets the unknown coefficients (a resumed run's) and re-makes the last objective's coefficients with them. */
    public void setParameters(Map<String, Double> values) {
        for (int k = 0; k < parameters.names().size(); k++) {
            Double v = values.get(parameters.names().get(k));
            if (v != null) parameters.set(k, v);
        }
        refill();
    }

    /**
     * Fits the unknown coefficients to the last {@link #objective}'s residuals that name them, with the network held:
     * on the first {@value #FIT_POINTS} points of each of their point sets (each set is in random order), two rounds of
     * a Newton step a coefficient on their loss (central differences; a step is kept only when the loss falls), then
     * the new coefficients are written into the objective. The trainer calls this between
     * steps, so coefficients and network descend together (alternating minimisation).
     */
    public void fitParameters(SirenModel model, SirenEngine engine) {
        if (tracked.isEmpty()) return;
        // each form on its first FIT_POINTS points, the network's channels there computed once
        List<double[]> pts = new ArrayList<>(), nrm = new ArrayList<>();
        List<org.siren4j.core.Channels> ys = new ArrayList<>();
        for (Tracked t : tracked) {
            int m = Math.min(FIT_POINTS, t.points().length / dims);
            double[] p = java.util.Arrays.copyOf(t.points(), m * dims), q = t.normals() == null ? null : java.util.Arrays.copyOf(t.normals(), m * space);
            pts.add(p);
            nrm.add(q);
            PointGroup probe = PointGroup.fixed(t.name(), dims, p).residuals(residuals(t.name(), t.form(), p, q, t.weight()));
            ys.add(engine.evaluate(model, probe.request(), p, m));
        }
        java.util.function.DoubleSupplier loss = () -> {
            double l = 0;
            for (int k = 0; k < tracked.size(); k++) {
                Tracked t = tracked.get(k);
                PointGroup g = PointGroup.fixed(t.name(), dims, pts.get(k)).residuals(residuals(t.name(), t.form(), pts.get(k), nrm.get(k), t.weight()));
                l += g.evaluate(ys.get(k), null, 0, g.count(), null);
            }
            return l;
        };
        for (int round = 0; round < 2; round++)
            for (int k = 0; k < parameters.names().size(); k++) {
                double p0 = parameters.get(k), h = 1e-4 * Math.max(1e-3, Math.abs(p0));
                double l0 = loss.getAsDouble();
                parameters.set(k, p0 + h);
                double lp = loss.getAsDouble();
                parameters.set(k, p0 - h);
                double lm = loss.getAsDouble();
                double grad = (lp - lm) / (2 * h), curv = (lp - 2 * l0 + lm) / (h * h);
                double step = curv > 0 ? -grad / curv : -Math.signum(grad) * 100 * h;
                boolean kept = false;
                for (int tries = 0; tries < 8 && !kept && Double.isFinite(step); tries++, step /= 2) {
                    parameters.set(k, p0 + step);
                    kept = loss.getAsDouble() < l0;
                }
                if (!kept) parameters.set(k, p0);
            }
        refill();
    }

    /**
     * The interior pool: uniform points, then each refine zone's extra points, graded towards its centre (distance
     * uniform in [0, r), so as many points in every shell: density grows towards the centre, where a corner
     * singularity or a narrow source needs them), inside the domain only.
     */
    private double[] interiorPool() {
        int extra = 0;
        for (double[] z : refine) extra += (int) z[space + 1];
        double[] pts = new double[space * (interior + extra)], q = new double[space];
        Rng rnd = new Rng(seed * 1_000_003L + 5);
        domain.interior().sample(rnd, pts, interior);
        int k = interior;
        for (double[] z : refine) {
            int made = 0;
            for (long tries = 0; made < z[space + 1]; tries++) {
                if (tries > 1_000_000L + 100L * (long) z[space + 1]) throw new ProblemException("$.points.refine", "a zone around " + java.util.Arrays.toString(java.util.Arrays.copyOf(z, space)) + " has no room inside the domain");
                if (!domain.contains(nearPoint(z, rnd, q))) continue;
                System.arraycopy(q, 0, pts, space * k, space);
                k++;
                made++;
            }
        }
        return withTime(pts, rnd, Double.NaN);
    }

    /** Spatial points with a time appended to each: {@code t} when it is a number, else uniform over the time span. */
    private double[] withTime(double[] spatial, Rng rnd, double t) {
        if (time == null) return spatial;
        int n = spatial.length / space;
        double[] out = new double[dims * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(spatial, space * i, out, dims * i, space);
            out[dims * i + space] = Double.isNaN(t) ? rnd.uniform(time[0], time[1]) : t;
        }
        return out;
    }

    /** A point at a uniform distance in [0, r) from a zone's centre in a uniform direction, into q. */
    private double[] nearPoint(double[] zone, Rng rnd, double[] q) {
        double r = zone[space] * rnd.nextDouble(), a = 2 * Math.PI * rnd.nextDouble();
        if (space == 1) {
            q[0] = zone[0] + (a < Math.PI ? r : -r);
        } else if (space == 2) {
            q[0] = zone[0] + r * Math.cos(a);
            q[1] = zone[1] + r * Math.sin(a);
        } else {
            double z = 1 - 2 * rnd.nextDouble(), s = Math.sqrt(1 - z * z);
            q[0] = zone[0] + r * s * Math.cos(a);
            q[1] = zone[1] + r * s * Math.sin(a);
            q[2] = zone[2] + r * z;
        }
        return q;
    }

    /**
     * The trainer's residuals for one form at the given points: one for a real form; for a complex one (it names i or a
     * complex unknown) its real and imaginary parts, {@code name.re} and {@code name.im}, whose squares add to |r|^2.
     * A complex unknown w = w.re + i w.im times a coefficient a + i b adds a w.re - b w.im to the real part and
     * a w.im + b w.re to the imaginary one; dn(w) is n . grad w with the points' normals.
     */
    private List<Residual> residuals(String name, LinearForm f, double[] pts, double[] normals, double weight) {
        boolean keepZeros = f.hasParameters(); // a coefficient at 0 now may not be after training: the term stays
        int n = pts.length / dims;
        List<String> named = f.channels();
        double[][] re = new double[named.size() + 1][n], im = new double[named.size() + 1][n];
        double[] p = new double[dims], rowRe = new double[named.size() + 1], rowIm = new double[named.size() + 1];
        for (int q = 0; q < n; q++) {
            System.arraycopy(pts, dims * q, p, 0, dims);
            f.terms(p, rowRe, rowIm);
            for (int k = 0; k <= named.size(); k++) { re[k][q] = rowRe[k]; im[k][q] = rowIm[k]; }
        }
        Map<ChannelRef, double[]> reTerms = new LinkedHashMap<>(), imTerms = new LinkedHashMap<>();
        for (int k = 0; k < named.size(); k++) {
            String c = named.get(k);
            Unknown w = unknown(LinearForm.unknownOf(c, symbols));
            String kind = c.equals(w.name()) ? "" : c.startsWith("lap_") ? "lap" : c.startsWith("dn_") ? "dn" : c.substring(w.name().length() + 1);
            if (kind.equals("dn")) { // n . grad w: one term a coordinate, its coefficient times that normal component
                for (int j = 0; j < space; j++) {
                    double[] a = new double[n], bb = new double[n];
                    for (int q = 0; q < n; q++) { a[q] = re[k][q] * normals[space * q + j]; bb[q] = im[k][q] * normals[space * q + j]; }
                    int coordinate = j;
                    add(reTerms, imTerms, w, o -> ChannelRef.gradient(o, coordinate), a, bb, keepZeros);
                }
            } else {
                add(reTerms, imTerms, w, o -> channel(kind, o), re[k], im[k], keepZeros);
            }
        }
        Residual r = Residual.mse(f.isComplex() ? name + ".re" : name).weight(weight);
        for (Map.Entry<ChannelRef, double[]> e : reTerms.entrySet()) r.term(e.getKey(), e.getValue());
        r.target(re[named.size()]);
        if (!f.isComplex()) return List.of(r);
        Residual i = Residual.mse(name + ".im").weight(weight);
        for (Map.Entry<ChannelRef, double[]> e : imTerms.entrySet()) i.term(e.getKey(), e.getValue());
        i.target(im[named.size()]);
        return List.of(r, i);
    }

    /** Adds (a + i b) * channel of w to the real and imaginary parts' terms. */
    private static void add(Map<ChannelRef, double[]> reTerms, Map<ChannelRef, double[]> imTerms, Unknown w, java.util.function.IntFunction<ChannelRef> ref,
                            double[] a, double[] b, boolean keepZeros) {
        if (w.complex()) {
            ChannelRef wr = ref.apply(w.output()), wi = ref.apply(w.output() + 1);
            accumulate(reTerms, wr, a, 1, keepZeros);
            accumulate(reTerms, wi, b, -1, keepZeros);
            accumulate(imTerms, wi, a, 1, keepZeros);
            accumulate(imTerms, wr, b, 1, keepZeros);
        } else {
            ChannelRef o = ref.apply(w.output());
            accumulate(reTerms, o, a, 1, keepZeros);
            accumulate(imTerms, o, b, 1, keepZeros);
        }
    }

    private static void accumulate(Map<ChannelRef, double[]> terms, ChannelRef c, double[] v, double sign, boolean keepZeros) {
        boolean zero = !keepZeros;
        for (double x : v) zero &= x == 0;
        if (zero) return;
        double[] sum = terms.computeIfAbsent(c, k -> new double[v.length]);
        for (int q = 0; q < v.length; q++) sum[q] += sign * v[q];
    }

    /** The channel of output o for a channel kind: "" the value, "x" a first derivative, "xx" a second, "lap". */
    private ChannelRef channel(String kind, int o) {
        if (kind.isEmpty()) return ChannelRef.value(o);
        if (kind.equals("lap")) { // over space only: t, when there is time, is the last input
            double[] w = new double[dims];
            java.util.Arrays.fill(w, 0, space, 1.0);
            return ChannelRef.second(o, w);
        }
        int j = symbols.coordinates().indexOf(kind.substring(0, 1));
        return kind.length() == 1 ? ChannelRef.gradient(o, j) : ChannelRef.secondDerivative(o, j, dims);
    }

    private Unknown unknown(String name) {
        for (Unknown w : unknowns) if (w.name().equals(name)) return w;
        throw new IllegalStateException(name);
    }

    // ------------------------------------------------------------------------------------------ reading back

    /** Unknown w's field on the lattice: {re} or {re, im}, NaN outside the domain. */
    public double[][] field(Unknown w, SirenModel model, SirenEngine engine, org.siren4j.pde.Lattice g) {
        double[] pts = g.points();
        boolean[] in = domain.mask(g);
        double[][] out = new double[w.complex() ? 2 : 1][];
        for (int part = 0; part < out.length; part++) {
            out[part] = model.evaluate(engine, pts, g.size(), w.output() + part);
            for (int p = 0; p < in.length; p++) if (!in[p]) out[part][p] = Double.NaN;
        }
        return out;
    }

    /** The only (first) unknown's real field on a 2-D grid, NaN outside the domain. */
    public double[] field(SirenModel model, SirenEngine engine, Grid g) { return field(unknowns.get(0), model, engine, org.siren4j.pde.Lattice.of(g))[0]; }

    /** Unknown w's exact solution on the lattice: {re} or {re, im}. */
    public double[][] exactField(Unknown w, org.siren4j.pde.Lattice g) {
        double[] pts = g.points(), p = new double[dims];
        double[][] out = new double[w.complex() ? 2 : 1][g.size()];
        for (int i = 0; i < g.size(); i++) {
            System.arraycopy(pts, dims * i, p, 0, dims);
            double[] v = exact(w.name(), p);
            for (int part = 0; part < out.length; part++) out[part][i] = v[part];
        }
        return out;
    }

    /** The exact solutions on a lattice, made once, to score fields against: {@link #relL2}. */
    public Comparison comparison(org.siren4j.pde.Lattice g) { return new Comparison(g); }

    public final class Comparison {
        private final org.siren4j.pde.Lattice g;
        private final boolean[] compared;
        private final Map<String, double[][]> truth = new LinkedHashMap<>();

        private Comparison(org.siren4j.pde.Lattice g) {
            this.g = g;
            compared = compared(g);
            for (Unknown w : unknowns) if (hasExact(w.name())) truth.put(w.name(), exactField(w, g));
        }

        /**
         * Relative L2 distance of the unknowns with an exact solution from it, all of them together (complex ones by
         * modulus) over the compared points: {@code sqrt(sum |u - u*|^2 / sum |u*|^2)}.
         */
        public double relL2(SirenModel model, SirenEngine engine) {
            double e = 0, s = 0;
            for (Unknown w : unknowns) {
                double[][] t = truth.get(w.name());
                if (t == null) continue;
                double[][] u = field(w, model, engine, g);
                for (int part = 0; part < u.length; part++)
                    for (int p = 0; p < compared.length; p++) {
                        if (!compared[p]) continue;
                        e += (u[part][p] - t[part][p]) * (u[part][p] - t[part][p]);
                        s += t[part][p] * t[part][p];
                    }
            }
            return Math.sqrt(e / s);
        }
    }

    /** A 2-D grid over the domain's bounding box with about {@code n} points along its longer side. */
    public Grid grid(int n) { return lattice(n).plane(); }

    /** Frames of a 2-D time problem's output: its lattice is (x, y, t), {@value} times from t0 to t1. */
    public static final int FRAMES = 21;

    /**
     * A lattice over the domain's bounding box with about {@code n} points along its longest side; in a time problem,
     * times from t0 to t1 last: n of them with a 1-D domain (a square x-t image), {@link #FRAMES} with a 2-D one.
     */
    public org.siren4j.pde.Lattice lattice(int n) {
        org.siren4j.pde.Lattice s = org.siren4j.pde.Lattice.over(domain.bounds(), n);
        if (time == null) return s;
        double[] lo = java.util.Arrays.copyOf(s.lo(), dims), hi = java.util.Arrays.copyOf(s.hi(), dims);
        int[] counts = java.util.Arrays.copyOf(s.n(), dims);
        lo[space] = time[0];
        hi[space] = time[1];
        counts[space] = space == 1 ? n : FRAMES;
        return new org.siren4j.pde.Lattice(lo, hi, counts);
    }

    /** Spatial dimensions: 1, 2 or 3. */
    public int space() { return space; }

    /** {t0, t1}, or null when the problem has no time. */
    public double[] time() { return time == null ? null : time.clone(); }

    // ------------------------------------------------------------------------------------------ parsing

    private static final String SHAPES = "interval, box, disk, polygon, ball, union, difference";

    private Shape shape(JsonNode n, String path) {
        requireObject(n, path);
        if (n.size() != 1) throw new ProblemException(path, "one of " + SHAPES);
        String kind = n.fieldNames().next();
        JsonNode v = n.get(kind);
        String p = path + "." + kind;
        try {
            return switch (kind) {
                case "interval" -> {
                    double[] a = numbers(v, p, 2);
                    yield new Shape.Interval(a[0], a[1]);
                }
                case "box" -> {
                    if (!v.isArray() || (v.size() != 4 && v.size() != 6)) throw new ProblemException(p, "[x0, x1, y0, y1] or [x0, x1, y0, y1, z0, z1]");
                    double[] a = numbers(v, p, v.size());
                    yield a.length == 4 ? new Shape.Box(a[0], a[1], a[2], a[3]) : new Shape.Box3(a[0], a[1], a[2], a[3], a[4], a[5]);
                }
                case "disk" -> {
                    requireObject(v, p);
                    double[] c = numbers(required(v, "center", p), p + ".center", 2);
                    yield new Shape.Disk(c[0], c[1], number(required(v, "radius", p), p + ".radius"));
                }
                case "ball" -> {
                    requireObject(v, p);
                    double[] c = numbers(required(v, "center", p), p + ".center", 3);
                    yield new Shape.Ball(c[0], c[1], c[2], number(required(v, "radius", p), p + ".radius"));
                }
                case "polygon" -> {
                    if (!v.isArray() || v.size() < 3) throw new ProblemException(p, "a list of at least 3 [x, y] vertices");
                    double[] xs = new double[v.size()], ys = new double[v.size()];
                    for (int i = 0; i < v.size(); i++) {
                        double[] q = numbers(v.get(i), p + "[" + i + "]", 2);
                        xs[i] = q[0];
                        ys[i] = q[1];
                    }
                    yield new Shape.Polygon(xs, ys);
                }
                case "union", "difference" -> {
                    if (!v.isArray() || v.size() != 2) throw new ProblemException(p, "a list of two shapes");
                    Shape a = shape(v.get(0), p + "[0]"), c = shape(v.get(1), p + "[1]");
                    yield kind.equals("union") ? new Shape.Union(a, c) : new Shape.Difference(a, c);
                }
                default -> throw new ProblemException(p, "unknown shape (known: " + SHAPES + ")");
            };
        } catch (ProblemException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ProblemException(p, e.getMessage());
        }
    }

    /**
     * A boundary condition (dirichlet, neumann, robin or condition; points on the spatial boundary, at uniform times in
     * a time problem), or an initial one (value, rate or condition; points inside the domain at t0).
     */
    private Condition condition(JsonNode n, String path, boolean initial, int count, Rng rnd, List<String> allowed, double[] b) {
        requireObject(n, path);
        List<String> types = initial ? List.of("value", "rate", "condition") : List.of("dirichlet", "neumann", "robin", "condition");
        Set<String> known = new java.util.TreeSet<>(types);
        known.addAll(List.of("name", "where", "weight"));
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) throw new ProblemException(path + "." + k, "unknown key (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
        }
        List<String> kinds = new ArrayList<>();
        for (String k : types) if (n.has(k)) kinds.add(k);
        if (kinds.size() != 1) throw new ProblemException(path, "exactly one of " + String.join(", ", types));
        String kind = kinds.get(0), p = path + "." + kind;
        JsonNode v = n.get(kind);
        List<LinearForm> forms = new ArrayList<>();
        switch (kind) {
            case "dirichlet", "neumann", "value", "rate" -> {
                String op = kind.equals("neumann") ? "dn(%s)" : kind.equals("rate") ? "%s_t" : "%s";
                if (v.isObject()) {
                    if (v.isEmpty()) throw new ProblemException(p, "{unknown: value, ...}, at least one");
                    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                        var e = it.next();
                        if (!symbols.unknowns().containsKey(e.getKey())) throw new ProblemException(p + "." + e.getKey(), "not an unknown (unknowns: " + String.join(", ", symbols.unknowns().keySet()) + ")");
                        String g = text(e.getValue(), p + "." + e.getKey());
                        forms.add(form(g, String.format(op, e.getKey()) + " - (" + g + ")", p + "." + e.getKey(), allowed, b));
                    }
                } else {
                    String g = text(v, p);
                    forms.add(form(g, String.format(op, only(p)) + " - (" + g + ")", p, allowed, b));
                }
            }
            case "robin" -> {
                requireObject(v, p);
                for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
                    String k = it.next();
                    if (!Set.of("alpha", "beta", "value", "unknown").contains(k)) throw new ProblemException(p + "." + k, "unknown key (known: alpha, beta, unknown, value)");
                }
                String w = v.has("unknown") ? text(v.get("unknown"), p + ".unknown") : only(p);
                if (!symbols.unknowns().containsKey(w)) throw new ProblemException(p + ".unknown", "not an unknown (unknowns: " + String.join(", ", symbols.unknowns().keySet()) + ")");
                String alpha = text(required(v, "alpha", p), p + ".alpha"), beta = text(required(v, "beta", p), p + ".beta");
                String g = text(required(v, "value", p), p + ".value");
                scalar(v.get("alpha"), p + ".alpha", false);
                scalar(v.get("beta"), p + ".beta", false);
                forms.add(form(g, "(" + alpha + ")*" + w + " + (" + beta + ")*dn(" + w + ") - (" + g + ")", p + ".value", allowed, b));
            }
            default -> {
                if (v.isArray()) {
                    if (v.isEmpty()) throw new ProblemException(p, "a residual or a list of them, at least one");
                    for (int i = 0; i < v.size(); i++) forms.add(form(v.get(i), p + "[" + i + "]", allowed, b));
                } else {
                    forms.add(form(v, p, allowed, b));
                }
            }
        }
        String where = n.has("where") ? text(n.get("where"), path + ".where") : "1";
        LinearForm.Scalar test;
        try { // a spatial predicate: points are drawn in space, times after
            test = LinearForm.scalar(where, new LinearForm.Symbols(symbols.coordinates().subList(0, space), Map.of(), symbols.constants()), true);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(path + ".where", e.getMessage() + (time != null && where.matches(".*\\bt\\b.*") ? " (where is a predicate in space; conditions hold at all times)" : ""));
        }
        double w = n.has("weight") ? number(n.get("weight"), path + ".weight") : DEFAULT_BOUNDARY_WEIGHT;
        String name = n.has("name") ? text(n.get("name"), path + ".name") : kind + "[" + conditions.size() + "]";
        if (initial) {
            double[] pts = new double[space * count], q = new double[space];
            org.siren4j.core.Sampler inside = domain.interior();
            for (int i = 0, tries = 0; i < count; ) {
                if (++tries > 1_000_000 + 100 * count) throw new ProblemException(path + ".where", "'" + where + "' selects no part of the domain");
                inside.sample(rnd, q, 1);
                if (test.at(q) == 0) continue;
                System.arraycopy(q, 0, pts, space * i++, space);
            }
            return new Condition(name, where, forms, w, withTime(pts, rnd, time[0]), null);
        }
        Domain.Boundary pts = domain.boundary(count, rnd, q -> test.at(q) != 0);
        if (pts == null) throw new ProblemException(path + ".where", "'" + where + "' selects no part of the boundary");
        return new Condition(name, where, forms, w, withTime(pts.points(), rnd, Double.NaN), pts.normals());
    }

    /** The only unknown, for a condition that does not say which. */
    private String only(String path) {
        if (unknowns.size() != 1) throw new ProblemException(path, "with several unknowns, say which: {unknown: value, ...}");
        return unknowns.get(0).name();
    }

    private LinearForm form(JsonNode n, String path, List<String> allowed, double[] b) { return form(text(n, path), text(n, path), path, allowed, b); }

    private LinearForm form(String shown, String text, String path, List<String> allowed, double[] b) {
        try {
            return new LinearForm(text, symbols, allowed, b);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(path, e.getMessage().replace("'" + text + "'", "'" + shown + "'"));
        }
    }

    private LinearForm.Scalar scalar(JsonNode n, String path, boolean predicate) {
        try {
            return LinearForm.scalar(text(n, path), symbols, predicate);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(path, e.getMessage());
        }
    }

    private static JsonNode required(JsonNode n, String key, String path) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) throw new ProblemException(path + "." + key, "missing");
        return v;
    }

    private static void requireObject(JsonNode n, String path) {
        if (!n.isObject()) throw new ProblemException(path, "an object ({...})");
    }

    private static String text(JsonNode n, String path) {
        if (n.isNumber()) return n.asText();
        if (!n.isTextual()) throw new ProblemException(path, "an expression (a string)");
        return n.asText();
    }

    private static double number(JsonNode n, String path) {
        if (!n.isNumber()) throw new ProblemException(path, "a number");
        return n.asDouble();
    }

    private static double[] numbers(JsonNode n, String path, int len) {
        if (!n.isArray() || n.size() != len) throw new ProblemException(path, "a list of " + len + " numbers");
        double[] out = new double[len];
        for (int i = 0; i < len; i++) out[i] = number(n.get(i), path + "[" + i + "]");
        return out;
    }

    private static int count(JsonNode n, String key, int dflt) {
        JsonNode v = n.get(key);
        if (v == null) return dflt;
        if (!v.canConvertToInt() || v.asInt() < 16 || v.asInt() > 4_000_000) throw new ProblemException("$.points." + key, "a whole number in 16..4000000");
        return v.asInt();
    }
}
