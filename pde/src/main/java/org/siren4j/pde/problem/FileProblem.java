package org.siren4j.pde.problem;

import static org.siren4j.pde.problem.ProblemJson.count;
import static org.siren4j.pde.problem.ProblemJson.namedNumbers;
import static org.siren4j.pde.problem.ProblemJson.number;
import static org.siren4j.pde.problem.ProblemJson.numbers;
import static org.siren4j.pde.problem.ProblemJson.required;
import static org.siren4j.pde.problem.ProblemJson.requireObject;
import static org.siren4j.pde.problem.ProblemJson.shape;
import static org.siren4j.pde.problem.ProblemJson.text;

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
 * A user's PDE problem as data, read from a JSON or YAML file (schema: docs/problem-files.md): a 1-D to 3-D domain,
 * possibly in time, one or more unknowns (real or complex), PDE residuals, boundary and initial conditions written as
 * linear expressions over the unknowns' channels and the coordinates, measurements, unknown coefficients, and the
 * exact solution when known. A mistake in the file is a {@link ProblemException} naming the JSON path of the bad key.
 *
 * <p>Why this file stays near 500 lines: what is left is one pass over the file's sections, each read against the same
 * symbols (coordinates, unknowns, constants, coefficients) and the same domain, and the objective built from them;
 * the parts with seams of their own are beside it: {@link ProblemJson} (typed values, shapes), {@link DataSet}
 * (measurement files), {@link PointSets} (interior pool, refined zones, times), {@link ResidualBuilder} (forms to the
 * trainer's residuals), {@link Coefficients} (fitting unknown coefficients) and {@link Comparison} (scoring).
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
    static final Set<String> RESERVED = Set.of("x", "y", "z", "t", "i", "pi", "e", "lap", "dn", "where");
    private static final double DEFAULT_BOUNDARY_WEIGHT = 100;

    private final Domain domain;
    private final int space, dims;   // spatial dimensions; the network's inputs (space, and t last when there is time)
    private final double[] time;     // {t0, t1}, or null
    private final LinearForm.Symbols symbols;
    private final List<Unknown> unknowns = new ArrayList<>();
    private final List<LinearForm> pde = new ArrayList<>();
    private final List<Condition> conditions = new ArrayList<>();
    private final List<DataSet> data = new ArrayList<>();
    private final PointSets sampling;
    private final ResidualBuilder residuals;
    private final Coefficients coefficients;
    private final Map<String, LinearForm.Scalar> exact = new LinkedHashMap<>();
    private LinearForm.Scalar exactWhere;
    private final int interior, batch;
    private final List<double[]> refine = new ArrayList<>(); // {centre..., radius, count}: extra interior points near a point
    private final long seed;
    private final Map<String, Double> solver = new LinkedHashMap<>();

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
        sampling = new PointSets(domain, time);
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
        LinearForm.Parameters parameters = new LinearForm.Parameters(initial);
        symbols = new LinearForm.Symbols(coordinates, kinds, constants, parameters);
        residuals = new ResidualBuilder(symbols, unknowns, dims, space);
        coefficients = new Coefficients(parameters, residuals, dims, space);
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
            refine.addAll(sampling.zones(pts.get("refine"), coordinates.subList(0, space)));
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
            for (int i = 0; i < dn.size(); i++) data.add(DataSet.read(dn.get(i), "$.data[" + i + "]", base, symbols, unknowns, b, i));
        }
        JsonNode ex = root.get("exact");
        if (ex != null) readExact(ex);
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
        double[] pool = sampling.interiorPool(seed * 1_000_003L + 5, interior, refine);
        List<PointGroup> groups = new ArrayList<>();
        List<Residual> inner = new ArrayList<>();
        coefficients.clear();
        for (int k = 0; k < pde.size(); k++) inner.addAll(coefficients.track(pde.size() == 1 ? "pde" : "pde[" + k + "]", pde.get(k), pool, null, 1));
        groups.add(PointGroup.fixed("pde", dims, pool).batch(batch).residuals(inner));
        for (Condition c : conditions) {
            List<Residual> rs = new ArrayList<>();
            for (int k = 0; k < c.forms().size(); k++)
                rs.addAll(coefficients.track(c.forms().size() == 1 ? c.name() : c.name() + "[" + k + "]", c.forms().get(k), c.points(), c.normals(), c.weight()));
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

    public List<DataSet> data() { return List.copyOf(data); }

    /** The unknown coefficients' current values, by name. */
    public Map<String, Double> parameters() { return coefficients.values(); }

    public boolean hasParameters() { return coefficients.any(); }

    /** Sets the unknown coefficients (a resumed run's) and re-makes the last objective's coefficients with them. */
    public void setParameters(Map<String, Double> values) { coefficients.set(values); }

    /**
     * Fits the unknown coefficients to the last {@link #objective}'s residuals that name them with the network held
     * ({@link Coefficients#fit}); the trainer calls this between steps.
     */
    public void fitParameters(SirenModel model, SirenEngine engine) { coefficients.fit(model, engine); }

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

    /** The exact solutions on a lattice, made once, to score fields against: {@link Comparison#relL2}. */
    public Comparison comparison(org.siren4j.pde.Lattice g) { return new Comparison(this, g); }

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
            return new Condition(name, where, forms, w, sampling.withTime(pts, rnd, time[0]), null);
        }
        Domain.Boundary pts = domain.boundary(count, rnd, q -> test.at(q) != 0);
        if (pts == null) throw new ProblemException(path + ".where", "'" + where + "' selects no part of the boundary");
        return new Condition(name, where, forms, w, sampling.withTime(pts.points(), rnd, Double.NaN), pts.normals());
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
}
