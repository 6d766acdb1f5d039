package org.spinel.experiments.continual;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;

import org.apache.commons.rng.UniformRandomProvider;
import org.spinel.experiments.datasets.DatasetLocator;
import org.spinel.experiments.datasets.DatasetPart;
import org.spinel.experiments.datasets.FashionMnist;
import org.spinel.experiments.datasets.LabeledImages;
import org.spinel.experiments.datasets.Mnist;
import org.spinel.experiments.datasets.encoding.BernoulliEncoder;
import org.spinel.experiments.protocol.Outcome;
import org.spinel.experiments.protocol.RunContext;
import org.spinel.experiments.spec.EpTrainSpec;
import org.spinel.experiments.spec.Experiment;
import org.spinel.experiments.spec.ExperimentException;
import org.spinel.experiments.spec.ExperimentReader;
import org.spinel.experiments.spec.TrainSpec;
import org.spinel.experiments.spec.ValidationError;
import org.spinel.experiments.train.EncodedSet;
import org.spinel.experiments.train.TrainRunner;
import org.spinel.networks.RandomStreams;
import org.spinel.networks.plasticity.Projector;
import org.spinel.networks.plasticity.WeightBounds;
import org.spinel.plasticity.ep.EquilibriumModel;
import org.spinel.plasticity.ep.EquilibriumNetwork;
import org.spinel.plasticity.optim.LearningRateSchedule;
import org.spinel.plasticity.continual.OnlineEwc;
import org.spinel.plasticity.projection.HebbianSubspaceProjector;
import org.spinel.plasticity.projection.HlopOracleComparison;
import org.spinel.plasticity.projection.OracleSubspaceProjector;
import org.spinel.plasticity.sg.SampleInput;
import org.spinel.plasticity.sg.SpikeFunction;
import org.spinel.plasticity.sg.SurrogateGradientModel;
import org.spinel.plasticity.sg.SurrogateGradientNetwork;
import org.spinel.plasticity.train.Evaluation;
import org.spinel.plasticity.train.BlockRole;
import org.spinel.plasticity.train.MiniBatchTrainer;
import org.spinel.plasticity.train.ModelWorkspace;
import org.spinel.plasticity.train.TrainableModel;
import org.spinel.plasticity.train.WeightBlock;
import org.spinel.results.analysis.ContinualMetrics;
import org.spinel.results.export.NpyWriter;
import org.spinel.results.plot.LearningPlots;
import org.spinel.results.plot.ScanPlots;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code continual} protocol's run: a task sequence ({@link TaskSequence}) learnt by one network with the
 * generic {@link MiniBatchTrainer}, every seen and unseen task evaluated after each task. The credit method is the
 * model's: surrogate gradients ({@link SurrogateGradientModel}, the tasks encoded as spike trains) or equilibrium
 * propagation ({@link EquilibriumModel}, the tasks as intensities); each only builds a {@link Credit} (model, inputs,
 * head selection, block pipelines), and the task loop ({@code loop}) is the same for both.
 *
 * <p>Per task t ({@code sequential} and {@code finetune}): the task's head is selected (task-incremental split: the
 * logits of the other tasks' classes masked), {@code epochs} epochs are trained on the task's images, shuffled per
 * epoch with the stream {@code continual/shuffle/<t>/<epoch>}, then {@link MiniBatchTrainer#endTask()} marks the
 * boundary (HLOP freezes the rows it learnt and adds the next task's) and every task's test images are evaluated
 * with its own head: row t of the accuracy matrix. Before task 0 the untrained network is evaluated too (the
 * baseline of forward transfer). {@code sequential} uses the layers' projectors ({@code hlop}: Xiao et al., ICLR
 * 2024); {@code finetune} drops them. After task 0 every bias block is frozen (the paper's rule: biases and
 * normalisation are learnt on task 0 only; the spiking network has none). {@code multitask} trains on all tasks at once: each epoch interleaves one
 * batch of each task in turn (each task's images shuffled with {@code continual/shuffle/<t>/<epoch>}), so every
 * batch has one head; its accuracy matrix is the single row after joint training.
 *
 * <p>{@code sequential} shadows every {@code hlop} block with its exact projection oracle ({@link HlopOracleComparison}:
 * HLOP acts unchanged, the oracle observes the same activity) and records, after each task, the principal angles
 * between HLOP's frozen rows and the oracle's basis; {@code oracle} replaces every {@code hlop} projector with its
 * oracle ({@link OracleSubspaceProjector}, the same schedule) and runs as {@code sequential}.
 *
 * <p>Outputs: {@code accuracy_matrix.csv/npy/png} (rows: after task j, columns: task i), {@code learning_curves.csv}
 * and {@code learning_curves.png/svg} (per task and epoch: loss, training accuracy, the task's test accuracy), and
 * the metrics ACC, BWT, FWT, forgetting and average incremental accuracy ({@link ContinualMetrics}); with compared
 * HLOP blocks also {@code principal_angles.csv} and {@code principal_angles_all.csv} and the metrics
 * {@code principal_angles.<block>}.
 */
final class ContinualRunner {
    /** Caps applied by {@code --quick}. */
    static final int QUICK_TASKS = 3, QUICK_TRAIN = 2000, QUICK_TEST = 300, QUICK_EPOCHS = 1;

    private ContinualRunner() {
    }

    /** The settings shortened for {@code --quick}: 3 tasks × 2000 training and 300 test images, 1 epoch per task. */
    static ContinualSpec quick(ContinualSpec s) {
        ContinualSpec.Tasks t = s.tasks();
        int count = Math.min(t.count(), QUICK_TASKS);
        ContinualSpec.Tasks q = new ContinualSpec.Tasks(t.type(), count, t.identityFirst(),
                t.classes().isEmpty() ? t.classes() : t.classes().subList(0, count), t.scenario(),
                t.trainPerTask() > 0 ? Math.min(t.trainPerTask(), QUICK_TRAIN) : QUICK_TRAIN,
                t.testPerTask() > 0 ? Math.min(t.testPerTask(), QUICK_TEST) : QUICK_TEST);
        TrainSpec r = s.train();
        TrainSpec tr = r == null ? null : new TrainSpec(r.dataset(), r.encoder(), r.steps(), r.dtMs(), r.inputs(),
                r.layers(), r.initScale(), r.recurrentInitScale(), r.surrogate(), r.loss(), r.regularizers(),
                r.optimizer(), Math.min(r.epochs(), QUICK_EPOCHS), r.batchSize(), r.dropLast(), r.patience(),
                r.network(), r.tangentKernelSamples(), r.engineCheckSamples(), r.engineCheckBackend());
        EpTrainSpec ep = s.ep() == null ? null : s.ep().with(s.ep().dataset(), Math.min(s.ep().epochs(),
                QUICK_EPOCHS));
        return new ContinualSpec(tr, ep, q, s.method(), s.replayPerClass(), s.ewc(), s.compareOracle());
    }

    /** A task's images as the credit method's inputs (made on demand: a dense code may be too large to keep). */
    private record Samples<X>(IntFunction<X> input, int[] labels) {
        int size() {
            return labels.length;
        }

        int label(int k) {
            return labels[k];
        }

        X[] all(IntFunction<X[]> array) {
            X[] in = array.apply(labels.length);
            for (int k = 0; k < in.length; k++) {
                in[k] = input.apply(k);
            }
            return in;
        }
    }

    /** One task as inputs: training and test samples, the classes of its head (null: all). */
    private record Encoded<X>(Samples<X> train, Samples<X> test, boolean[] mask) {
    }

    /**
     * One weight block's pipeline as configured: whether it learns, its projector (or null), its bounds (or null),
     * the JSON pointer of its projector and its presynaptic units.
     */
    private record BlockPlan(String name, boolean learn, Projector projector, WeightBounds bounds, String pointer,
            int pre) {
    }

    /**
     * What a credit method brings to the task loop (nothing else in it depends on the credit): the trainable model,
     * every task as its inputs, the head selection, the blocks' pipelines, a description of the network for the log,
     * the array constructor of its inputs and a hook told the global batch number before each step.
     */
    private record Credit<X, W extends ModelWorkspace<X>>(TrainableModel<X, W> model, List<Encoded<X>> tasks,
            Consumer<boolean[]> head, List<BlockPlan> blocks, String network, IntFunction<X[]> array,
            LongConsumer step) {
    }

    static Outcome run(Experiment e, ContinualSpec spec, RunContext run) throws IOException {
        long t0 = System.nanoTime();
        TrainSpec.Dataset d = spec.dataset();
        boolean fashion = d.name().equals("fashion-mnist");
        LabeledImages trainAll = fashion ? FashionMnist.load(d.directory(), DatasetPart.TRAIN)
                : Mnist.load(d.directory(), DatasetPart.TRAIN);
        LabeledImages testAll = fashion ? FashionMnist.load(d.directory(), DatasetPart.TEST)
                : Mnist.load(d.directory(), DatasetPart.TEST);
        int np = trainAll.pixelsPerImage();
        TrainSpec ts = spec.train();
        EpTrainSpec ep = spec.ep();
        int classes = Math.max(trainAll.classCount(), testAll.classCount());
        int outputs = ts != null ? ts.layers().get(ts.layers().size() - 1).config().size()
                : ep.classes() > 0 ? ep.classes() : classes;
        List<ValidationError> problems = new ArrayList<>();
        if (testAll.pixelsPerImage() != np) {
            problems.add(new ValidationError("/protocol/dataset", "training images of " + trainAll.rows() + " × "
                    + trainAll.cols() + " but test images of " + testAll.rows() + " × " + testAll.cols(),
                    "one image size for every task"));
        }
        if (ts != null && ts.inputs() > 0 && ts.inputs() != np) {
            problems.add(new ValidationError("/protocol/network/inputs", Integer.toString(ts.inputs()), np
                    + ", the pixels per image of every task of " + d.name() + " (" + trainAll.rows() + " × "
                    + trainAll.cols() + "), or leave inputs out"));
        }
        if (ep != null && ep.sizes()[0] != np) {
            problems.add(new ValidationError("/protocol/network/sizes/0", Integer.toString(ep.sizes()[0]), np
                    + ", the pixels per image of every task of " + d.name() + " (" + trainAll.rows() + " × "
                    + trainAll.cols() + "): the input layer is the image"));
        }
        if (ts != null && !spec.tasks().type().equals("split") && classes > outputs) {
            problems.add(new ValidationError("/protocol/network/layers/" + (ts.layers().size() - 1) + "/size",
                    Integer.toString(outputs), "at least " + classes + ", the classes of " + d.name()
                            + " (the permuted tasks share the head)"));
        }
        if (ep != null && ep.classes() > 0 && ep.classes() < classes) {
            problems.add(new ValidationError("/protocol/network/classes", Integer.toString(ep.classes()), "at least "
                    + classes + ", the classes of " + d.name() + " (or leave classes out)"));
        }
        if (!problems.isEmpty()) {
            throw new ExperimentException(problems);
        }
        LabeledImages train = d.trainSamples() > 0 && d.trainSamples() < trainAll.size()
                ? trainAll.slice(0, d.trainSamples()) : trainAll;
        LabeledImages test = d.testSamples() > 0 && d.testSamples() < testAll.size()
                ? testAll.slice(0, d.testSamples()) : testAll;
        List<TaskSequence.Task> tasks = TaskSequence.build(spec.tasks(), train, test, outputs, e.seed(), d.name());
        for (var f : DatasetLocator.filesOf(d.name(), d.directory()).entrySet()) {
            run.dataset(f.getKey(), f.getValue());
        }
        return ts != null ? loop(e, spec, run, surrogateGradient(e, ts, tasks, train, np), t0)
                : loop(e, spec, run, equilibriumPropagation(e, ep, tasks, outputs), t0);
    }

    /** Surrogate-gradient credit: the spiking network of {@code /protocol/network}, the tasks encoded as spikes. */
    private static Credit<SampleInput, ?> surrogateGradient(Experiment e, TrainSpec ts, List<TaskSequence.Task> tasks,
            LabeledImages train, int np) {
        BernoulliEncoder bern = ts.encoder().type().equals("bernoulli") ? BernoulliEncoder.nalsm(train) : null;
        List<Encoded<SampleInput>> enc = new ArrayList<>();
        for (TaskSequence.Task t : tasks) {
            EncodedSet tr = new EncodedSet(t.train(), t.trainIndex(), "train", ts.encoder(), ts.steps(), ts.dtMs(),
                    e.seed(), bern);
            EncodedSet te = new EncodedSet(t.test(), t.testIndex(), "test", ts.encoder(), ts.steps(), ts.dtMs(),
                    e.seed(), bern);
            enc.add(new Encoded<>(new Samples<>(tr::input, t.train().labels()), new Samples<>(te::input,
                    t.test().labels()), t.classMask()));
        }
        SurrogateGradientNetwork net = new SurrogateGradientNetwork(np, ts.layerConfigs(), ts.dtMs(),
                ts.surrogate() == null ? SpikeFunction.trueGradient() : SpikeFunction.surrogate(ts.surrogate()));
        net.regularize(ts.regularizers());
        net.initialise(e.seed(), ts.initScale(), ts.recurrentInitScale());
        SurrogateGradientModel model = new SurrogateGradientModel(net, ts.loss(), ts.steps());
        List<BlockPlan> plans = new ArrayList<>();
        StringBuilder sizes = new StringBuilder().append(np);
        for (int l = 0; l < net.layerCount(); l++) {
            TrainSpec.Layer ls = ts.layers().get(l);
            sizes.append('-').append(ls.config().size()).append(ls.config().recurrent() ? "r" : "");
            WeightBounds wb = ls.bounded() ? WeightBounds.hard(ls.boundsLo(), ls.boundsHi()) : null;
            int pre = l == 0 ? np : ts.layers().get(l - 1).config().size();
            for (boolean rec : new boolean[] {false, true}) {
                if ((rec ? net.recurrentWeights(l) : net.weights(l)) != null) {
                    plans.add(new BlockPlan(SurrogateGradientModel.blockName(l, rec), ls.learn(), rec
                            ? ls.recurrentProjector() : ls.projector(), wb, "/protocol/network/layers/" + l + "/"
                                    + (rec ? "recurrentProjector" : "projector"), rec ? ls.config().size() : pre));
                }
            }
        }
        return new Credit<>(model, enc, model::restrictClasses, plans, sizes + " spiking network (surrogate "
                + "gradients)", SampleInput[]::new, step -> { });
    }

    /**
     * Equilibrium-propagation credit: the relaxing rate network of {@code /protocol/network} (shared readout), the
     * tasks as intensities {@code pixel/255}.
     */
    private static Credit<float[], ?> equilibriumPropagation(Experiment e, EpTrainSpec ep,
            List<TaskSequence.Task> tasks, int classes) {
        List<Encoded<float[]>> enc = new ArrayList<>();
        for (TaskSequence.Task t : tasks) {
            enc.add(new Encoded<>(intensities(t.train()), intensities(t.test()), t.classMask()));
        }
        EquilibriumNetwork net = EquilibriumNetwork.create(ep.sizes(), classes, ep.activation(), ep.tied(),
                ep.angleDeg(), ep.initStd(), e.seed());
        EquilibriumModel model = new EquilibriumModel(net, ep.estimator(), ep.phases(), ep.homeostasis(), e.seed());
        List<BlockPlan> plans = new ArrayList<>();
        for (EpTrainSpec.Block b : ep.blocks()) {
            WeightBounds wb = b.bounded() ? WeightBounds.hard(b.boundsLo(), b.boundsHi()) : null;
            WeightBlock wbk = model.blocks().stream().filter(x -> x.name().equals(b.name())).findFirst().orElseThrow();
            plans.add(new BlockPlan(b.name(), b.learn(), b.projector(), wb, "/protocol/blocks/" + b.name()
                    + "/projector", wbk.pre()));
        }
        return new Credit<>(model, enc, mask -> { }, plans, java.util.Arrays.stream(ep.sizes()).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining("-")) + " rate network ("
                + (ep.tied() ? "tied" : "untied") + ", equilibrium propagation, " + ep.estimator().describe() + ")",
                float[][]::new, model::setStep);
    }

    /** The task's images as intensities {@code pixel/255}. */
    private static Samples<float[]> intensities(LabeledImages im) {
        float[][] x = new float[im.size()][im.pixelsPerImage()];
        for (int i = 0; i < x.length; i++) {
            im.copyIntensitiesInto(i, x[i], 0);
        }
        return new Samples<>(k -> x[k], im.labels().clone());
    }

    /** The task loop, the same for every credit method. */
    private static <X, W extends ModelWorkspace<X>> Outcome loop(Experiment e, ContinualSpec spec, RunContext run,
            Credit<X, W> credit, long t0) throws IOException {
        PrintStream log = run.log();
        List<Encoded<X>> enc = credit.tasks();
        int T = enc.size();
        for (int t = 0; t < T; t++) {
            if (enc.get(t).train().size() < spec.batchSize() && spec.dropLast()) {
                throw new ExperimentException(List.of(new ValidationError("/protocol/batchSize",
                        Integer.toString(spec.batchSize()), "at most task " + t + "'s " + enc.get(t).train().size()
                                + " training images when dropLast is true, or \"dropLast\": false")));
            }
        }
        if (spec.method() == ContinualSpec.Method.SEQUENTIAL || spec.method() == ContinualSpec.Method.ORACLE) {
            checkSchedules(credit.blocks(), T);
        }
        Consumer<boolean[]> head = credit.head();
        IntFunction<X[]> array = credit.array();
        boolean joint = spec.method() == ContinualSpec.Method.MULTITASK;
        int batchesPerEpoch = 0;
        for (Encoded<X> x : enc) {
            batchesPerEpoch += batches(x.train().size(), spec);
        }
        if (!joint) {
            batchesPerEpoch = batches(enc.get(0).train().size(), spec);
        }
        LearningRateSchedule schedule = TrainRunner.schedule(spec.optimizer(), batchesPerEpoch);
        double[][] a = new double[joint ? 1 : T][T];
        double[] initial = new double[T];
        List<double[]> curves = new ArrayList<>();
        double trainS = 0;
        List<BlockAngles> angles = new ArrayList<>();
        double projectorS = 0;
        long[] step = {0};
        List<String> frozenBiases = new ArrayList<>();
        OnlineEwc<X, W> ewc = spec.method() == ContinualSpec.Method.EWC
                ? new OnlineEwc<>(credit.model(), spec.ewc().lambda(), spec.ewc().gamma()) : null;
        try (MiniBatchTrainer<X, ?> trainer = ewc != null
                ? new MiniBatchTrainer<>(ewc, TrainRunner.optimizer(spec.optimizer(), schedule), e.threads())
                : new MiniBatchTrainer<>(credit.model(), TrainRunner.optimizer(spec.optimizer(), schedule),
                        e.threads())) {
            List<String> compared = pipelines(credit.blocks(), trainer, spec.method(), spec.compareOracle());
            trainer.clipByGlobalNorm(spec.optimizer().clipNorm()).clipByValue(spec.optimizer().clipValue());
            log.printf("spinel: continual %s: %s, %d %s tasks (%s), %s, %d epoch(s) per task%n", e.name(),
                    spec.method().json(), T, spec.tasks().type(), spec.tasks().type().equals("split")
                            ? spec.tasks().scenario() : "shared head", credit.network(), spec.epochs());
            evaluateAll(trainer, enc, head, array, initial);
            RandomStreams streams = new RandomStreams(e.seed());
            if (joint) {
                long s0 = System.nanoTime();
                for (int epoch = 0; epoch < spec.epochs(); epoch++) {
                    int[][] perms = new int[T][];
                    int[] nb = new int[T];
                    int most = 0;
                    for (int t = 0; t < T; t++) {
                        perms[t] = shuffle(enc.get(t).train().size(), streams.stream("continual/shuffle/" + t + "/"
                                + epoch));
                        nb[t] = batches(enc.get(t).train().size(), spec);
                        most = Math.max(most, nb[t]);
                    }
                    double[][] sums = new double[T][3];
                    for (int b = 0; b < most; b++) {
                        for (int t = 0; t < T; t++) {
                            if (b < nb[t]) {
                                credit.step().accept(step[0]++);
                                step(trainer, enc.get(t), head, array, perms[t], b, spec, sums[t]);
                            }
                        }
                    }
                    for (int t = 0; t < T; t++) {
                        curves.add(new double[] {t, epoch + 1, sums[t][0] / sums[t][2], sums[t][1] / sums[t][2],
                                evaluate(trainer, enc.get(t), head, array)});
                    }
                    log.printf("spinel: continual %s: joint epoch %d/%d%n", e.name(), epoch + 1, spec.epochs());
                }
                trainS += (System.nanoTime() - s0) / 1e9;
                trainer.endTask();
                evaluateAll(trainer, enc, head, array, a[0]);
            } else {
                int[][] memory = new int[T][];
                for (int t = 0; t < T; t++) {
                    long s0 = System.nanoTime();
                    Encoded<X> x = enc.get(t);
                    for (int epoch = 0; epoch < spec.epochs(); epoch++) {
                        int[] perm = shuffle(x.train().size(), streams.stream("continual/shuffle/" + t + "/" + epoch));
                        UniformRandomProvider replay = streams.stream("continual/replay/" + t + "/" + epoch);
                        double[] sum = new double[3], ignored = new double[3];
                        for (int b = 0, nb = batches(x.train().size(), spec); b < nb; b++) {
                            credit.step().accept(step[0]++);
                            step(trainer, x, head, array, perm, b, spec, sum);
                            if (spec.method() == ContinualSpec.Method.REPLAY && t > 0) {
                                int u = replay.nextInt(t);
                                credit.step().accept(step[0]++);
                                step(trainer, enc.get(u), head, array, sample(memory[u], spec.batchSize(), replay), 0,
                                        spec, ignored);
                            }
                        }
                        curves.add(new double[] {t, epoch + 1, sum[0] / sum[2], sum[1] / sum[2],
                                evaluate(trainer, x, head, array)});
                    }
                    if (spec.method() == ContinualSpec.Method.REPLAY) {
                        memory[t] = remember(x.train(), spec.replayPerClass());
                    }
                    if (ewc != null) {
                        int n = Math.min(spec.ewc().fisherSamples(), x.train().size());
                        X[] fx = array.apply(n);
                        int[] fy = new int[n];
                        for (int k = 0; k < n; k++) {
                            fx[k] = x.train().input().apply(k);
                            fy[k] = x.train().label(k);
                        }
                        head.accept(x.mask());
                        ewc.consolidate(fx, fy);
                    }
                    trainer.endTask();
                    if (t == 0) { // Xiao et al. 2024: biases (and normalisation) are learnt on task 0 only
                        for (WeightBlock wb : trainer.blocks()) {
                            if (wb.role() == BlockRole.BIAS && !trainer.frozen(trainer.blockIndex(wb.name()))) {
                                trainer.freeze(wb.name());
                                frozenBiases.add(wb.name());
                            }
                        }
                    }
                    trainS += (System.nanoTime() - s0) / 1e9;
                    evaluateAll(trainer, enc, head, array, a[t]);
                    log.printf("spinel: continual %s: after task %d/%d: accuracy on tasks 0..%d %s%n", e.name(), t + 1,
                            T, t, fmt(a[t], t + 1));
                    for (String blk : compared) {
                        List<HlopOracleComparison.Angles> la = HlopOracleComparison.angles(trainer.projectorState(blk));
                        HlopOracleComparison.Angles x2 = la.get(la.size() - 1);
                        log.printf("spinel: continual %s: %s: HLOP (%d rows) vs exact oracle (%d): largest principal "
                                + "angle %.2f deg, mean %.2f deg; task activity energy captured %.4f vs %.4f%n",
                                e.name(), blk, x2.hlopRows(), x2.oracleRows(), x2.largest(), x2.mean(),
                                x2.hlopEnergy(), x2.oracleEnergy());
                    }
                }
            }
            for (String blk : compared) {
                angles.add(new BlockAngles(blk, HlopOracleComparison.angles(trainer.projectorState(blk))));
            }
            projectorS = trainer.projectorSeconds();
        }
        Path dir = run.directory();
        write(dir, e.outputs(), a, curves, joint);
        if (!angles.isEmpty() && e.outputs().csv()) {
            writeAngles(dir, angles);
        }
        ObjectNode m = ExperimentReader.MAPPER.createObjectNode();
        m.put("method", spec.method().json());
        if (spec.method() == ContinualSpec.Method.REPLAY) {
            m.put("replay_per_class", spec.replayPerClass());
        }
        if (ewc != null) {
            m.put("ewc_lambda", spec.ewc().lambda());
            m.put("ewc_gamma", spec.ewc().gamma());
            m.put("ewc_fisher_samples", spec.ewc().fisherSamples());
        }
        if (!angles.isEmpty()) {
            ObjectNode pa = m.putObject("principal_angles");
            for (BlockAngles ba : angles) {
                ObjectNode bo = pa.putObject(ba.block());
                ArrayNode hr = bo.putArray("hlop_rows"), or = bo.putArray("oracle_rows");
                ArrayNode lg = bo.putArray("largest_deg"), mn = bo.putArray("mean_deg");
                ArrayNode he = bo.putArray("hlop_captured_energy"), oe = bo.putArray("oracle_captured_energy");
                for (HlopOracleComparison.Angles x : ba.angles()) {
                    hr.add(x.hlopRows());
                    or.add(x.oracleRows());
                    lg.add(x.largest());
                    he.add(x.hlopEnergy());
                    oe.add(x.oracleEnergy());
                    if (x.degrees().length > 0) {
                        mn.add(x.mean());
                    } else {
                        mn.addNull();
                    }
                }
                HlopOracleComparison.Angles fin = ba.angles().get(ba.angles().size() - 1);
                bo.put("final_largest_deg", fin.largest());
                if (fin.degrees().length > 0) {
                    bo.put("final_mean_deg", fin.mean());
                } else {
                    bo.putNull("final_mean_deg");
                }
            }
        }
        ArrayNode fb = m.putArray("biases_frozen_after_task0");
        frozenBiases.forEach(fb::add);
        m.put("tasks", T);
        m.put("task_type", spec.tasks().type());
        if (spec.tasks().type().equals("split")) {
            m.put("scenario", spec.tasks().scenario());
        }
        double[] last = a[a.length - 1];
        double mean = 0;
        for (double v : last) {
            mean += v;
        }
        m.put("acc", mean / T);
        if (!joint) {
            m.put("bwt", ContinualMetrics.backwardTransfer(a));
            m.put("fwt", ContinualMetrics.forwardTransfer(a, initial));
            m.put("forgetting", ContinualMetrics.forgetting(a));
            m.put("average_incremental_accuracy", ContinualMetrics.averageIncrementalAccuracy(a));
        }
        ArrayNode fin = m.putArray("final_accuracy");
        for (double v : last) {
            fin.add(v);
        }
        ArrayNode init = m.putArray("initial_accuracy");
        for (double v : initial) {
            init.add(v);
        }
        m.put("epochs_per_task", spec.epochs());
        m.put("credit", spec.ep() != null ? "equilibrium-propagation" : "surrogate-gradient");
        m.put("train_samples_per_task", enc.get(0).train().size());
        m.put("test_samples_per_task", enc.get(0).test().size());
        m.put("train_s", trainS);
        m.put("projector_s", projectorS);
        m.put("projector_fraction_of_train_s", trainS > 0 ? projectorS / trainS : 0);
        m.put("threads", e.threads());
        m.put("quick", e.quick());
        m.put("wall_s", (System.nanoTime() - t0) / 1e9);
        return new Outcome(m, new Outcome.Execution("java", "the continual protocol trains on the CPU trainer",
                "CPU (MiniBatchTrainer, " + e.threads() + " threads)"));
    }

    /**
     * Checks before training that every {@code hlop} (or {@code oracle}) schedule fits its block over the task count
     * ({@link HebbianSubspaceProjector#checkFits}).
     */
    private static void checkSchedules(List<BlockPlan> blocks, int tasks) {
        List<ValidationError> problems = new ArrayList<>();
        for (BlockPlan b : blocks) {
            try {
                if (b.projector() instanceof HebbianSubspaceProjector h) {
                    h.checkFits(b.pre(), tasks);
                } else if (b.projector() instanceof OracleSubspaceProjector o) {
                    o.checkFits(b.pre(), tasks);
                }
            } catch (IllegalArgumentException ex) {
                problems.add(new ValidationError(b.pointer() + "/rowsPerTask", b.projector().describe(), "a schedule "
                        + "whose rows over the " + tasks + " tasks fit the block's " + b.pre() + " presynaptic units ("
                        + ex.getMessage() + ")"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ExperimentException(problems);
        }
    }

    /** The first {@code perClass} training images of each class of a task, in file order (the replay memory). */
    private static int[] remember(Samples<?> train, int perClass) {
        java.util.Map<Integer, Integer> kept = new java.util.HashMap<>();
        int[] idx = new int[train.size()];
        int n = 0;
        for (int i = 0; i < train.size(); i++) {
            int c = kept.merge(train.label(i), 1, Integer::sum);
            if (c <= perClass) {
                idx[n++] = i;
            }
        }
        return java.util.Arrays.copyOf(idx, n);
    }

    /** {@code min(size, memory.length)} distinct entries of {@code memory} drawn with {@code rng} (partial shuffle). */
    private static int[] sample(int[] memory, int size, UniformRandomProvider rng) {
        int[] m = memory.clone();
        int k = Math.min(size, m.length);
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(m.length - i);
            int x = m[i];
            m[i] = m[j];
            m[j] = x;
        }
        return java.util.Arrays.copyOf(m, k);
    }

    private static int batches(int n, ContinualSpec spec) {
        return spec.dropLast() ? n / spec.batchSize() : (n + spec.batchSize() - 1) / spec.batchSize();
    }

    private static int[] shuffle(int n, UniformRandomProvider rng) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return perm;
    }

    /** Batch b of task x in the order perm; adds (loss·size, correct, size) to sum. */
    private static <X> void step(MiniBatchTrainer<X, ?> trainer, Encoded<X> x, Consumer<boolean[]> head,
            IntFunction<X[]> array, int[] perm, int b, ContinualSpec spec, double[] sum) {
        int from = b * spec.batchSize(), size = Math.min(spec.batchSize(), perm.length - from);
        X[] in = array.apply(size);
        int[] labels = new int[size], predicted = new int[size];
        for (int k = 0; k < size; k++) {
            in[k] = x.train().input().apply(perm[from + k]);
            labels[k] = x.train().label(perm[from + k]);
        }
        head.accept(x.mask());
        double loss = trainer.trainBatch(in, labels, predicted);
        if (!Double.isFinite(loss)) {
            throw new IllegalStateException("the training loss became " + loss + " (lower the learning rate)");
        }
        int correct = 0;
        for (int k = 0; k < size; k++) {
            correct += predicted[k] == labels[k] ? 1 : 0;
        }
        sum[0] += loss * size;
        sum[1] += correct;
        sum[2] += size;
    }

    private static <X> double evaluate(MiniBatchTrainer<X, ?> trainer, Encoded<X> x, Consumer<boolean[]> head,
            IntFunction<X[]> array) {
        head.accept(x.mask());
        Evaluation ev = trainer.evaluate(x.test().all(array), x.test().labels(), null);
        return ev.accuracy();
    }

    private static <X> void evaluateAll(MiniBatchTrainer<X, ?> trainer, List<Encoded<X>> enc,
            Consumer<boolean[]> head, IntFunction<X[]> array, double[] row) {
        for (int i = 0; i < enc.size(); i++) {
            row[i] = evaluate(trainer, enc.get(i), head, array);
        }
    }

    /** One block's HLOP-vs-oracle comparisons, one per task. */
    private record BlockAngles(String block, List<HlopOracleComparison.Angles> angles) {
    }

    /**
     * Frozen blocks, bounds, and the blocks' projectors for {@code sequential} (each {@code hlop} shadowed by its
     * exact oracle, {@link HlopOracleComparison}, with {@code compareOracle}) and {@code oracle} (each {@code hlop}
     * replaced by its oracle); the other methods drop the projectors.
     *
     * @return the blocks whose HLOP is compared with its oracle, in block order
     */
    private static List<String> pipelines(List<BlockPlan> blocks, MiniBatchTrainer<?, ?> trainer,
            ContinualSpec.Method method, boolean compareOracle) {
        boolean projectors = method == ContinualSpec.Method.SEQUENTIAL || method == ContinualSpec.Method.ORACLE;
        List<String> compared = new ArrayList<>();
        for (BlockPlan b : blocks) {
            if (!b.learn()) {
                trainer.freeze(b.name());
            }
            WeightBounds wb = b.bounds();
            Projector pr = projectors ? b.projector() : null;
            if (pr instanceof HebbianSubspaceProjector h) {
                if (method == ContinualSpec.Method.ORACLE) {
                    pr = OracleSubspaceProjector.of(h);
                } else if (compareOracle) {
                    pr = new HlopOracleComparison(h);
                    compared.add(b.name());
                }
            }
            if (wb == null && pr == null) {
                continue;
            }
            try {
                trainer.pipeline(b.name(), pr, wb);
            } catch (IllegalArgumentException ex) {
                throw new ExperimentException(List.of(new ValidationError(b.pointer(), pr == null ? "none"
                        : pr.describe(), "a projector that fits the block: " + ex.getMessage())));
            }
            if (wb != null) {
                double[] w = trainer.blocks().get(trainer.blockIndex(b.name())).weights();
                for (int k = 0; k < w.length; k++) {
                    w[k] = wb.clip(k, w[k]);
                }
            }
        }
        trainer.model().weightsChanged();
        return compared;
    }

    private static String fmt(double[] v, int n) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ", ").append(String.format("%.3f", v[i]));
        }
        return b.append(']').toString();
    }

    // ------------------------------------------------------------------ outputs

    static final List<String> CURVE_COLUMNS = List.of("task", "epoch", "train_loss", "train_accuracy",
            "test_accuracy");
    static final List<String> ANGLE_COLUMNS = List.of("task", "block", "hlop_rows", "oracle_rows",
            "largest_angle_deg", "mean_angle_deg", "hlop_captured_energy", "oracle_captured_energy");

    /**
     * {@code principal_angles.csv} (one row per task and compared block: the largest and mean principal angle
     * between HLOP's frozen rows and the oracle's basis) and {@code principal_angles_all.csv} (every angle,
     * ascending: {@code task, block, index, angle_deg}).
     */
    private static void writeAngles(Path dir, List<BlockAngles> angles) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("principal_angles.csv"), StandardCharsets.UTF_8);
                BufferedWriter all = Files.newBufferedWriter(dir.resolve("principal_angles_all.csv"),
                        StandardCharsets.UTF_8)) {
            w.write(String.join(",", ANGLE_COLUMNS));
            w.write('\n');
            all.write("task,block,index,angle_deg\n");
            int tasks = angles.get(0).angles().size();
            for (int t = 0; t < tasks; t++) {
                for (BlockAngles ba : angles) {
                    HlopOracleComparison.Angles x = ba.angles().get(t);
                    w.write(t + "," + ba.block() + "," + x.hlopRows() + "," + x.oracleRows() + "," + x.largest() + ","
                            + (x.degrees().length > 0 ? Double.toString(x.mean()) : "") + "," + x.hlopEnergy() + ","
                            + x.oracleEnergy() + "\n");
                    for (int k = 0; k < x.degrees().length; k++) {
                        all.write(t + "," + ba.block() + "," + k + "," + x.degrees()[k] + "\n");
                    }
                }
            }
        }
    }

    private static void write(Path dir, Experiment.Outputs out, double[][] a, List<double[]> curves, boolean joint)
            throws IOException {
        int T = a[0].length;
        if (out.csv()) {
            try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("accuracy_matrix.csv"),
                    StandardCharsets.UTF_8)) {
                w.write("after_task");
                for (int i = 0; i < T; i++) {
                    w.write(",task" + i);
                }
                w.write('\n');
                for (int j = 0; j < a.length; j++) {
                    w.write(joint ? "joint" : Integer.toString(j));
                    for (int i = 0; i < T; i++) {
                        w.write("," + a[j][i]);
                    }
                    w.write('\n');
                }
            }
            try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("learning_curves.csv"),
                    StandardCharsets.UTF_8)) {
                w.write(String.join(",", CURVE_COLUMNS));
                w.write('\n');
                for (double[] r : curves) {
                    w.write((long) r[0] + "," + (long) r[1] + "," + r[2] + "," + r[3] + "," + r[4] + "\n");
                }
            }
        }
        if (out.npy()) {
            NpyWriter.write(dir.resolve("accuracy_matrix.npy"), a);
        }
        if (out.plots()) {
            double[] xs = new double[a.length], ys = new double[T];
            double[][] z = new double[a.length][T];
            for (int j = 0; j < a.length; j++) {
                xs[j] = j;
                z[j] = a[j].clone();
            }
            for (int i = 0; i < T; i++) {
                ys[i] = i;
            }
            ScanPlots.heatMap(dir.resolve("accuracy_matrix.png"), "Accuracy on task i after training task j",
                    joint ? "joint training" : "after task j", xs, "task i", ys, z);
            double[] x = new double[curves.size()];
            double[] test = new double[curves.size()], train = new double[curves.size()];
            for (int k = 0; k < x.length; k++) {
                x[k] = k + 1;
                train[k] = curves.get(k)[3];
                test[k] = curves.get(k)[4];
            }
            java.util.Map<String, double[]> series = new java.util.LinkedHashMap<>();
            series.put("training (current task)", train);
            series.put("test (current task)", test);
            LearningPlots.curves(dir.resolve("learning_curves"), "Per-task learning curves (epochs of all tasks in "
                    + "order)", "accuracy", x, series);
        }
    }
}
