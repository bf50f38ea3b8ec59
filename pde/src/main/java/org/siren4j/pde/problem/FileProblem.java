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
 * A user's PDE problem as data, read from a JSON or YAML file (schema: docs/problem-files.md): a 2-D domain, one real
 * unknown u, a PDE residual and boundary conditions written as linear expressions over u's channels and x, y, and the
 * exact solution when known. A mistake in the file is a {@link ProblemException} naming the JSON path of the bad key.
 */
public final class FileProblem {
    /** A bad problem file: the message starts with the JSON path ({@code $.boundary[1].where: ...}). */
    public static final class ProblemException extends IllegalArgumentException {
        public ProblemException(String path, String what) { super(path + ": " + what); }
    }

    /** One boundary condition: where it holds, and its linear form (= 0) over u, u_x, u_y and dn(u). */
    public record Condition(String name, String where, LinearForm form, double weight, Domain.Boundary points) {}

    private static final Set<String> TOP = Set.of("domain", "constants", "pde", "boundary", "exact", "points", "solver");
    /** Solver settings a file may recommend; the command's own options, when given, win. */
    public static final List<String> SOLVER_KEYS = List.of("width", "w0", "lr", "batch", "steps", "lbfgs_iterations");
    private static final double DEFAULT_BOUNDARY_WEIGHT = 100;

    private final Domain domain;
    private final Map<String, Double> constants;
    private final LinearForm pde;
    private final List<Condition> conditions = new ArrayList<>();
    private final LinearForm.Scalar exact;
    private final int interior, batch;
    private final List<double[]> refine = new ArrayList<>(); // {x, y, radius, count}: extra interior points near a point
    private final long seed;
    private final Map<String, Double> solver = new LinkedHashMap<>();

    private FileProblem(JsonNode root, long seed) {
        this.seed = seed;
        requireObject(root, "$");
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!TOP.contains(k)) throw new ProblemException("$." + k, "unknown key (known: " + String.join(", ", new java.util.TreeSet<>(TOP)) + ")");
        }
        domain = new Domain(shape(required(root, "domain", "$"), "$.domain"));
        double[] b = domain.bounds();
        constants = new LinkedHashMap<>();
        JsonNode cs = root.get("constants");
        if (cs != null) {
            requireObject(cs, "$.constants");
            for (Iterator<Map.Entry<String, JsonNode>> it = cs.fields(); it.hasNext(); ) {
                var c = it.next();
                String path = "$.constants." + c.getKey();
                if (!c.getKey().matches("[A-Za-z][A-Za-z0-9]*") || List.of("x", "y", "u", "pi", "e").contains(c.getKey()) || c.getKey().startsWith("u_"))
                    throw new ProblemException(path, "a constant's name is a letter then letters or digits, other than x, y, u, pi, e");
                if (!c.getValue().isNumber()) throw new ProblemException(path, "a number");
                constants.put(c.getKey(), c.getValue().asDouble());
            }
        }
        pde = form(required(root, "pde", "$"), "$.pde", List.of("u", "u_x", "u_y", "u_xx", "u_yy", "lap_u"), b);
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
                if (!rf.isArray()) throw new ProblemException("$.points.refine", "a list of {near: [x, y], radius: r, count: n}");
                for (int i = 0; i < rf.size(); i++) {
                    String rp = "$.points.refine[" + i + "]";
                    requireObject(rf.get(i), rp);
                    double[] c = numbers(required(rf.get(i), "near", rp), rp + ".near", 2);
                    double r = number(required(rf.get(i), "radius", rp), rp + ".radius");
                    if (!(r > 0)) throw new ProblemException(rp + ".radius", "a number > 0");
                    JsonNode cn = required(rf.get(i), "count", rp);
                    if (!cn.canConvertToInt() || cn.asInt() < 1 || cn.asInt() > 4_000_000) throw new ProblemException(rp + ".count", "a whole number in 1..4000000");
                    boolean room = false;
                    java.util.SplittableRandom probe = new java.util.SplittableRandom(i);
                    for (int t = 0; t < 100_000 && !room; t++) {
                        double rr = r * probe.nextDouble(), a = 2 * Math.PI * probe.nextDouble();
                        room = domain.contains(c[0] + rr * Math.cos(a), c[1] + rr * Math.sin(a));
                    }
                    if (!room) throw new ProblemException(rp + ".near", "the zone has no room inside the domain");
                    refine.add(new double[] {c[0], c[1], r, cn.asInt()});
                }
            }
        }
        interior = nInterior;
        batch = Math.min(nBatch, nInterior);
        JsonNode bcs = required(root, "boundary", "$");
        if (!bcs.isArray() || bcs.isEmpty()) throw new ProblemException("$.boundary", "a list of conditions, at least one");
        Rng rnd = new Rng(seed * 1_000_003L + 17);
        for (int i = 0; i < bcs.size(); i++) conditions.add(condition(bcs.get(i), "$.boundary[" + i + "]", nBoundary, rnd, b));
        JsonNode sv = root.get("solver");
        if (sv != null) {
            requireObject(sv, "$.solver");
            for (Iterator<Map.Entry<String, JsonNode>> it = sv.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!SOLVER_KEYS.contains(e.getKey())) throw new ProblemException("$.solver." + e.getKey(), "unknown key (known: " + String.join(", ", SOLVER_KEYS) + ")");
                solver.put(e.getKey(), number(e.getValue(), "$.solver." + e.getKey()));
            }
        }
        JsonNode ex = root.get("exact");
        exact = ex == null ? null : scalar(ex, "$.exact");
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
        return new FileProblem(root, seed);
    }

    public static FileProblem parse(String json, long seed) throws IOException { return new FileProblem(new ObjectMapper().readTree(json), seed); }

    public Domain domain() { return domain; }

    public LinearForm pde() { return pde; }

    public List<Condition> conditions() { return List.copyOf(conditions); }

    public boolean hasExact() { return exact != null; }

    /** The solver settings the file recommends ({@link #SOLVER_KEYS}), by key. */
    public Map<String, Double> solver() { return Map.copyOf(solver); }

    /** The exact solution at (x, y); only when {@link #hasExact}. */
    public double exact(double x, double y) { return exact.at(x, y); }

    // ------------------------------------------------------------------------------------------ objective

    /**
     * The training objective: the PDE on a fixed pool of interior points (drawn once from the seed, {@code batch} of them
     * a step), each boundary condition on its own points, weighted. Coefficients are per-point arrays made once.
     */
    public Objective objective() { return objective(0); }

    /** The same with {@code batchOverride} interior points a step when it is positive (the command's --batch). */
    public Objective objective(int batchOverride) {
        int batch = batchOverride > 0 ? Math.min(batchOverride, interior) : this.batch;
        double[] xy = interiorPool();
        List<PointGroup> groups = new ArrayList<>();
        groups.add(PointGroup.fixed("pde", 2, xy).batch(batch).residual(residual("pde", pde, xy, null, 1)));
        for (Condition c : conditions)
            groups.add(PointGroup.fixed(c.name(), 2, c.points().xy()).residual(residual(c.name(), c.form(), c.points().xy(), c.points().normals(), c.weight())));
        return Objective.of(2, groups.toArray(PointGroup[]::new));
    }

    /**
     * The interior pool: uniform points, then each refine zone's extra points, graded towards its centre (radius
     * uniform in [0, r), so as many points in every ring: density grows like 1/distance, where a corner singularity
     * needs them), inside the domain only.
     */
    private double[] interiorPool() {
        int extra = 0;
        for (double[] z : refine) extra += (int) z[3];
        double[] xy = new double[2 * (interior + extra)];
        Rng rnd = new Rng(seed * 1_000_003L + 5);
        domain.interior().sample(rnd, xy, interior);
        int k = interior;
        for (double[] z : refine) {
            int made = 0;
            for (long tries = 0; made < z[3]; tries++) {
                if (tries > 1_000_000L + 100L * (long) z[3]) throw new ProblemException("$.points.refine", "a zone around (" + z[0] + ", " + z[1] + ") has no room inside the domain");
                double r = z[2] * rnd.nextDouble(), a = 2 * Math.PI * rnd.nextDouble(), x = z[0] + r * Math.cos(a), y = z[1] + r * Math.sin(a);
                if (!domain.contains(x, y)) continue;
                xy[2 * k] = x;
                xy[2 * k + 1] = y;
                k++;
                made++;
            }
        }
        return xy;
    }

    private static Residual residual(String name, LinearForm f, double[] xy, double[] normals, double weight) {
        int n = xy.length / 2;
        List<String> named = f.channels();
        double[][] a = new double[named.size()][n];
        double[] g = new double[n], row = new double[named.size()];
        for (int p = 0; p < n; p++) {
            g[p] = f.terms(xy[2 * p], xy[2 * p + 1], row);
            for (int k = 0; k < row.length; k++) a[k][p] = row[k];
        }
        Map<String, double[]> coef = new LinkedHashMap<>();
        for (int k = 0; k < named.size(); k++) {
            if (named.get(k).equals("dn_u")) { // the normal derivative is n . grad u
                double[] ax = coef.computeIfAbsent("u_x", c -> new double[n]), ay = coef.computeIfAbsent("u_y", c -> new double[n]);
                for (int p = 0; p < n; p++) { ax[p] += a[k][p] * normals[2 * p]; ay[p] += a[k][p] * normals[2 * p + 1]; }
            } else {
                coef.put(named.get(k), a[k]); // dn_u comes last in CHANNELS, so u_x and u_y are already here when it adds to them
            }
        }
        Residual r = Residual.mse(name).weight(weight);
        for (Map.Entry<String, double[]> e : coef.entrySet()) r.term(channel(e.getKey()), e.getValue());
        return r.target(g);
    }

    private static ChannelRef channel(String c) {
        return switch (c) {
            case "u" -> ChannelRef.value(0);
            case "u_x" -> ChannelRef.gradient(0, 0);
            case "u_y" -> ChannelRef.gradient(0, 1);
            case "u_xx" -> ChannelRef.secondDerivative(0, 0, 2);
            case "u_yy" -> ChannelRef.secondDerivative(0, 1, 2);
            case "lap_u" -> ChannelRef.laplacian(0, 2);
            default -> throw new IllegalStateException(c);
        };
    }

    // ------------------------------------------------------------------------------------------ reading back

    /** The network's field on the grid, NaN outside the domain. */
    public double[] field(SirenModel model, SirenEngine engine, Grid g) {
        double[] u = model.evaluate(engine, g.points(), g.size());
        boolean[] in = domain.mask(g);
        for (int p = 0; p < u.length; p++) if (!in[p]) u[p] = Double.NaN;
        return u;
    }

    /** A grid over the domain's bounding box with about {@code n} points along its longer side. */
    public Grid grid(int n) {
        double[] b = domain.bounds();
        double w = b[1] - b[0], h = b[3] - b[2];
        int nx = w >= h ? n : Math.max(3, (int) Math.round(n * w / h)), ny = h >= w ? n : Math.max(3, (int) Math.round(n * h / w));
        return new Grid(b[0], b[1], b[2], b[3], nx, ny);
    }

    // ------------------------------------------------------------------------------------------ parsing

    private Shape shape(JsonNode n, String path) {
        requireObject(n, path);
        if (n.size() != 1) throw new ProblemException(path, "one of box, disk, polygon, union, difference");
        String kind = n.fieldNames().next();
        JsonNode v = n.get(kind);
        String p = path + "." + kind;
        try {
            return switch (kind) {
                case "box" -> {
                    double[] a = numbers(v, p, 4);
                    yield new Shape.Box(a[0], a[1], a[2], a[3]);
                }
                case "disk" -> {
                    requireObject(v, p);
                    double[] c = numbers(required(v, "center", p), p + ".center", 2);
                    yield new Shape.Disk(c[0], c[1], number(required(v, "radius", p), p + ".radius"));
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
                default -> throw new ProblemException(p, "unknown shape (known: box, disk, polygon, union, difference)");
            };
        } catch (ProblemException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ProblemException(p, e.getMessage());
        }
    }

    private Condition condition(JsonNode n, String path, int count, Rng rnd, double[] b) {
        requireObject(n, path);
        Set<String> known = Set.of("name", "where", "dirichlet", "neumann", "robin", "condition", "weight");
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) throw new ProblemException(path + "." + k, "unknown key (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
        }
        List<String> kinds = new ArrayList<>();
        for (String k : List.of("dirichlet", "neumann", "robin", "condition")) if (n.has(k)) kinds.add(k);
        if (kinds.size() != 1) throw new ProblemException(path, "exactly one of dirichlet, neumann, robin, condition");
        String kind = kinds.get(0), p = path + "." + kind;
        List<String> allowed = List.of("u", "u_x", "u_y", "dn_u");
        LinearForm f = switch (kind) {
            case "dirichlet" -> form(text(n.get(kind), p), "u - (" + text(n.get(kind), p) + ")", p, allowed, b);
            case "neumann" -> form(text(n.get(kind), p), "dn(u) - (" + text(n.get(kind), p) + ")", p, allowed, b);
            case "robin" -> {
                JsonNode r = n.get(kind);
                requireObject(r, p);
                double alpha = number(required(r, "alpha", p), p + ".alpha"), beta = number(required(r, "beta", p), p + ".beta");
                String g = text(required(r, "value", p), p + ".value");
                yield form(g, "(" + alpha + ")*u + (" + beta + ")*dn(u) - (" + g + ")", p + ".value", allowed, b);
            }
            default -> form(n.get(kind), p, allowed, b);
        };
        String where = n.has("where") ? text(n.get("where"), path + ".where") : "1";
        LinearForm.Scalar test = scalarText(where, path + ".where");
        Domain.Boundary pts = domain.boundary(count, rnd, (x, y) -> test.at(x, y) != 0);
        if (pts == null) throw new ProblemException(path + ".where", "'" + where + "' selects no part of the boundary");
        double w = n.has("weight") ? number(n.get("weight"), path + ".weight") : DEFAULT_BOUNDARY_WEIGHT;
        String name = n.has("name") ? text(n.get("name"), path + ".name") : kind + "[" + conditions.size() + "]";
        return new Condition(name, where, f, w, pts);
    }

    private LinearForm form(JsonNode n, String path, List<String> allowed, double[] b) { return form(text(n, path), text(n, path), path, allowed, b); }

    private LinearForm form(String shown, String text, String path, List<String> allowed, double[] b) {
        try {
            return new LinearForm(text, constants, allowed, b);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(path, e.getMessage().replace("'" + text + "'", "'" + shown + "'"));
        }
    }

    private LinearForm.Scalar scalar(JsonNode n, String path) { return scalarText(text(n, path), path); }

    private LinearForm.Scalar scalarText(String text, String path) {
        try {
            return LinearForm.scalar(text, constants);
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
