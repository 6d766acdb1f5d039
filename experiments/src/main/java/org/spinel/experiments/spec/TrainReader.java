package org.spinel.experiments.spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.spinel.experiments.datasets.encoding.LatencyEncoder;
import org.spinel.networks.plasticity.Projector;
import org.spinel.neurons.DiscreteLifNeuron;
import org.spinel.plasticity.sg.LayerConfig;
import org.spinel.plasticity.sg.Loss;
import org.spinel.plasticity.sg.RateRegularizer;
import org.spinel.plasticity.surrogate.SurrogateFunction;
import org.spinel.plasticity.surrogate.Surrogates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads the {@code protocol} block of type {@code train} into a {@link TrainSpec}, reporting every problem by JSON
 * pointer. Defaults are the SpyTorch Fashion-MNIST tutorial: latency code (τ_eff 20 ms, θ 0.2), 100 steps of 1 ms,
 * 784-100-10 with τ_mem 10 ms, τ_syn 5 ms, ϑ = 1, reset to zero (detached), init scale 7, fast sigmoid (slope 100),
 * max-over-time cross-entropy, Adam 2e-4, batch 256, 30 epochs.
 */
public final class TrainReader {
    private static final double INF = Double.POSITIVE_INFINITY;

    private TrainReader() {
    }

    /** @return the spec, or null after a problem */
    /** @param backend the experiment's backend: the default of the engine check's */
    public static TrainSpec read(Obj p, Problems problems, String backend) {
        int before = problems.size();
        TrainSpec.Dataset dataset = dataset(p, problems);
        int steps = p.intValue("steps", 100, 1, 1_000_000, 1);
        double dt = p.quantity("dt", Dimension.TIME, 1.0, Double.MIN_VALUE, INF);
        TrainSpec.Encoder encoder = encoder(p, dt, problems);
        Obj n = p.object("network", true);
        if (n == null) {
            n = new Obj(ExperimentReader.MAPPER.createObjectNode(), p.at("network"), problems);
            p.resolved().set("network", n.resolved());
        }
        int inputs = -1;
        if (n.has("inputs")) {
            inputs = n.intValue("inputs", null, 1, Integer.MAX_VALUE, -1);
        }
        List<TrainSpec.Layer> layers = layers(n, inputs, problems);
        double initScale = n.quantity("initScale", Dimension.DIMENSIONLESS, 7.0, 0, INF);
        double recurrentInitScale = n.quantity("recurrentInitScale", Dimension.DIMENSIONLESS, initScale, 0, INF);
        n.finish();
        SurrogateFunction surrogate = surrogate(p, problems);
        String lossName = p.string("loss", "max-over-time-ce", TrainSpec.LOSSES.toArray(String[]::new));
        Loss loss = null;
        if (lossName != null && TrainSpec.LOSSES.contains(lossName)) {
            loss = Loss.valueOf(lossName.toUpperCase().replace('-', '_'));
            if (loss == Loss.MSE_TRACE) {
                problems.add(p.at("loss"), p.raw("loss"), "a classification loss, one of [max-over-time-ce, "
                        + "mean-over-time-ce, spike-count-ce] (mse-trace needs a target trace per sample; the train "
                        + "protocol trains on class labels)");
                loss = null;
            } else if (loss == Loss.SPIKE_COUNT_CE && !layers.isEmpty()
                    && !layers.get(layers.size() - 1).config().spiking()) {
                problems.add(p.at("loss"), p.raw("loss"), "a loss on the readout trace (max-over-time-ce or "
                        + "mean-over-time-ce): spike-count-ce needs a spiking last layer (set \"spiking\": true on "
                        + "/protocol/network/layers/" + (layers.size() - 1) + ")");
                loss = null;
            }
        }
        List<RateRegularizer> regularizers = regularizers(p, layers, problems);
        int kernelSamples = 0;
        Obj tk = p.object("tangentKernel", true);
        if (tk != null) {
            kernelSamples = tk.intValue("samples", 0, 0, 10_000, 0);
            tk.finish();
        } else {
            p.resolved().putObject("tangentKernel").put("samples", 0);
        }
        int engineSamples = 0;
        String engineBackend = backend;
        Obj ec = p.object("engineCheck", true);
        if (ec != null) {
            engineSamples = ec.intValue("samples", 0, 0, 1_000_000, 0);
            engineBackend = ec.string("backend", backend, "java", "opencl", "auto");
            ec.finish();
        } else {
            p.resolved().putObject("engineCheck").put("samples", 0).put("backend", backend);
        }
        int epochs = p.intValue("epochs", 30, 1, 1_000_000, 1);
        TrainSpec.OptimizerSpec optimizer = optimizer(p, epochs, "adam", problems);
        int batchSize = p.intValue("batchSize", 256, 1, 1 << 24, 1);
        boolean dropLast = p.bool("dropLast", true);
        int patience = patience(p);
        if (problems.size() != before || loss == null || layers.isEmpty()) {
            return null;
        }
        ObjectNode network = ExperimentReader.MAPPER.createObjectNode();
        network.put("inputs", inputs);
        network.put("dt", dt);
        network.put("steps", steps);
        ArrayNode ln = network.putArray("layers");
        for (int i = 0; i < layers.size(); i++) {
            LayerConfig c = layers.get(i).config();
            ObjectNode lo = ln.addObject().put("size", c.size()).put("tauMem", c.tauMemMs()).put("tauSyn", c.tauSynMs())
                    .put("threshold", c.threshold()).put("reset", c.reset().name().toLowerCase())
                    .put("resetDetached", c.resetDetached()).put("recurrent", c.recurrent()).put("spiking", c.spiking());
            // Projectors are part of the network a checkpoint belongs to (only when present: older documents unchanged).
            JsonNode resolvedLayer = n.resolved().path("layers").path(i);
            for (String f : List.of("projector", "recurrentProjector")) {
                if (resolvedLayer.has(f)) {
                    lo.set(f, resolvedLayer.get(f).deepCopy());
                }
            }
        }
        return new TrainSpec(dataset, encoder, steps, dt, inputs, List.copyOf(layers), initScale, recurrentInitScale,
                surrogate, loss, regularizers, optimizer, epochs, batchSize, dropLast, patience, network, kernelSamples,
                engineSamples, engineBackend);
    }

    /**
     * The optional {@code bounds} field {@code [lo, hi]} of a trainable layer or block (shared with the
     * {@code ep-train} protocol): {@code {lo, hi}}, or {@code {−∞, +∞}} when absent or after a problem.
     */
    static double[] bounds(Obj o, Problems problems) {
        double lo = Double.NEGATIVE_INFINITY, hi = INF;
        if (o.has("bounds")) {
            List<JsonNode> b = o.array("bounds", false);
            if (b.size() != 2 || !b.get(0).isNumber() || !b.get(1).isNumber()
                    || !(b.get(0).asDouble() < b.get(1).asDouble())) {
                problems.add(o.at("bounds"), o.raw("bounds"), "[lo, hi], two numbers with lo < hi");
            } else {
                lo = b.get(0).asDouble();
                hi = b.get(1).asDouble();
                o.resolved().putArray("bounds").add(lo).add(hi);
            }
        }
        return new double[] {lo, hi};
    }

    /** {@code /protocol/earlyStopping/patience} (0 = off; shared with the {@code ep-train} protocol). */
    static int patience(Obj p) {
        Obj es = p.object("earlyStopping", true);
        if (es == null) {
            p.resolved().putObject("earlyStopping").put("patience", 0);
            return 0;
        }
        int patience = es.intValue("patience", 0, 0, 1_000_000, 0);
        es.finish();
        return patience;
    }

    /** {@code /protocol/dataset} (shared with the {@code ep-train} protocol). */
    static TrainSpec.Dataset dataset(Obj p, Problems problems) {
        Obj d = p.object("dataset", true);
        if (d == null) {
            d = new Obj(ExperimentReader.MAPPER.createObjectNode(), p.at("dataset"), problems);
            p.resolved().set("dataset", d.resolved());
        }
        String name = d.string("name", "fashion-mnist", TrainSpec.DATASETS.toArray(String[]::new));
        Path dir = null;
        if (d.has("directory")) {
            String s = d.string("directory", null);
            if (s != null) {
                if (s.isBlank()) {
                    problems.add(d.at("directory"), d.raw("directory"), "a directory path (or leave it out)");
                } else {
                    dir = Path.of(s);
                }
            }
        }
        int train = count(d, "trainSamples", problems);
        int test = count(d, "testSamples", problems);
        double fraction = d.quantity("validationFraction", Dimension.DIMENSIONLESS, 0.0, 0, 1);
        int size = d.intValue("validationSize", 0, 0, Integer.MAX_VALUE, 0);
        if (fraction > 0 && size > 0) {
            problems.add(d.at("validationSize"), d.raw("validationSize"), "either validationFraction or "
                    + "validationSize, not both");
        }
        if (fraction >= 1) {
            problems.add(d.at("validationFraction"), d.raw("validationFraction"), "a fraction in [0, 1) (some images "
                    + "must remain for training)");
        }
        if (train > 0 && size >= train) {
            problems.add(d.at("validationSize"), d.raw("validationSize"), "fewer than trainSamples = " + train
                    + " (some images must remain for training)");
        }
        d.finish();
        return new TrainSpec.Dataset(name, dir, train, test, Double.isNaN(fraction) ? 0 : fraction, size);
    }

    /** A sample count: an integer &ge; 1 or "all" (the default); -1 for all. */
    private static int count(Obj d, String field, Problems problems) {
        JsonNode v = d.raw(field);
        if (v.isMissingNode() || v.isNull() || (v.isTextual() && v.asText().equals("all"))) {
            d.resolved().put(field, "all");
            return -1;
        }
        if (v.isTextual()) {
            problems.add(d.at(field), v, "an integer >= 1 or \"all\"");
            return -1;
        }
        return d.intValue(field, null, 1, Integer.MAX_VALUE, -1);
    }

    private static TrainSpec.Encoder encoder(Obj p, double dt, Problems problems) {
        Obj e = p.object("encoder", true);
        if (e == null) {
            e = new Obj(ExperimentReader.MAPPER.createObjectNode(), p.at("encoder"), problems);
            p.resolved().set("encoder", e.resolved());
        }
        String type = e.string("type", "latency", TrainSpec.ENCODERS.toArray(String[]::new));
        double tauEff = Double.NaN, threshold = Double.NaN, maxRate = Double.NaN, gain = Double.NaN;
        LatencyEncoder.Rounding rounding = null;
        if ("latency".equals(type)) {
            tauEff = e.quantity("tauEff", Dimension.TIME, 20.0, Double.MIN_VALUE, INF);
            threshold = e.quantity("threshold", Dimension.DIMENSIONLESS, 0.2, 0, 1);
            rounding = "round".equals(e.string("rounding", "floor", "floor", "round"))
                    ? LatencyEncoder.Rounding.ROUND : LatencyEncoder.Rounding.FLOOR;
        } else if ("rate".equals(type)) {
            maxRate = e.quantity("maxRate", Dimension.FREQUENCY, 100.0, Double.MIN_VALUE, INF);
            if (!Double.isNaN(dt) && maxRate * dt / 1000 > 1) {
                problems.add(e.at("maxRate"), e.raw("maxRate"), "a rate with maxRate·dt <= 1 (at dt = " + dt
                        + " ms: at most " + 1000 / dt + " Hz)");
            }
        } else if ("current".equals(type)) {
            gain = e.quantity("gain", Dimension.DIMENSIONLESS, 1.0, Double.NEGATIVE_INFINITY, INF);
        }
        e.finish();
        return new TrainSpec.Encoder(type, tauEff, threshold, rounding, maxRate, gain);
    }

    /** @param inputs the input units when given (-1: from the dataset, so layer 0's projector checks its length when bound) */
    private static List<TrainSpec.Layer> layers(Obj n, int inputs, Problems problems) {
        List<TrainSpec.Layer> out = new ArrayList<>();
        List<JsonNode> items;
        if (n.has("layers")) {
            items = n.array("layers", false);
            if (items.isEmpty()) {
                problems.add(n.at("layers"), n.raw("layers"), "at least one layer (the readout)");
            }
        } else {
            // SpyTorch: 100 hidden LIF neurons and a non-spiking readout of 10.
            items = List.of(ExperimentReader.MAPPER.createObjectNode().put("size", 100),
                    ExperimentReader.MAPPER.createObjectNode().put("size", 10));
        }
        ArrayNode rl = n.resolvedArray("layers");
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            Obj o = new Obj(items.get(i), n.at("layers") + "/" + i, problems);
            rl.add(o.resolved());
            int before = problems.size();
            boolean last = i == items.size() - 1;
            int size = o.intValue("size", null, 1, 1 << 24, 1);
            double tauMem = o.quantity("tauMem", Dimension.TIME, 10.0, Double.MIN_VALUE, INF);
            double tauSyn = o.quantity("tauSyn", Dimension.TIME, 5.0, Double.MIN_VALUE, INF);
            double threshold = o.quantity("threshold", Dimension.DIMENSIONLESS, 1.0, Double.NEGATIVE_INFINITY, INF);
            String reset = o.string("reset", "zero", "zero", "subtract");
            boolean detached = o.bool("resetDetached", true);
            boolean recurrent = o.bool("recurrent", false);
            boolean spiking = o.bool("spiking", !last);
            boolean learn = o.bool("learn", true);
            double[] bounds = bounds(o, problems);
            double lo = bounds[0], hi = bounds[1];
            int pre = i == 0 ? inputs : items.get(i - 1).path("size").asInt(-1);
            Projector projector = ProjectorReader.read(o, "projector", pre > 0 ? pre : -1, problems);
            Projector recurrentProjector = null;
            if (o.has("recurrentProjector") && !recurrent) {
                problems.add(o.at("recurrentProjector"), o.raw("recurrentProjector"), "no recurrentProjector: the layer "
                        + "has no recurrent weights (set \"recurrent\": true, or use \"projector\" for its feed-forward "
                        + "weights)");
            } else {
                recurrentProjector = ProjectorReader.read(o, "recurrentProjector", size, problems);
            }
            if (!learn && (projector != null || recurrentProjector != null)) {
                problems.add(o.at("learn"), o.raw("learn"), "true, or no projector: a frozen layer's weights do not "
                        + "change, so there is nothing to project");
            }
            if (!spiking && !last) {
                problems.add(o.at("spiking"), o.raw("spiking"), "true: only the last layer (the readout) may be "
                        + "non-spiking");
            }
            if (!spiking && recurrent) {
                problems.add(o.at("recurrent"), o.raw("recurrent"), "false: a non-spiking readout has no recurrent "
                        + "weights");
            }
            o.finish();
            if (problems.size() != before) {
                ok = false;
                continue;
            }
            LayerConfig c = new LayerConfig(size, tauMem, tauSyn, threshold,
                    reset.equals("zero") ? DiscreteLifNeuron.Reset.ZERO : DiscreteLifNeuron.Reset.SUBTRACT, detached, recurrent, spiking);
            out.add(new TrainSpec.Layer(c, learn, lo, hi, projector, recurrentProjector));
        }
        return ok ? out : List.of();
    }

    private static SurrogateFunction surrogate(Obj p, Problems problems) {
        JsonNode v = p.raw("surrogate");
        if (v.isMissingNode() || v.isNull()) {
            p.resolved().putObject("surrogate").put("fn", "fast-sigmoid").put("slope", 100.0);
            return Surrogates.byName("fast-sigmoid", 100);
        }
        if (v.isTextual() && v.asText().equals("true-gradient")) {
            p.resolved().put("surrogate", "true-gradient");
            return null;
        }
        boolean shorthand = v.isTextual();
        if (shorthand) {
            v = ExperimentReader.MAPPER.createObjectNode().put("fn", v.asText());
        }
        Obj s = new Obj(v, p.at("surrogate"), problems);
        if (!v.isObject()) {
            return null;
        }
        p.resolved().set("surrogate", s.resolved());
        String fn = s.string("fn", null);
        SurrogateFunction out = null;
        if (fn != null && !Surrogates.names().contains(fn)) {
            String near = Problems.nearest(fn, Surrogates.names());
            problems.add(shorthand ? p.at("surrogate") : s.at("fn"), s.raw("fn"), "one of " + Surrogates.names() + " or the string \"true-gradient\""
                    + (near != null ? " (did you mean \"" + near + "\"?)" : ""));
        } else if (fn != null) {
            Map<String, Double> params = new LinkedHashMap<>();
            int before = problems.size();
            for (String name : Surrogates.parameterNames(fn)) {
                if (s.has(name)) {
                    params.put(name, s.quantity(name, Dimension.DIMENSIONLESS, null, Double.MIN_VALUE, INF));
                }
            }
            Iterator<String> it = v.fieldNames();
            while (it.hasNext()) {
                String f = it.next();
                if (!f.equals("fn") && !Surrogates.parameterNames(fn).contains(f)) {
                    s.allow(f);
                    problems.add(s.at(f), s.raw(f), "a parameter of " + fn + ": one of "
                            + Surrogates.parameterNames(fn));
                }
            }
            if (problems.size() == before) {
                try {
                    out = Surrogates.create(fn, params);
                    s.resolved().put(out.parameterName(), out.parameter());
                    if (fn.equals("exponential") && !params.containsKey("amplitude")) {
                        s.resolved().put("amplitude", 25.0);
                    }
                } catch (IllegalArgumentException ex) {
                    problems.addText(s.pointer(), v.toString(), ex.getMessage());
                }
            }
        }
        s.finish();
        return out;
    }

    private static List<RateRegularizer> regularizers(Obj p, List<TrainSpec.Layer> layers, Problems problems) {
        List<RateRegularizer> out = new ArrayList<>();
        List<JsonNode> items = p.array("regularizers", true);
        ArrayNode rr = p.resolvedArray("regularizers");
        for (int i = 0; i < items.size(); i++) {
            Obj o = new Obj(items.get(i), p.at("regularizers") + "/" + i, problems);
            rr.add(o.resolved());
            int before = problems.size();
            int layer = o.intValue("layer", 0, 0, Integer.MAX_VALUE, 0);
            if (!layers.isEmpty() && (layer >= layers.size() || !layers.get(layer).config().spiking())) {
                problems.add(o.at("layer"), o.raw("layer"), "the index of a spiking layer in [0, "
                        + (layers.size() - 1) + "]");
            }
            boolean perNeuron = o.bool("perNeuron", true);
            int power = o.intValue("power", 1, 1, 2, 1);
            boolean upper = o.bool("upper", true);
            double threshold = o.quantity("threshold", Dimension.DIMENSIONLESS, 0.0, 0, INF);
            double strength = o.quantity("strength", Dimension.DIMENSIONLESS, null, 0, INF);
            o.finish();
            if (problems.size() == before) {
                out.add(new RateRegularizer(layer, perNeuron, power, upper, threshold, strength));
            }
        }
        return List.copyOf(out);
    }

    /**
     * {@code /protocol/optimizer} (shared with the {@code ep-train} protocol).
     *
     * @param defaultType the type when none is given ("adam" or "sgd-momentum")
     */
    static TrainSpec.OptimizerSpec optimizer(Obj p, int epochs, String defaultType, Problems problems) {
        Obj o = p.object("optimizer", true);
        if (o == null) {
            o = new Obj(ExperimentReader.MAPPER.createObjectNode(), p.at("optimizer"), problems);
            p.resolved().set("optimizer", o.resolved());
        }
        String type = o.string("type", defaultType, "adam", "sgd-momentum");
        boolean adam = !"sgd-momentum".equals(type);
        double lr = learningRate(o, adam ? 2e-4 : 0.01, problems);
        double b1 = 0.9, b2 = 0.999, eps = 1e-8, momentum = 0;
        boolean nesterov = false;
        if (adam) {
            if (o.has("betas")) {
                List<JsonNode> b = o.array("betas", false);
                if (b.size() != 2 || !b.get(0).isNumber() || !b.get(1).isNumber() || !inUnit(b.get(0).asDouble())
                        || !inUnit(b.get(1).asDouble())) {
                    problems.add(o.at("betas"), o.raw("betas"), "[beta1, beta2], two numbers in [0, 1)");
                } else {
                    b1 = b.get(0).asDouble();
                    b2 = b.get(1).asDouble();
                }
            }
            o.resolved().putArray("betas").add(b1).add(b2);
            eps = o.quantity("epsilon", Dimension.DIMENSIONLESS, 1e-8, Double.MIN_VALUE, INF);
        } else {
            momentum = o.quantity("momentum", Dimension.DIMENSIONLESS, 0.9, 0, 0.999999);
            nesterov = o.bool("nesterov", false);
            if (nesterov && momentum == 0) {
                problems.add(o.at("nesterov"), o.raw("nesterov"), "false when momentum is 0 (Nesterov needs momentum)");
            }
        }
        double wd = o.quantity("weightDecay", Dimension.DIMENSIONLESS, 0.0, 0, INF);
        TrainSpec.Schedule schedule = schedule(o, lr, epochs, problems);
        double clipNorm = 0, clipValue = 0;
        Obj c = o.object("clipping", true);
        if (c != null) {
            clipNorm = c.quantity("maxNorm", Dimension.DIMENSIONLESS, 0.0, 0, INF);
            clipValue = c.quantity("value", Dimension.DIMENSIONLESS, 0.0, 0, INF);
            c.finish();
        } else {
            o.resolved().putObject("clipping").put("maxNorm", 0.0).put("value", 0.0);
        }
        o.finish();
        return new TrainSpec.OptimizerSpec(type, lr, b1, b2, eps, momentum, nesterov, wd, schedule, clipNorm, clipValue);
    }

    private static boolean inUnit(double b) {
        return b >= 0 && b < 1;
    }

    /** The learning rate: finite and &gt; 0, with a message that says so for 0 and negative values. */
    private static double learningRate(Obj o, double def, Problems problems) {
        JsonNode v = o.raw("lr");
        if (v.isNumber() && !(v.asDouble() > 0 && Double.isFinite(v.asDouble()))) {
            problems.add(o.at("lr"), v, "a learning rate > 0 (finite); " + v.asDouble() + " would "
                    + (v.asDouble() == 0 ? "never change the weights" : "climb the loss instead of descending it"));
            return def;
        }
        return o.quantity("lr", Dimension.DIMENSIONLESS, def, Double.MIN_VALUE, INF);
    }

    private static TrainSpec.Schedule schedule(Obj o, double lr, int epochs, Problems problems) {
        Obj s = o.object("schedule", true);
        if (s == null) {
            o.resolved().putObject("schedule").put("type", "constant");
            return new TrainSpec.Schedule("constant", 1, 1, 0, epochs, 1);
        }
        String type = s.string("type", "constant", "constant", "step", "cosine", "exponential");
        double factor = 1, min = 0, gamma = 1;
        int every = 1, over = epochs;
        if ("step".equals(type)) {
            factor = s.quantity("factor", Dimension.DIMENSIONLESS, 0.1, Double.MIN_VALUE, 1);
            every = s.intValue("everyEpochs", null, 1, Integer.MAX_VALUE, 1);
        } else if ("cosine".equals(type)) {
            min = s.quantity("min", Dimension.DIMENSIONLESS, 0.0, 0, INF);
            if (min > lr) {
                problems.add(s.at("min"), s.raw("min"), "a final rate in [0, lr = " + lr + "]");
            }
            over = s.intValue("overEpochs", epochs, 1, Integer.MAX_VALUE, epochs);
        } else if ("exponential".equals(type)) {
            gamma = s.quantity("gamma", Dimension.DIMENSIONLESS, null, Double.MIN_VALUE, 1);
        }
        s.finish();
        return new TrainSpec.Schedule(type == null ? "constant" : type, factor, every, min, over, gamma);
    }
}
