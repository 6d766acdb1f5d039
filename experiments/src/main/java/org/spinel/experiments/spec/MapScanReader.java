package org.spinel.experiments.spec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.spinel.neurons.ChialvoNeuron;
import org.spinel.neurons.NeuronModel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/** Reads the {@code protocol} block of type {@code map-scan} into a {@link MapScanSpec}, reporting by JSON pointer. */
public final class MapScanReader {
    private static final double INF = Double.POSITIVE_INFINITY;

    private MapScanReader() {
    }

    /**
     * @param p      the protocol object
     * @param doc    the whole experiment document (axis paths must name numbers in it)
     * @param models population name → model (null for a population with problems)
     * @param sizes  population name → size
     * @return the spec, or null after a problem
     */
    public static MapScanSpec read(Obj p, JsonNode doc, Map<String, NeuronModel> models, Map<String, Integer> sizes,
            Problems problems) {
        int before = problems.size();
        String pop = p.string("population", null);
        int n = -1;
        if (pop != null) {
            if (!models.containsKey(pop) && sizes.containsKey(pop)) {
                // an invalid population, reported where it is defined
            } else if (!models.containsKey(pop)) {
                String near = Problems.nearest(pop, models.keySet());
                problems.add(p.at("population"), p.raw("population"), "the name of a population " + models.keySet()
                        + (near != null ? " (did you mean \"" + near + "\"?)" : ""));
            } else if (models.get(pop) != null && !(models.get(pop) instanceof ChialvoNeuron)) {
                problems.add(p.at("population"), p.raw("population"), "a population of chialvo neurons (\"" + pop
                        + "\" is " + models.get(pop).name() + ")");
            } else {
                n = sizes.getOrDefault(pop, -1);
            }
        }
        List<MapScanSpec.Axis> axes = readAxes(p, doc, problems);
        int iterations = p.intValue("iterations", 20_000, 100, Integer.MAX_VALUE, 20_000);
        int transientSteps = p.intValue("transient", iterations / 2, 0, Integer.MAX_VALUE, 0);
        if (transientSteps > iterations - 100) {
            problems.add(p.at("transient"), p.raw("transient"), "fewer transient iterations than iterations - 100 = "
                    + (iterations - 100) + " (the measures need at least 100 samples)");
        }
        boolean icsGiven = p.has("initialConditions");
        int ics = p.intValue("initialConditions", 1, 1, 1_000_000, 1);
        MapScanSpec.Basins basins = null;
        Obj b = p.object("basins", true);
        if (b != null) {
            MapScanSpec.Coordinate c1 = coordinate(b, "first", n, problems);
            MapScanSpec.Coordinate c2 = coordinate(b, "second", n, problems);
            b.finish();
            if (c1 != null && c2 != null) {
                basins = new MapScanSpec.Basins(c1, c2);
            }
            p.resolved().remove("initialConditions");
            if (icsGiven) {
                problems.add(p.at("initialConditions"), p.raw("initialConditions"),
                        "no initialConditions when basins gives the grid of initial conditions");
            }
        }
        long points = 1;
        for (MapScanSpec.Axis a : axes) {
            points *= a.values().length;
        }
        if (basins != null && points > 1) {
            problems.add(p.at("basins"), p.raw("basins"), "basins at one parameter point: give parameters single "
                    + "values or drop them (a scan with basins at each point is a sweep of basin experiments)");
        }
        Set<String> measures = new LinkedHashSet<>();
        if (p.has("measures")) {
            List<JsonNode> ms = p.array("measures", false);
            ArrayNode rm = p.resolvedArray("measures");
            for (int k = 0; k < ms.size(); k++) {
                JsonNode m = ms.get(k);
                if (!m.isTextual() || !MapScanSpec.MEASURES.contains(m.asText())) {
                    String near = m.isTextual() ? Problems.nearest(m.asText(), MapScanSpec.MEASURES) : null;
                    problems.add(p.at("measures") + "/" + k, m, "one of " + MapScanSpec.MEASURES
                            + (near != null ? " (did you mean \"" + near + "\"?)" : ""));
                } else {
                    measures.add(m.asText());
                    rm.add(m.asText());
                }
            }
        } else {
            measures.addAll(MapScanSpec.DEFAULT_MEASURES);
            ArrayNode rm = p.resolvedArray("measures");
            MapScanSpec.DEFAULT_MEASURES.forEach(rm::add);
        }
        int observable = p.intValue("observableNode", 0, 0, Integer.MAX_VALUE, 0);
        if (n > 0 && observable >= n) {
            problems.add(p.at("observableNode"), p.raw("observableNode"), "a node index in [0, " + (n - 1) + "]");
        }
        int samples = p.intValue("samples", 200, 1, Integer.MAX_VALUE, 1);
        double lyapTol = p.quantity("lyapunovTolerance", Dimension.DIMENSIONLESS, 0.005, 0, INF);
        double periodTol = p.quantity("periodTolerance", Dimension.DIMENSIONLESS, 1e-6, 0, INF);
        int maxPeriod = p.intValue("maxPeriod", 64, 1, Integer.MAX_VALUE, 1);
        int frequencies = p.intValue("frequencies", 100, 1, 10_000, 1);
        int measured = iterations - transientSteps;
        if (samples > measured) {
            problems.add(p.at("samples"), p.raw("samples"), "at most iterations - transient = " + measured);
        }
        if (measured > 100 && 2 * maxPeriod >= measured) {
            problems.add(p.at("maxPeriod"), p.raw("maxPeriod"), "less than half the measured iterations ("
                    + measured + ")");
        }
        if (problems.size() != before || pop == null || n < 0) {
            return null;
        }
        return new MapScanSpec(pop, axes, iterations, transientSteps, basins != null ? basins.size() : ics, basins,
                Set.copyOf(measures), observable, samples, lyapTol, periodTol, maxPeriod, frequencies);
    }

    private static List<MapScanSpec.Axis> readAxes(Obj p, JsonNode doc, Problems problems) {
        List<MapScanSpec.Axis> axes = new ArrayList<>();
        List<JsonNode> items = p.array("parameters", true);
        ArrayNode out = p.resolvedArray("parameters");
        if (items.size() > 2) {
            problems.add(p.at("parameters"), p.raw("parameters"), "at most two parameters (a 1-D scan or a 2-D map)");
        }
        for (int k = 0; k < items.size(); k++) {
            Obj a = new Obj(items.get(k), p.at("parameters") + "/" + k, problems);
            out.add(a.resolved());
            String path = a.string("path", null);
            double[] values = null;
            if (a.has("values")) {
                List<JsonNode> vs = a.array("values", false);
                values = new double[vs.size()];
                for (int v = 0; v < vs.size(); v++) {
                    if (!vs.get(v).isNumber() || !Double.isFinite(vs.get(v).asDouble())) {
                        problems.add(a.at("values") + "/" + v, vs.get(v), "a finite number");
                    }
                    values[v] = vs.get(v).asDouble();
                }
                if (vs.isEmpty()) {
                    problems.add(a.at("values"), a.raw("values"), "at least one value");
                }
                a.resolved().set("values", a.raw("values").deepCopy());
                if (a.has("from") || a.has("to") || a.has("points")) {
                    problems.add(a.pointer(), items.get(k), "either values or from/to/points, not both");
                }
            } else {
                double from = a.quantity("from", Dimension.DIMENSIONLESS, null, Double.NEGATIVE_INFINITY, INF);
                double to = a.quantity("to", Dimension.DIMENSIONLESS, null, Double.NEGATIVE_INFINITY, INF);
                int points = a.intValue("points", null, 1, 10_000_000, 1);
                if (!Double.isNaN(from) && !Double.isNaN(to)) {
                    values = linspace(from, to, points);
                }
            }
            a.finish();
            if (path != null) {
                JsonNode target = path.startsWith("/") ? doc.at(path) : null;
                if (target == null || path.startsWith("/protocol") || path.startsWith("/sweep")) {
                    problems.add(a.at("path"), a.raw("path"), "a JSON pointer to a number of the network, such as "
                            + "\"/populations/0/model/k0\" or \"/couplings/0/graph/mu\"");
                } else if (!target.isNumber() && !problems.hasAt(path)) { // an invalid base value is reported there
                    problems.add(a.at("path"), a.raw("path"), "a path to a number in the experiment (found "
                            + (target.isMissingNode() ? "nothing" : target.toString()) + " there; write the base "
                            + "value as a plain number)");
                } else if (values != null) {
                    String label = path.substring(path.lastIndexOf('/') + 1);
                    axes.add(new MapScanSpec.Axis(path, label, values));
                }
            }
        }
        return axes;
    }

    private static MapScanSpec.Coordinate coordinate(Obj b, String field, int n, Problems problems) {
        Obj c = b.object(field, false);
        int before = problems.size();
        int node = c.intValue("node", null, 0, Integer.MAX_VALUE, 0);
        if (n > 0 && node >= n) {
            problems.add(c.at("node"), c.raw("node"), "a node index in [0, " + (n - 1) + "]");
        }
        String var = c.string("variable", "x", "x", "y");
        double from = c.quantity("from", Dimension.DIMENSIONLESS, null, Double.NEGATIVE_INFINITY, INF);
        double to = c.quantity("to", Dimension.DIMENSIONLESS, null, Double.NEGATIVE_INFINITY, INF);
        int points = c.intValue("points", null, 1, 100_000, 1);
        c.finish();
        if (problems.size() != before) {
            return null;
        }
        return new MapScanSpec.Coordinate(node, var, linspace(from, to, points));
    }

    /** {@code points} evenly spaced values from {@code from} to {@code to} inclusive (just {@code from} for one). */
    private static double[] linspace(double from, double to, int points) {
        double[] v = new double[points];
        for (int k = 0; k < points; k++) {
            v[k] = points == 1 ? from : from + (to - from) * k / (points - 1);
        }
        return v;
    }
}
