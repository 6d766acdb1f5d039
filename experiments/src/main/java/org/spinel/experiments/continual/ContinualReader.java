package org.spinel.experiments.continual;

import java.util.ArrayList;
import java.util.List;

import org.spinel.experiments.spec.EpTrainReader;
import org.spinel.experiments.spec.EpTrainSpec;
import org.spinel.experiments.spec.Obj;
import org.spinel.experiments.spec.Problems;
import org.spinel.experiments.spec.TrainReader;
import org.spinel.experiments.spec.TrainSpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * Reads {@code /protocol} of a {@code continual} experiment: {@code tasks} and {@code method} here, everything else
 * (dataset, encoder, network with its per-layer projectors, surrogate, loss, optimiser, epochs per task, batch size)
 * as the {@code train} protocol reads it ({@link TrainReader}). Problems go into {@code problems} with their JSON
 * pointers.
 */
final class ContinualReader {
    static final List<String> TASK_TYPES = List.of("permuted", "split");
    static final List<String> SCENARIOS = List.of("task-incremental", "class-incremental");

    private ContinualReader() {
    }

    /** @return the settings, or null after a problem */
    static ContinualSpec read(Obj p, Problems problems, String backend) {
        int before = problems.size();
        ContinualSpec.Tasks tasks = tasks(p, problems);
        String m = p.string("method", "sequential", ContinualSpec.Method.names().toArray(String[]::new));
        int perClass = 0;
        Obj r = p.object("replay", true);
        if (r != null) {
            perClass = r.intValue("perClass", 20, 1, 1_000_000, 0);
            r.finish();
            if (!"replay".equals(m)) {
                problems.add(p.at("replay"), p.raw("replay"), "no replay settings, or \"method\": \"replay\"");
            }
        } else if ("replay".equals(m)) {
            perClass = 20;
            p.resolved().putObject("replay").put("perClass", perClass);
        }
        ContinualSpec.Ewc ewc = null;
        Obj eo = p.object("ewc", true);
        if (eo == null && "ewc".equals(m)) {
            eo = new Obj(org.spinel.experiments.spec.ExperimentReader.MAPPER.createObjectNode(), p.at("ewc"), problems);
            p.resolved().set("ewc", eo.resolved());
        }
        if (eo != null) {
            double lambda = eo.quantity("lambda", org.spinel.experiments.spec.Dimension.DIMENSIONLESS, 1e5, 0,
                    Double.MAX_VALUE);
            double gamma = eo.quantity("gamma", org.spinel.experiments.spec.Dimension.DIMENSIONLESS, 1.0, 0, 1);
            int fs = eo.intValue("fisherSamples", 200, 1, Integer.MAX_VALUE, 1);
            eo.finish();
            if (!"ewc".equals(m)) {
                problems.add(p.at("ewc"), p.raw("ewc"), "no ewc settings, or \"method\": \"ewc\"");
            }
            ewc = new ContinualSpec.Ewc(lambda, gamma, fs);
        }
        boolean compare = p.bool("compareOracle", true);
        String credit = p.string("credit", "surrogate-gradient", ContinualSpec.CREDITS.toArray(String[]::new));
        boolean byEp = "equilibrium-propagation".equals(credit);
        TrainSpec train = null;
        EpTrainSpec ep = null;
        if (byEp) {
            ep = EpTrainReader.read(p, problems);
            if (ep != null) {
                checkCommon(p, problems, ep.dataset(), ep.patience());
                if ("oracle".equals(m) && ep.blocks().stream().noneMatch(b -> isHlop(b.projector()))) {
                    problems.add(p.at("method"), p.raw("method"), "a network with at least one \"hlop\" (or "
                            + "\"oracle\") block projector in /protocol/blocks for \"method\": \"oracle\", or another "
                            + "method of " + ContinualSpec.Method.names());
                }
                if (tasks != null && tasks.taskIncremental()) {
                    problems.add("/protocol/tasks/scenario", p.raw("tasks").path("scenario"), "\"class-incremental\" "
                            + "with equilibrium-propagation credit (its readout has one shared head)");
                }
            }
        } else {
            train = TrainReader.read(p, problems, backend);
            if (train != null) {
                checkCommon(p, problems, train.dataset(), train.patience());
                if (train.tangentKernelSamples() > 0) {
                    problems.add("/protocol/tangentKernel/samples", p.raw("tangentKernel").path("samples"),
                            "0: the tangent kernel is recorded by the train protocol only");
                }
                if ("oracle".equals(m) && !hasHlop(train)) {
                    problems.add(p.at("method"), p.raw("method"), "a network with at least one \"hlop\" (or "
                            + "\"oracle\") layer projector for \"method\": \"oracle\" (the oracle takes over each "
                            + "hlop schedule), or another method of " + ContinualSpec.Method.names());
                }
                if (train.engineCheckSamples() > 0) {
                    problems.add("/protocol/engineCheck/samples", p.raw("engineCheck").path("samples"),
                            "0: the engine check is run by the train protocol only");
                }
            }
        }
        if (problems.size() != before || tasks == null || (train == null && ep == null) || m == null) {
            return null;
        }
        return new ContinualSpec(train, ep, tasks, ContinualSpec.Method.of(m), perClass, ewc, compare);
    }

    /** The refusals shared by both credits: no validation split, no early stopping. */
    private static void checkCommon(Obj p, Problems problems, TrainSpec.Dataset d, int patience) {
        if (d.validationFraction() > 0 || d.validationSize() > 0) {
            problems.add("/protocol/dataset/" + (d.validationSize() > 0 ? "validationSize" : "validationFraction"),
                    p.raw("dataset").path(d.validationSize() > 0 ? "validationSize" : "validationFraction"), "none: "
                            + "the continual protocol evaluates every task on its test images (leave the validation "
                            + "split out)");
        }
        if (patience > 0) {
            problems.add("/protocol/earlyStopping/patience", p.raw("earlyStopping").path("patience"),
                    "0: the continual protocol trains a fixed number of epochs per task");
        }
    }

    private static boolean isHlop(org.spinel.networks.plasticity.Projector pr) {
        return pr instanceof org.spinel.plasticity.projection.HebbianSubspaceProjector
                || pr instanceof org.spinel.plasticity.projection.OracleSubspaceProjector;
    }

    /** Whether a layer has an {@code hlop} or {@code oracle} projector (the schedules {@code oracle} runs). */
    private static boolean hasHlop(TrainSpec train) {
        for (TrainSpec.Layer l : train.layers()) {
            if (isHlop(l.projector()) || isHlop(l.recurrentProjector())) {
                return true;
            }
        }
        return false;
    }

    private static ContinualSpec.Tasks tasks(Obj p, Problems problems) {
        int before = problems.size();
        Obj t = p.object("tasks", false);
        if (t == null) {
            return null;
        }
        String type = t.string("type", null, TASK_TYPES.toArray(String[]::new));
        int trainPer = perTask(t, "trainSamplesPerTask", problems);
        int testPer = perTask(t, "testSamplesPerTask", problems);
        int count = 0;
        boolean identityFirst = true;
        List<int[]> classes = List.of();
        String scenario = "class-incremental";
        if ("permuted".equals(type)) {
            count = t.intValue("count", null, 1, 10_000, 0);
            identityFirst = t.bool("identityFirst", true);
        } else if ("split".equals(type)) {
            scenario = t.string("scenario", "task-incremental", SCENARIOS.toArray(String[]::new));
            List<JsonNode> groups = t.array("classes", false);
            ArrayNode resolved = t.resolved().putArray("classes");
            List<int[]> cs = new ArrayList<>();
            if (groups != null) {
                if (groups.isEmpty()) {
                    problems.add(t.at("classes"), t.raw("classes"), "at least one task (a list of class lists)");
                }
                java.util.Map<Integer, String> seen = new java.util.HashMap<>();
                for (int g = 0; g < groups.size(); g++) {
                    JsonNode grp = groups.get(g);
                    String at = t.at("classes") + "/" + g;
                    if (!grp.isArray() || grp.isEmpty()) {
                        problems.add(at, grp, "a non-empty list of class indices");
                        continue;
                    }
                    int[] c = new int[grp.size()];
                    ArrayNode ra = resolved.addArray();
                    for (int k = 0; k < c.length; k++) {
                        JsonNode v = grp.get(k);
                        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 0) {
                            problems.add(at + "/" + k, v, "a class index (an integer >= 0)");
                            continue;
                        }
                        c[k] = v.asInt();
                        ra.add(c[k]);
                        String prev = seen.putIfAbsent(c[k], at + "/" + k);
                        if (prev != null) {
                            problems.add(at + "/" + k, v, "a class of no other task (class " + c[k]
                                    + " is already at " + prev + ")");
                        }
                    }
                    cs.add(c);
                }
            }
            classes = List.copyOf(cs);
            count = classes.size();
        }
        t.finish();
        if (problems.size() != before || type == null) {
            return null;
        }
        return new ContinualSpec.Tasks(type, count, identityFirst, classes, scenario, trainPer, testPer);
    }

    /** An optional per-task count: an integer >= 1 or "all" (the default); -1 for all. */
    private static int perTask(Obj t, String field, Problems problems) {
        JsonNode v = t.raw(field);
        if (v.isMissingNode() || v.isNull() || (v.isTextual() && v.asText().equals("all"))) {
            t.resolved().put(field, "all");
            return -1;
        }
        if (v.isTextual()) {
            problems.add(t.at(field), v, "an integer >= 1 or \"all\"");
            return -1;
        }
        return t.intValue(field, null, 1, Integer.MAX_VALUE, -1);
    }
}
