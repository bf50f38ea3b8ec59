package org.siren4j.pde.problem;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.siren4j.pde.problem.FileProblem.ProblemException;

/** Reading a problem file's JSON: typed values that name the JSON path of a bad one, named numbers, and shapes. */
final class ProblemJson {
    private ProblemJson() {}

    /** {@code key}: {name: number}, names a letter then letters or digits, not reserved and not {@code taken}. */
    static Map<String, Double> namedNumbers(JsonNode root, String key, String what, String value, Set<String> taken) {
        Map<String, Double> out = new LinkedHashMap<>();
        JsonNode n = root.get(key);
        if (n == null) return out;
        requireObject(n, "$." + key);
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            var c = it.next();
            String path = "$." + key + "." + c.getKey();
            if (!c.getKey().matches("[A-Za-z][A-Za-z0-9]*") || FileProblem.RESERVED.contains(c.getKey()) || taken.contains(c.getKey()))
                throw new ProblemException(path, what + "'s name is a letter then letters or digits, other than the coordinates, the unknowns, the constants, i, pi, e");
            if (!c.getValue().isNumber()) throw new ProblemException(path, value);
            out.put(c.getKey(), c.getValue().asDouble());
        }
        return out;
    }

    private static final String SHAPES = "interval, box, disk, polygon, ball, union, difference";

    /** A domain shape, {@code {kind: ...}}: 1-D to 3-D shapes and unions and differences of them. */
    static Shape shape(JsonNode n, String path) {
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

    static JsonNode required(JsonNode n, String key, String path) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) throw new ProblemException(path + "." + key, "missing");
        return v;
    }

    static void requireObject(JsonNode n, String path) {
        if (!n.isObject()) throw new ProblemException(path, "an object ({...})");
    }

    static String text(JsonNode n, String path) {
        if (n.isNumber()) return n.asText();
        if (!n.isTextual()) throw new ProblemException(path, "an expression (a string)");
        return n.asText();
    }

    static double number(JsonNode n, String path) {
        if (!n.isNumber()) throw new ProblemException(path, "a number");
        return n.asDouble();
    }

    static double[] numbers(JsonNode n, String path, int len) {
        if (!n.isArray() || n.size() != len) throw new ProblemException(path, "a list of " + len + " numbers");
        double[] out = new double[len];
        for (int i = 0; i < len; i++) out[i] = number(n.get(i), path + "[" + i + "]");
        return out;
    }

    static int count(JsonNode n, String key, int dflt) {
        JsonNode v = n.get(key);
        if (v == null) return dflt;
        if (!v.canConvertToInt() || v.asInt() < 16 || v.asInt() > 4_000_000) throw new ProblemException("$.points." + key, "a whole number in 16..4000000");
        return v.asInt();
    }
}
