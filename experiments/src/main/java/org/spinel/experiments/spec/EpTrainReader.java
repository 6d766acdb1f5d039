package org.spinel.experiments.spec;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.spinel.networks.plasticity.Projector;
import org.spinel.plasticity.ep.EpEstimator;
import org.spinel.plasticity.ep.EquilibriumNetwork;
import org.spinel.plasticity.ep.JacobianHomeostasis;
import org.spinel.plasticity.ep.RateActivation;
import org.spinel.plasticity.ep.RelaxationPhases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads the {@code protocol} block of type {@code ep-train} into an {@link EpTrainSpec}, reporting every problem by
 * JSON pointer. The dataset, optimiser and early-stopping fields are the {@code train} protocol's
 * ({@link TrainReader}); defaults are the spec's Fashion-MNIST setting (learning-rules §3), listed at
 * {@link #read}.
 */
public final class EpTrainReader {
    private static final double INF = Double.POSITIVE_INFINITY;
    /** The default convergence tolerance of the relaxations: a residual ‖F(u)‖ of at most 1e-4. */
    public static final double DEFAULT_TOLERANCE = 1e-4;

    private EpTrainReader() {
    }

    /**
     * Reads {@code /protocol}. Defaults: network 784-256-256-10 sigmoid tied (init N(0, 1/fan-in)), estimator
     * holomorphic N = 4 |β| = 0.5, phases T1 = 150, T2 = 20, tolerance {@value #DEFAULT_TOLERANCE}, non-convergence
     * {@code continue}, no homeostasis, SGD 0.01 momentum 0.9, batch 50 (last incomplete batch dropped), 50 epochs.
     *
     * @return the spec, or null after a problem
     */
    public static EpTrainSpec read(Obj p, Problems problems) {
        int before = problems.size();
        TrainSpec.Dataset dataset = TrainReader.dataset(p, problems);
        Obj n = p.object("network", true);
        if (n == null) {
            n = new Obj(ExperimentReader.MAPPER.createObjectNode(), p.at("network"), problems);
            p.resolved().set("network", n.resolved());
        }
        int[] sizes = sizes(n, problems);
        int classes = -1;
        if (n.has("classes")) {
            classes = n.intValue("classes", null, 2, 1 << 20, -1);
        }
        String actName = n.string("activation", "sigmoid", RateActivation.ids().toArray(String[]::new));
        RateActivation activation = actName == null ? null : RateActivation.byId(actName);
        String feedback = n.string("feedback", "tied", "tied", "untied");
        boolean tied = !"untied".equals(feedback);
        double angle = n.quantity("angle", Dimension.DIMENSIONLESS, 0.0, -360, 360);
        if (tied && n.has("angle") && angle != 0) {
            problems.add(n.at("angle"), n.raw("angle"), "0 or no angle with tied feedback (the angle initialises "
                    + "untied feedback weights: set \"feedback\": \"untied\")");
        }
        double std = Double.NaN;
        JsonNode sv = n.raw("initStd");
        if (sv.isMissingNode() || sv.isNull() || sv.isTextual() && sv.asText().equals("fan-in")) {
            n.resolved().put("initStd", "fan-in");
        } else {
            std = n.quantity("initStd", Dimension.DIMENSIONLESS, null, Double.MIN_VALUE, INF);
        }
        n.finish();
        EpEstimator estimator = estimator(p, activation, problems);
        RelaxationPhases phases = phases(p, problems);
        Obj nc = p.object("nonConvergence", true);
        if (nc == null) {
            nc = new Obj(ExperimentReader.MAPPER.createObjectNode(), p.at("nonConvergence"), problems);
            p.resolved().set("nonConvergence", nc.resolved());
        }
        boolean stop = "stop".equals(nc.string("action", "continue", "continue", "stop"));
        double maxFraction = nc.quantity("maxFraction", Dimension.DIMENSIONLESS, stop ? 0.0 : 1.0, 0, 1);
        nc.finish();
        JacobianHomeostasis homeostasis = homeostasis(p, problems);
        int epochs = p.intValue("epochs", 50, 1, 1_000_000, 1);
        TrainSpec.OptimizerSpec optimizer = TrainReader.optimizer(p, epochs, "sgd-momentum", problems);
        int batchSize = p.intValue("batchSize", 50, 1, 1 << 24, 1);
        boolean dropLast = p.bool("dropLast", true);
        int patience = TrainReader.patience(p);
        if (sizes == null) {
            p.allow("blocks"); // unreadable without the sizes; the sizes' problem is the one to report
        }
        List<EpTrainSpec.Block> blocks = sizes == null ? List.of() : blocks(p, sizes, tied, problems);
        if (problems.size() != before || sizes == null || activation == null || estimator == null || phases == null
                || homeostasis == null) {
            return null;
        }
        ObjectNode network = n.resolved().deepCopy();
        network.put("classes", classes);
        JsonNode bl = p.resolved().path("blocks");
        ObjectNode projectors = ExperimentReader.MAPPER.createObjectNode();
        bl.fields().forEachRemaining(f -> {
            if (f.getValue().has("projector")) {
                projectors.set(f.getKey(), f.getValue().get("projector").deepCopy());
            }
        });
        if (projectors.size() > 0) { // projectors are part of the network a checkpoint belongs to
            network.set("projectors", projectors);
        }
        return new EpTrainSpec(dataset, sizes, classes, activation, tied, angle, std, estimator, phases, stop,
                maxFraction, homeostasis, optimizer, epochs, batchSize, dropLast, patience, blocks, network);
    }

    private static int[] sizes(Obj n, Problems problems) {
        List<JsonNode> items;
        if (n.has("sizes")) {
            items = n.array("sizes", false);
        } else {
            items = new ArrayList<>();
            for (int s : new int[] {784, 256, 256, 10}) {
                items.add(ExperimentReader.MAPPER.getNodeFactory().numberNode(s));
            }
        }
        if (items.size() < 2) {
            problems.add(n.at("sizes"), n.raw("sizes"), "the input size then at least one dynamic layer, e.g. "
                    + "[784, 256, 256, 10]");
            return null;
        }
        ArrayNode r = n.resolvedArray("sizes");
        int[] out = new int[items.size()];
        boolean ok = true;
        for (int i = 0; i < out.length; i++) {
            JsonNode v = items.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1 || v.asInt() > 1 << 20) {
                problems.add(n.at("sizes") + "/" + i, v, "a layer size, an integer in [1, " + (1 << 20) + "]");
                ok = false;
            } else {
                out[i] = v.asInt();
                r.add(out[i]);
            }
        }
        return ok ? out : null;
    }

    private static EpEstimator estimator(Obj p, RateActivation activation, Problems problems) {
        Obj o = p.object("estimator", true);
        if (o == null) {
            o = new Obj(ExperimentReader.MAPPER.createObjectNode(), p.at("estimator"), problems);
            p.resolved().set("estimator", o.resolved());
        }
        int before = problems.size();
        double beta = betaModulus(o, "beta", 0.5, problems);
        EpEstimator est = estimatorKind(o, activation, problems);
        o.finish();
        return est == null || problems.size() != before ? null : new EpEstimator(est.kind(), beta, est.nudges());
    }

    /**
     * The {@code kind} and {@code N} of an estimator object (shared with {@code ep-gradient-check}, which sets |β|
     * itself): an estimator with |β| = 1, or null after a problem. The caller finishes {@code o}.
     */
    static EpEstimator estimatorKind(Obj o, RateActivation activation, Problems problems) {
        int before = problems.size();
        String kind = o.string("kind", "holomorphic", "classic", "centred", "holomorphic");
        int nudges;
        if ("holomorphic".equals(kind)) {
            JsonNode nv = o.raw("N");
            if (nv.isIntegralNumber() && nv.asLong() < 1) {
                problems.add(o.at("N"), nv, "N >= 1 nudges on the circle |beta| e^(2 pi i k / N)");
                nudges = 1;
            } else {
                nudges = o.intValue("N", 4, 1, 1000, 1);
            }
        } else {
            nudges = "centred".equals(kind) ? 2 : 1;
            if (o.has("N") && o.raw("N").asInt(-1) != nudges) {
                problems.add(o.at("N"), o.raw("N"), "N = " + nudges + " for the " + kind + " estimator, or no N (N "
                        + "counts the nudges of the holomorphic estimator)");
            }
            o.allow("N");
            o.resolved().put("N", nudges);
        }
        if (problems.size() != before || kind == null) {
            return null;
        }
        EpEstimator.Kind k = switch (kind) {
            case "classic" -> EpEstimator.Kind.CLASSIC;
            case "centred" -> EpEstimator.Kind.CENTRED;
            default -> EpEstimator.Kind.HOLOMORPHIC;
        };
        EpEstimator est = new EpEstimator(k, 1, nudges);
        if (est.complex() && activation != null && !activation.isHolomorphic()) {
            problems.add(o.at("kind"), o.raw("kind"), "a real estimator (classic, centred, or holomorphic with N <= 2):"
                    + " the " + activation.id() + " activation has no complex extension (holomorphic N > 2 needs "
                    + "sigmoid or tanh)");
            return null;
        }
        return est;
    }

    /** A finite |β| &gt; 0 (read as a modulus: the sign is the estimator's). */
    static double betaModulus(Obj o, String field, double def, Problems problems) {
        JsonNode v = o.raw(field);
        if (v.isNumber() && !(v.asDouble() > 0 && Double.isFinite(v.asDouble()))) {
            problems.add(o.at(field), v, "|beta| > 0 (finite): the nudge strength; " + v.asDouble()
                    + (v.asDouble() == 0 ? " would nudge nothing and divide by zero" : " is not a modulus"));
            return def;
        }
        return o.quantity(field, Dimension.DIMENSIONLESS, def, Double.MIN_VALUE, INF);
    }

    private static RelaxationPhases phases(Obj p, Problems problems) {
        Obj o = p.object("phases", true);
        if (o == null) {
            o = new Obj(ExperimentReader.MAPPER.createObjectNode(), p.at("phases"), problems);
            p.resolved().set("phases", o.resolved());
        }
        int before = problems.size();
        int t1 = steps(o, "T1", 150, "free", problems);
        int t2 = steps(o, "T2", 20, "nudged", problems);
        double tol = o.quantity("tolerance", Dimension.DIMENSIONLESS, DEFAULT_TOLERANCE, 0, INF);
        o.finish();
        return problems.size() != before ? null : new RelaxationPhases(t1, t2, tol);
    }

    /** A phase's step count: an integer &ge; 1. */
    static int steps(Obj o, String field, int def, String phase, Problems problems) {
        JsonNode v = o.raw(field);
        if (v.isIntegralNumber() && v.asLong() < 1) {
            problems.add(o.at(field), v, "at least 1 " + phase + "-phase step (" + field + " >= 1)");
            return def;
        }
        return o.intValue(field, def, 1, 100_000_000, def);
    }

    private static JacobianHomeostasis homeostasis(Obj p, Problems problems) {
        Obj o = p.object("homeostasis", true);
        if (o == null) {
            o = new Obj(ExperimentReader.MAPPER.createObjectNode(), p.at("homeostasis"), problems);
            p.resolved().set("homeostasis", o.resolved());
        }
        int before = problems.size();
        double lambda = o.quantity("lambda", Dimension.DIMENSIONLESS, 0.0, 0, INF);
        String est = o.string("estimate", "stochastic", "stochastic", "exact");
        int draws = o.intValue("draws", 5, 1, 1_000_000, 1);
        String jac = o.string("jacobian", "activation", "activation", "preactivation");
        o.finish();
        if (problems.size() != before) {
            return null;
        }
        return new JacobianHomeostasis(lambda, "exact".equals(est) ? JacobianHomeostasis.Estimate.EXACT
                : JacobianHomeostasis.Estimate.STOCHASTIC, draws, "preactivation".equals(jac)
                        ? JacobianHomeostasis.Jacobian.PREACTIVATION : JacobianHomeostasis.Jacobian.ACTIVATION);
    }

    /** The block names of a network of these sizes, in the model's order. */
    public static List<String> blockNames(int[] sizes, boolean tied) {
        List<String> names = new ArrayList<>();
        int layers = sizes.length - 1;
        for (int l = 1; l <= layers; l++) {
            names.add(EquilibriumNetwork.forwardName(l));
        }
        for (int l = 2; l <= layers && !tied; l++) {
            names.add(EquilibriumNetwork.feedbackName(l));
        }
        for (int l = 1; l <= layers; l++) {
            names.add(EquilibriumNetwork.biasName(l));
        }
        names.add("readout");
        names.add("readout.bias");
        return names;
    }

    /** The presynaptic units of block {@code name}, or -1 for the readout (its size is the last layer's). */
    private static int pre(String name, int[] sizes) {
        if (name.startsWith("bias") || name.equals("readout.bias")) {
            return 1;
        }
        if (name.equals("readout")) {
            return sizes[sizes.length - 1];
        }
        int l = Integer.parseInt(name.replaceAll("\\D", ""));
        return name.startsWith("forward") ? sizes[l - 1] : sizes[l];
    }

    private static List<EpTrainSpec.Block> blocks(Obj p, int[] sizes, boolean tied, Problems problems) {
        Obj b = p.object("blocks", true);
        if (b == null) {
            return List.of();
        }
        List<String> names = blockNames(sizes, tied);
        List<EpTrainSpec.Block> out = new ArrayList<>();
        JsonNode raw = p.raw("blocks");
        for (Iterator<String> it = raw.fieldNames(); it.hasNext();) {
            String name = it.next();
            b.allow(name);
            if (!names.contains(name)) {
                String near = Problems.nearest(name, names);
                problems.add(b.at(name), b.raw(name), "a weight block of this network: one of " + names
                        + (near != null ? " (did you mean \"" + near + "\"?)" : ""));
                continue;
            }
            Obj o = b.object(name, false);
            if (o == null) {
                continue;
            }
            int before = problems.size();
            boolean learn = o.bool("learn", true);
            double[] bounds = TrainReader.bounds(o, problems);
            double lo = bounds[0], hi = bounds[1];
            Projector projector = ProjectorReader.read(o, "projector", pre(name, sizes), problems);
            if (!learn && projector != null) {
                problems.add(o.at("learn"), o.raw("learn"), "true, or no projector: a frozen block's weights do not "
                        + "change, so there is nothing to project");
            }
            o.finish();
            if (problems.size() == before) {
                out.add(new EpTrainSpec.Block(name, learn, projector, lo, hi));
            }
        }
        b.finish();
        return List.copyOf(out);
    }
}
