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

import org.apache.commons.rng.UniformRandomProvider;
import org.spinel.experiments.datasets.DatasetLocator;
import org.spinel.experiments.datasets.DatasetPart;
import org.spinel.experiments.datasets.FashionMnist;
import org.spinel.experiments.datasets.LabeledImages;
import org.spinel.experiments.datasets.Mnist;
import org.spinel.experiments.datasets.encoding.BernoulliEncoder;
import org.spinel.experiments.protocol.Outcome;
import org.spinel.experiments.protocol.RunContext;
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
import org.spinel.plasticity.train.MiniBatchTrainer;
import org.spinel.results.analysis.ContinualMetrics;
import org.spinel.results.export.NpyWriter;
import org.spinel.results.plot.LearningPlots;
import org.spinel.results.plot.ScanPlots;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code continual} protocol's run: a task sequence ({@link TaskSequence}) learnt by one network with the
 * generic {@link MiniBatchTrainer} (here with surrogate-gradient credit, {@link SurrogateGradientModel}; nothing
 * below the model's construction depends on the credit method), every seen and unseen task evaluated after each
 * task.
 *
 * <p>Per task t ({@code sequential} and {@code finetune}): the task's head is selected (task-incremental split: the
 * logits of the other tasks' classes masked), {@code epochs} epochs are trained on the task's images, shuffled per
 * epoch with the stream {@code continual/shuffle/<t>/<epoch>}, then {@link MiniBatchTrainer#endTask()} marks the
 * boundary (HLOP freezes the rows it learnt and adds the next task's) and every task's test images are evaluated
 * with its own head: row t of the accuracy matrix. Before task 0 the untrained network is evaluated too (the
 * baseline of forward transfer). {@code sequential} uses the layers' projectors ({@code hlop}: Xiao et al., ICLR
 * 2024); {@code finetune} drops them. The spiking network has no biases or normalisation, so HLOP's "frozen after
 * task 0" rule has nothing to freeze here. {@code multitask} trains on all tasks at once: each epoch interleaves one
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
        TrainSpec tr = new TrainSpec(r.dataset(), r.encoder(), r.steps(), r.dtMs(), r.inputs(), r.layers(),
                r.initScale(), r.recurrentInitScale(), r.surrogate(), r.loss(), r.regularizers(), r.optimizer(),
                Math.min(r.epochs(), QUICK_EPOCHS), r.batchSize(), r.dropLast(), r.patience(), r.network(),
                r.tangentKernelSamples(), r.engineCheckSamples(), r.engineCheckBackend());
        return new ContinualSpec(tr, q, s.method(), s.replayPerClass(), s.ewc());
    }

    /** One task encoded. */
    private record Encoded(EncodedSet train, EncodedSet test, boolean[] mask) {
        SampleInput[] testInputs() {
            SampleInput[] in = new SampleInput[test.size()];
            for (int k = 0; k < in.length; k++) {
                in[k] = test.input(k);
            }
            return in;
        }

        int[] testLabels() {
            int[] l = new int[test.size()];
            for (int k = 0; k < l.length; k++) {
                l[k] = test.label(k);
            }
            return l;
        }
    }

    static Outcome run(Experiment e, ContinualSpec spec, RunContext run) throws IOException {
        long t0 = System.nanoTime();
        PrintStream log = run.log();
        TrainSpec ts = spec.train();
        TrainSpec.Dataset d = ts.dataset();
        boolean fashion = d.name().equals("fashion-mnist");
        LabeledImages trainAll = fashion ? FashionMnist.load(d.directory(), DatasetPart.TRAIN)
                : Mnist.load(d.directory(), DatasetPart.TRAIN);
        LabeledImages testAll = fashion ? FashionMnist.load(d.directory(), DatasetPart.TEST)
                : Mnist.load(d.directory(), DatasetPart.TEST);
        int np = trainAll.pixelsPerImage();
        int outputs = ts.layers().get(ts.layers().size() - 1).config().size();
        List<ValidationError> problems = new ArrayList<>();
        if (testAll.pixelsPerImage() != np) {
            problems.add(new ValidationError("/protocol/dataset", "training images of " + trainAll.rows() + " × "
                    + trainAll.cols() + " but test images of " + testAll.rows() + " × " + testAll.cols(),
                    "one image size for every task"));
        }
        if (ts.inputs() > 0 && ts.inputs() != np) {
            problems.add(new ValidationError("/protocol/network/inputs", Integer.toString(ts.inputs()), np
                    + ", the pixels per image of every task of " + d.name() + " (" + trainAll.rows() + " × "
                    + trainAll.cols() + "), or leave inputs out"));
        }
        int classes = Math.max(trainAll.classCount(), testAll.classCount());
        if (!spec.tasks().type().equals("split") && classes > outputs) {
            problems.add(new ValidationError("/protocol/network/layers/" + (ts.layers().size() - 1) + "/size",
                    Integer.toString(outputs), "at least " + classes + ", the classes of " + d.name()
                            + " (the permuted tasks share the head)"));
        }
        if (spec.method() == ContinualSpec.Method.SEQUENTIAL || spec.method() == ContinualSpec.Method.ORACLE) {
            checkSchedules(ts, np, spec.tasks().count(), problems);
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
        BernoulliEncoder bern = ts.encoder().type().equals("bernoulli") ? BernoulliEncoder.nalsm(train) : null;
        List<Encoded> enc = new ArrayList<>();
        for (TaskSequence.Task t : tasks) {
            enc.add(new Encoded(new EncodedSet(t.train(), t.trainIndex(), "train", ts.encoder(), ts.steps(),
                    ts.dtMs(), e.seed(), bern), new EncodedSet(t.test(), t.testIndex(), "test", ts.encoder(),
                            ts.steps(), ts.dtMs(), e.seed(), bern), t.classMask()));
        }
        for (int t = 0; t < enc.size(); t++) {
            if (enc.get(t).train().size() < ts.batchSize() && ts.dropLast()) {
                throw new ExperimentException(List.of(new ValidationError("/protocol/batchSize",
                        Integer.toString(ts.batchSize()), "at most task " + t + "'s " + enc.get(t).train().size()
                                + " training images when dropLast is true, or \"dropLast\": false")));
            }
        }

        SurrogateGradientNetwork net = new SurrogateGradientNetwork(np, ts.layerConfigs(), ts.dtMs(),
                ts.surrogate() == null ? SpikeFunction.trueGradient() : SpikeFunction.surrogate(ts.surrogate()));
        net.regularize(ts.regularizers());
        net.initialise(e.seed(), ts.initScale(), ts.recurrentInitScale());
        SurrogateGradientModel model = new SurrogateGradientModel(net, ts.loss(), ts.steps());
        Consumer<boolean[]> head = model::restrictClasses;
        int batchesPerEpoch = 0;
        for (Encoded x : enc) {
            batchesPerEpoch += batches(x.train().size(), ts);
        }
        if (spec.method() != ContinualSpec.Method.MULTITASK) {
            batchesPerEpoch = batches(enc.get(0).train().size(), ts);
        }
        LearningRateSchedule schedule = TrainRunner.schedule(ts.optimizer(), batchesPerEpoch);
        int T = enc.size();
        boolean joint = spec.method() == ContinualSpec.Method.MULTITASK;
        double[][] a = new double[joint ? 1 : T][T];
        double[] initial = new double[T];
        List<double[]> curves = new ArrayList<>();
        double trainS = 0;
        List<BlockAngles> angles = new ArrayList<>();
        OnlineEwc<SampleInput, SurrogateGradientModel.Workspace> ewc = spec.method() == ContinualSpec.Method.EWC
                ? new OnlineEwc<>(model, spec.ewc().lambda(), spec.ewc().gamma()) : null;
        try (MiniBatchTrainer<SampleInput, ?> trainer = ewc != null
                ? new MiniBatchTrainer<>(ewc, TrainRunner.optimizer(ts.optimizer(), schedule), e.threads())
                : new MiniBatchTrainer<>(model, TrainRunner.optimizer(ts.optimizer(), schedule), e.threads())) {
            List<String> compared = pipelines(ts, net, trainer, spec.method());
            trainer.clipByGlobalNorm(ts.optimizer().clipNorm()).clipByValue(ts.optimizer().clipValue());
            log.printf("spinel: continual %s: %s, %d %s tasks (%s), %d-%s network, %d epoch(s) per task%n", e.name(),
                    spec.method().json(), T, spec.tasks().type(), spec.tasks().type().equals("split")
                            ? spec.tasks().scenario() : "shared head", np, sizes(ts), ts.epochs());
            evaluateAll(trainer, enc, head, initial);
            RandomStreams streams = new RandomStreams(e.seed());
            if (joint) {
                long s0 = System.nanoTime();
                for (int epoch = 0; epoch < ts.epochs(); epoch++) {
                    int[][] perms = new int[T][];
                    int[] nb = new int[T];
                    int most = 0;
                    for (int t = 0; t < T; t++) {
                        perms[t] = shuffle(enc.get(t).train().size(), streams.stream("continual/shuffle/" + t + "/"
                                + epoch));
                        nb[t] = batches(enc.get(t).train().size(), ts);
                        most = Math.max(most, nb[t]);
                    }
                    double[][] sums = new double[T][3];
                    for (int b = 0; b < most; b++) {
                        for (int t = 0; t < T; t++) {
                            if (b < nb[t]) {
                                step(trainer, enc.get(t), head, perms[t], b, ts, sums[t]);
                            }
                        }
                    }
                    for (int t = 0; t < T; t++) {
                        curves.add(new double[] {t, epoch + 1, sums[t][0] / sums[t][2], sums[t][1] / sums[t][2],
                                evaluate(trainer, enc.get(t), head)});
                    }
                    log.printf("spinel: continual %s: joint epoch %d/%d%n", e.name(), epoch + 1, ts.epochs());
                }
                trainS += (System.nanoTime() - s0) / 1e9;
                trainer.endTask();
                evaluateAll(trainer, enc, head, a[0]);
            } else {
                int[][] memory = new int[T][];
                for (int t = 0; t < T; t++) {
                    long s0 = System.nanoTime();
                    Encoded x = enc.get(t);
                    for (int epoch = 0; epoch < ts.epochs(); epoch++) {
                        int[] perm = shuffle(x.train().size(), streams.stream("continual/shuffle/" + t + "/" + epoch));
                        UniformRandomProvider replay = streams.stream("continual/replay/" + t + "/" + epoch);
                        double[] sum = new double[3], ignored = new double[3];
                        for (int b = 0, nb = batches(x.train().size(), ts); b < nb; b++) {
                            step(trainer, x, head, perm, b, ts, sum);
                            if (spec.method() == ContinualSpec.Method.REPLAY && t > 0) {
                                int u = replay.nextInt(t);
                                step(trainer, enc.get(u), head, sample(memory[u], ts.batchSize(), replay), 0, ts,
                                        ignored);
                            }
                        }
                        curves.add(new double[] {t, epoch + 1, sum[0] / sum[2], sum[1] / sum[2],
                                evaluate(trainer, x, head)});
                    }
                    trainS += (System.nanoTime() - s0) / 1e9;
                    if (spec.method() == ContinualSpec.Method.REPLAY) {
                        memory[t] = remember(x.train(), spec.replayPerClass());
                    }
                    if (ewc != null) {
                        int n = Math.min(spec.ewc().fisherSamples(), x.train().size());
                        SampleInput[] fx = new SampleInput[n];
                        int[] fy = new int[n];
                        for (int k = 0; k < n; k++) {
                            fx[k] = x.train().input(k);
                            fy[k] = x.train().label(k);
                        }
                        head.accept(x.mask());
                        ewc.consolidate(fx, fy);
                    }
                    trainer.endTask();
                    evaluateAll(trainer, enc, head, a[t]);
                    log.printf("spinel: continual %s: after task %d/%d: accuracy on tasks 0..%d %s%n", e.name(), t + 1,
                            T, t, fmt(a[t], t + 1));
                    for (String blk : compared) {
                        List<HlopOracleComparison.Angles> la = HlopOracleComparison.angles(trainer.projectorState(blk));
                        HlopOracleComparison.Angles x2 = la.get(la.size() - 1);
                        log.printf("spinel: continual %s: %s: HLOP (%d rows) vs exact oracle (%d): largest principal "
                                + "angle %.2f deg, mean %.2f deg%n", e.name(), blk, x2.hlopRows(), x2.oracleRows(),
                                x2.largest(), x2.mean());
                    }
                }
            }
            for (String blk : compared) {
                angles.add(new BlockAngles(blk, HlopOracleComparison.angles(trainer.projectorState(blk))));
            }
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
                for (HlopOracleComparison.Angles x : ba.angles()) {
                    hr.add(x.hlopRows());
                    or.add(x.oracleRows());
                    lg.add(x.largest());
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
        m.put("epochs_per_task", ts.epochs());
        m.put("train_samples_per_task", enc.get(0).train().size());
        m.put("test_samples_per_task", enc.get(0).test().size());
        m.put("train_s", trainS);
        m.put("threads", e.threads());
        m.put("quick", e.quick());
        m.put("wall_s", (System.nanoTime() - t0) / 1e9);
        return new Outcome(m, new Outcome.Execution("java", "the continual protocol trains on the CPU trainer",
                "CPU (MiniBatchTrainer, " + e.threads() + " threads)"));
    }

    /**
     * Checks before training that every {@code hlop} schedule fits its block over the task count
     * ({@link HebbianSubspaceProjector#checkFits}).
     */
    private static void checkSchedules(TrainSpec ts, int inputs, int tasks, List<ValidationError> problems) {
        for (int l = 0; l < ts.layers().size(); l++) {
            TrainSpec.Layer layer = ts.layers().get(l);
            int pre = l == 0 ? inputs : ts.layers().get(l - 1).config().size();
            for (boolean rec : new boolean[] {false, true}) {
                Projector p = rec ? layer.recurrentProjector() : layer.projector();
                if (p instanceof HebbianSubspaceProjector || p instanceof OracleSubspaceProjector) {
                    try {
                        if (p instanceof HebbianSubspaceProjector h) {
                            h.checkFits(rec ? layer.config().size() : pre, tasks);
                        } else {
                            ((OracleSubspaceProjector) p).checkFits(rec ? layer.config().size() : pre, tasks);
                        }
                    } catch (IllegalArgumentException ex) {
                        problems.add(new ValidationError("/protocol/network/layers/" + l + "/"
                                + (rec ? "recurrentProjector" : "projector") + "/rowsPerTask", p.describe(),
                                "a schedule whose rows over the " + tasks + " tasks fit the block's " + (rec
                                        ? layer.config().size() : pre) + " presynaptic units (" + ex.getMessage()
                                        + ")"));
                    }
                }
            }
        }
    }

    /** The first {@code perClass} training images of each class of a task, in file order (the replay memory). */
    private static int[] remember(EncodedSet train, int perClass) {
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

    private static int batches(int n, TrainSpec ts) {
        return ts.dropLast() ? n / ts.batchSize() : (n + ts.batchSize() - 1) / ts.batchSize();
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
    private static void step(MiniBatchTrainer<SampleInput, ?> trainer, Encoded x,
            Consumer<boolean[]> head, int[] perm, int b, TrainSpec ts, double[] sum) {
        int from = b * ts.batchSize(), size = Math.min(ts.batchSize(), perm.length - from);
        SampleInput[] in = new SampleInput[size];
        int[] labels = new int[size], predicted = new int[size];
        for (int k = 0; k < size; k++) {
            in[k] = x.train().input(perm[from + k]);
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

    private static double evaluate(MiniBatchTrainer<SampleInput, ?> trainer, Encoded x, Consumer<boolean[]> head) {
        head.accept(x.mask());
        Evaluation ev = trainer.evaluate(x.testInputs(), x.testLabels(), null);
        return ev.accuracy();
    }

    private static void evaluateAll(MiniBatchTrainer<SampleInput, ?> trainer, List<Encoded> enc,
            Consumer<boolean[]> head, double[] row) {
        for (int i = 0; i < enc.size(); i++) {
            row[i] = evaluate(trainer, enc.get(i), head);
        }
    }

    /** One block's HLOP-vs-oracle comparisons, one per task. */
    private record BlockAngles(String block, List<HlopOracleComparison.Angles> angles) {
    }

    /**
     * Frozen layers, bounds, and the layers' projectors for {@code sequential} (each {@code hlop} shadowed by its
     * exact oracle, {@link HlopOracleComparison}) and {@code oracle} (each {@code hlop} replaced by its oracle);
     * the other methods drop them.
     *
     * @return the blocks whose HLOP is compared with its oracle, in block order
     */
    private static List<String> pipelines(TrainSpec ts, SurrogateGradientNetwork net,
            MiniBatchTrainer<SampleInput, ?> trainer, ContinualSpec.Method method) {
        boolean projectors = method == ContinualSpec.Method.SEQUENTIAL || method == ContinualSpec.Method.ORACLE;
        List<String> compared = new ArrayList<>();
        for (int l = 0; l < net.layerCount(); l++) {
            TrainSpec.Layer ls = ts.layers().get(l);
            WeightBounds wb = ls.bounded() ? WeightBounds.hard(ls.boundsLo(), ls.boundsHi()) : null;
            for (boolean rec : new boolean[] {false, true}) {
                double[] w = rec ? net.recurrentWeights(l) : net.weights(l);
                if (w == null) {
                    continue;
                }
                String block = SurrogateGradientModel.blockName(l, rec);
                if (!ls.learn()) {
                    trainer.freeze(block);
                }
                Projector pr = projectors ? (rec ? ls.recurrentProjector() : ls.projector()) : null;
                if (pr instanceof HebbianSubspaceProjector h) {
                    if (method == ContinualSpec.Method.ORACLE) {
                        pr = OracleSubspaceProjector.of(h);
                    } else {
                        pr = new HlopOracleComparison(h);
                        compared.add(block);
                    }
                }
                if (wb == null && pr == null) {
                    continue;
                }
                try {
                    trainer.pipeline(block, pr, wb);
                } catch (IllegalArgumentException ex) {
                    String at = "/protocol/network/layers/" + l + "/" + (rec ? "recurrentProjector" : "projector");
                    throw new ExperimentException(List.of(new ValidationError(at, pr == null ? "none"
                            : pr.describe(), "a projector that fits the block: " + ex.getMessage())));
                }
                if (wb != null) {
                    for (int k = 0; k < w.length; k++) {
                        w[k] = wb.clip(k, w[k]);
                    }
                }
            }
        }
        trainer.model().weightsChanged();
        return compared;
    }

    private static String sizes(TrainSpec ts) {
        StringBuilder b = new StringBuilder();
        for (TrainSpec.Layer l : ts.layers()) {
            b.append(b.length() == 0 ? "" : "-").append(l.config().size()).append(l.config().recurrent() ? "r" : "");
        }
        return b.toString();
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
            "largest_angle_deg", "mean_angle_deg");

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
                            + (x.degrees().length > 0 ? Double.toString(x.mean()) : "") + "\n");
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
