package org.spinel.experiments.spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.spinel.neurons.NeuronModel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * Reads the {@code protocol} block of type {@code lsm-classification} into an {@link LsmClassificationSpec}, reporting
 * every problem by JSON pointer. Defaults are the paper's (nalsm.md "Protocol"): 50 000 training, 10 000 validation
 * and 10 000 test samples, 50 000 initialisation presentations of 20 ms, astrocyte decay 0.99 per ms in the feature
 * phase, 20 samples per branching-factor measurement.
 */
public final class LsmClassificationReader {
    private static final double INF = Double.POSITIVE_INFINITY;

    private LsmClassificationReader() {
    }

    /**
     * @param p           the protocol object
     * @param models      population or source name → model (null for sources)
     * @param sourceTypes source name → its type ("poisson", "spike-array", "external")
     * @param sizes       name → size
     * @param durationMs  the experiment's duration (the feature presentation), NaN if invalid
     * @param dt          the time step, ms
     * @return the spec, or null after a problem
     */
    public static LsmClassificationSpec read(Obj p, Map<String, NeuronModel> models, Map<String, String> sourceTypes,
            Map<String, Integer> sizes, double durationMs, double dt, Problems problems) {
        int before = problems.size();
        Obj d = sub(p, "dataset", problems);
        String dsName = d.string("name", "fashion-mnist", LsmClassificationSpec.DATASETS.toArray(String[]::new));
        Path dir = null;
        if (d.has("directory")) {
            String s = d.string("directory", null);
            dir = s == null ? null : Path.of(s);
        }
        int train = d.intValue("train", 50_000, 1, 1_000_000, 1);
        int validation = d.intValue("validation", 10_000, 1, 1_000_000, 1);
        int test = d.intValue("test", 10_000, 1, 1_000_000, 1);
        d.finish();

        String input = p.string("input", null);
        if (input != null && !"external".equals(sourceTypes.get(input))) {
            List<String> ext = sourceTypes.entrySet().stream().filter(e -> e.getValue().equals("external"))
                    .map(Map.Entry::getKey).toList();
            String near = Problems.nearest(input, ext);
            problems.add(p.at("input"), p.raw("input"), "the name of a source of type \"external\" " + ext
                    + " (the dataset's input code is fed into it, one unit per pixel)"
                    + (near != null ? " (did you mean \"" + near + "\"?)" : ""));
            input = null;
        }

        List<String> liquid = new ArrayList<>();
        List<JsonNode> ls = p.array("liquid", false);
        ArrayNode rl = p.resolvedArray("liquid");
        if (p.has("liquid") && ls.isEmpty()) {
            problems.add(p.at("liquid"), p.raw("liquid"), "at least one population");
        }
        for (int k = 0; k < ls.size(); k++) {
            JsonNode v = ls.get(k);
            String name = v.isTextual() ? v.asText() : null;
            if (name != null && !models.containsKey(name) && sizes.containsKey(name)) {
                continue; // an invalid population, reported where it is defined
            }
            if (name == null || !models.containsKey(name) || models.get(name) == null) {
                List<String> pops = models.entrySet().stream().filter(e -> e.getValue() != null).map(Map.Entry::getKey)
                        .toList();
                String near = name == null ? null : Problems.nearest(name, pops);
                problems.add(p.at("liquid") + "/" + k, v, "the name of a population " + pops
                        + (near != null ? " (did you mean \"" + near + "\"?)" : ""));
            } else if (liquid.contains(name)) {
                problems.add(p.at("liquid") + "/" + k, v, "a population not listed before");
            } else {
                liquid.add(name);
                rl.add(name);
            }
        }

        Obj ir = sub(p, "initialization", problems);
        int initSamples = ir.intValue("samples", 50_000, 0, Integer.MAX_VALUE, 0);
        double presentation = ir.quantity("presentation", Dimension.TIME, 20.0, Double.isNaN(dt) ? Double.MIN_VALUE : dt,
                INF);
        if (ir.has("presentation") && TimeSteps.whole(presentation, dt, ir.at("presentation"), ir.raw("presentation"),
                "a presentation time", problems) < 0) {
            presentation = Double.NaN;
        }
        int checkpoints = ir.intValue("checkpoints", 10, 1, 10_000, 1);
        ir.finish();

        Obj fo = sub(p, "features", problems);
        boolean plastic = fo.bool("plasticity", true);
        double decay = fo.quantity("astrocyteDecay", Dimension.DIMENSIONLESS, 0.99, Double.MIN_VALUE, 1);
        fo.finish();

        Obj ro = sub(p, "readout", problems);
        int epochs = ro.intValue("epochs", 100, 1, 100_000, 1);
        int batch = ro.intValue("batchSize", 100, 1, 1_000_000, 1);
        if (batch > train) {
            problems.add(ro.at("batchSize"), ro.raw("batchSize"), "at most the number of training samples ("
                    + train + ", /protocol/dataset/train)");
        }
        double lr = ro.quantity("learningRate", Dimension.DIMENSIONLESS, 0.001, Double.MIN_VALUE, INF);
        double l2 = ro.quantity("l2", Dimension.DIMENSIONLESS, 1e-6, 0, INF);
        int patience = ro.intValue("patience", 10, 1, 100_000, 1);
        ro.finish();

        Obj bo = sub(p, "branching", problems);
        int bfSamples = bo.intValue("samples", 20, 1, 1_000_000, 1);
        bo.finish();
        if (bfSamples > Math.min(validation, test)) {
            problems.add(bo.at("samples"), bo.raw("samples"), "at most the number of validation and test samples ("
                    + Math.min(validation, test) + ")");
        }

        Obj qo = sub(p, "quick", problems);
        int qInit = qo.intValue("initialization", 200, 0, Integer.MAX_VALUE, 0);
        int qTrain = qo.intValue("train", 300, 1, Integer.MAX_VALUE, 1);
        int qVal = qo.intValue("validation", 100, 1, Integer.MAX_VALUE, 1);
        int qTest = qo.intValue("test", 100, 1, Integer.MAX_VALUE, 1);
        int qEpochs = qo.intValue("epochs", 30, 1, Integer.MAX_VALUE, 1);
        qo.finish();

        if (!Double.isNaN(durationMs) && !Double.isNaN(dt) && Math.round(durationMs / dt) < 1) {
            problems.addText("/duration", durationMs + " ms", "at least one step: the duration is the presentation "
                    + "time of each sample in the feature phase (the paper: 250 ms)");
        }
        if (problems.size() != before || input == null || liquid.isEmpty()) {
            return null;
        }
        return new LsmClassificationSpec(new LsmClassificationSpec.Dataset(dsName, dir, train, validation, test), input,
                List.copyOf(liquid), new LsmClassificationSpec.Initialization(initSamples, presentation, checkpoints),
                new LsmClassificationSpec.Features(plastic, decay),
                new LsmClassificationSpec.Readout(epochs, batch, lr, l2, patience),
                new LsmClassificationSpec.Branching(bfSamples),
                new LsmClassificationSpec.Quick(qInit, qTrain, qVal, qTest, qEpochs));
    }

    /** An optional sub-object, read as an empty one when absent (so its defaults appear in the resolved form). */
    private static Obj sub(Obj p, String field, Problems problems) {
        Obj o = p.object(field, true);
        if (o != null) {
            return o;
        }
        Obj empty = new Obj(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(), p.at(field),
                problems);
        p.resolved().set(field, empty.resolved());
        return empty;
    }
}
