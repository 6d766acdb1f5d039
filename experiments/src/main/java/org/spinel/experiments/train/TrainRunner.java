package org.spinel.experiments.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.spinel.experiments.datasets.DatasetLocator;
import org.spinel.experiments.datasets.FashionMnist;
import org.spinel.experiments.datasets.LabeledImages;
import org.spinel.experiments.datasets.encoding.BernoulliEncoder;
import org.spinel.experiments.protocol.Outcome;
import org.spinel.experiments.protocol.RunContext;
import org.spinel.experiments.spec.Experiment;
import org.spinel.experiments.spec.ExperimentException;
import org.spinel.experiments.spec.ExperimentReader;
import org.spinel.experiments.spec.TrainSpec;
import org.spinel.experiments.spec.ValidationError;
import org.spinel.networks.RandomStreams;
import org.spinel.networks.plasticity.Projector;
import org.spinel.networks.plasticity.WeightBounds;
import org.spinel.plasticity.optim.Adam;
import org.spinel.plasticity.optim.LearningRateSchedule;
import org.spinel.plasticity.optim.OptimizerFactory;
import org.spinel.plasticity.optim.SgdMomentum;
import org.spinel.plasticity.sg.BatchTrainer;
import org.spinel.plasticity.sg.SgNetworkExport;
import org.spinel.networks.engine.Backends;
import org.spinel.networks.engine.SimulationOptions;
import org.spinel.plasticity.sg.SampleInput;
import org.spinel.plasticity.sg.SpikeFunction;
import org.spinel.plasticity.sg.SurrogateGradientNetwork;
import org.spinel.plasticity.sg.TangentKernel;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code train} protocol: surrogate-gradient training of a layered LIF network ({@link SurrogateGradientNetwork},
 * {@link BatchTrainer}) on Fashion-MNIST or MNIST (docs/experiment-format.md, "protocol train").
 *
 * <p>Order of work: the dataset is loaded, sliced, split and encoded once into {@link SampleInput}s, and everything
 * is validated (input count, classes, batch size, a checkpoint to resume) before any file is written. Training then
 * runs in a hidden working directory {@code <out>/<name>/.incomplete-<run id>/}: each epoch shuffles the training
 * images with the stream {@code train/shuffle/<epoch>} of the experiment seed, takes one optimizer step per batch,
 * measures validation and test accuracy, prints a line on stderr and replaces {@code checkpoint.h5} atomically
 * ({@link Checkpoint}). When training ends the outputs are written and the directory is renamed to
 * {@code <out>/<name>/<run id>/} in one step. If it stops early (a NaN or infinite loss, a crash, an interrupt)
 * the working directory keeps the last checkpoint and nothing else claims to be a result; {@code --resume DIR}
 * continues it exactly: the same seed and checkpoint give the same weights as a run that was never interrupted.
 *
 * <p>Outputs: {@code epochs.csv} and {@code epochs.npy} (per epoch: loss, training, validation and test accuracy,
 * learning rate, seconds), {@code learning_curve.png/svg}, {@code loss_curve.png/svg}, the test set's
 * {@code confusion.csv/npy/png/svg} (rows true class, columns predicted; at the end, or at the best validation epoch
 * with early stopping), {@code weights_layer<l>[_recurrent].npy} and {@code weights.h5}, per spiking layer
 * {@code spike_counts_layer<l>.csv/png/svg} (histogram of per-sample spike counts of each neuron on the test set),
 * {@code checkpoint.h5}, {@code metrics.json} and {@code manifest.json}.
 */
public final class TrainRunner {
    /** Caps applied by {@code --quick}. */
    static final int QUICK_TRAIN = 512, QUICK_TEST = 256, QUICK_VALIDATION = 128, QUICK_EPOCHS = 2;
    /** Columns of epochs.csv (and of the checkpoint's history). */
    static final List<String> HISTORY_COLUMNS = List.of("epoch", "train_loss", "train_accuracy", "validation_accuracy",
            "validation_loss", "test_accuracy", "test_loss", "learning_rate", "train_s", "epoch_s");
    /** Prefix of the working directory of a run in progress (or one stopped early). */
    public static final String INCOMPLETE = RunContext.INCOMPLETE;

    private TrainRunner() {
    }

    /** Loaded and encoded data. */
    private record Data(EncodedSet train, EncodedSet validation, EncodedSet test, int inputs, int classes,
            double loadS, double encodeS) {
    }

    /**
     * Runs the training of {@code e} with {@code spec} ({@link #quick} applied in quick mode) in the run's working
     * directory (a stopped run's, when {@code --resume} names it).
     */
    static Outcome run(Experiment e, TrainSpec spec, RunContext options) throws IOException {
        long t0 = System.nanoTime();
        PrintStream log = options.log();
        Data data = load(spec, e.seed(), e.quick(), log);
        for (var f : DatasetLocator.filesOf(spec.dataset().name(), spec.dataset().directory()).entrySet()) {
            options.dataset(f.getKey(), f.getValue());
        }
        ObjectNode network = spec.network().deepCopy();
        network.put("inputs", data.inputs());
        int nTrain = data.train().size(), bs = spec.batchSize();
        int batches = spec.dropLast() ? nTrain / bs : (nTrain + bs - 1) / bs;
        if (batches == 0) {
            throw new ExperimentException(List.of(new ValidationError("/protocol/batchSize", Integer.toString(bs),
                    "at most the number of training images (" + nTrain + (e.quick() ? " in --quick mode" : "")
                            + ") when dropLast is true, or \"dropLast\": false")));
        }
        Checkpoint resumed = options.resume() == null ? null
                : Checkpoint.read(Checkpoint.locate(options.resume()));
        if (resumed != null) {
            TrainingState.checkResume(resumed, network, spec.optimizer().type(), e.resolved().path("protocol"), e.quick(),
                    log);
        }
        SurrogateGradientNetwork net = new SurrogateGradientNetwork(data.inputs(), spec.layerConfigs(), spec.dtMs(),
                spec.surrogate() == null ? SpikeFunction.trueGradient() : SpikeFunction.surrogate(spec.surrogate()));
        net.regularize(spec.regularizers());
        net.initialise(e.seed(), spec.initScale(), spec.recurrentInitScale());
        // The kernel at initialisation depends only on the seed, so a resumed run recomputes it exactly.
        SampleInput[] kernelSamples = kernelSamples(data.test(), spec.tangentKernelSamples());
        double[][] kernel0 = kernelSamples == null ? null : TangentKernel.compute(net, kernelSamples, spec.loss());
        LearningRateSchedule schedule = schedule(spec.optimizer(), batches);
        try (BatchTrainer trainer = new BatchTrainer(net, optimizer(spec.optimizer(), schedule), spec.loss(),
                spec.steps(), e.threads())) {
            pipelines(spec, net, trainer);
            trainer.clipByGlobalNorm(spec.optimizer().clipNorm()).clipByValue(spec.optimizer().clipValue());
            TrainingState st = new TrainingState(HISTORY_COLUMNS, spec.patience() > 0 && data.validation() != null,
                    e.quick());
            st.resume(trainer.trainer(), resumed, options.resume());
            // The working directory is reserved here, after validation: an input error writes nothing.
            Path work = options.directory();
            Path ckpt = work.resolve(Checkpoint.FILE);
            ObjectNode training = (ObjectNode) e.resolved().path("protocol").deepCopy();
            st.checkpoint(trainer.trainer(), network, training).write(ckpt);
            options.keepOnFailure(); // from now on a stopped run can be continued from its checkpoint
            log.printf("spinel: train %s: %d-%s network, %d training / %d validation / %d test images, %d batches of "
                    + "%d, %s%s; checkpoints in %s%n", e.name(), data.inputs(), sizes(spec), nTrain,
                    data.validation() == null ? 0 : data.validation().size(), data.test().size(), batches, bs,
                    trainer.optimizerStates().isEmpty() ? "" : spec.optimizer().type(),
                    resumed != null ? ", resumed after epoch " + resumed.epoch() : "", work);
            return st.run("train " + e.name(), work, ckpt, log, () -> {
                train(e, spec, data, net, trainer, schedule, st, batches, network, training, ckpt, log);
                return finish(e, spec, data, net, trainer, st, network, training, work, t0, options, resumed,
                        kernelSamples, kernel0);
            });
        }
    }

    // ------------------------------------------------------------------ data

    /**
     * The spec shortened for {@code --quick}: 2 epochs, at most 128 validation images (the training and test images
     * are capped at 512 and 256 when the dataset is loaded).
     */
    static TrainSpec quick(TrainSpec s) {
        TrainSpec.Dataset d = s.dataset();
        int vs = d.validationSize() > 0 ? Math.min(d.validationSize(), QUICK_VALIDATION) : 0;
        TrainSpec.Dataset q = new TrainSpec.Dataset(d.name(), d.directory(), d.trainSamples(), d.testSamples(),
                d.validationFraction(), vs);
        return new TrainSpec(q, s.encoder(), s.steps(), s.dtMs(), s.inputs(), s.layers(), s.initScale(),
                s.recurrentInitScale(), s.surrogate(), s.loss(), s.regularizers(), s.optimizer(),
                Math.min(s.epochs(), QUICK_EPOCHS), s.batchSize(), s.dropLast(), s.patience(), s.network(),
                Math.min(s.tangentKernelSamples(), 20), Math.min(s.engineCheckSamples(), 5), s.engineCheckBackend());
    }

    private static Data load(TrainSpec spec, long seed, boolean quick, PrintStream log) throws IOException {
        TrainSpec.Dataset d = spec.dataset();
        int readout = spec.layers().get(spec.layers().size() - 1).config().size();
        TrainingImages images = TrainingImages.load(d, seed, quick, QUICK_TRAIN, QUICK_TEST,
                (trainAll, classes, problems) -> {
                    int np = trainAll.pixelsPerImage();
                    if (spec.inputs() > 0 && spec.inputs() != np) {
                        problems.add(new ValidationError("/protocol/network/inputs", Integer.toString(spec.inputs()),
                                np + ", the pixels per image of " + d.name() + " (" + trainAll.rows() + " × "
                                        + trainAll.cols() + " in " + trainAll.source() + "), or leave inputs out"));
                    }
                    if (classes > readout) {
                        problems.add(new ValidationError("/protocol/network/layers/" + (spec.layers().size() - 1)
                                + "/size", Integer.toString(readout), "at least " + classes
                                        + ", the number of classes of " + d.name()));
                    }
                });
        LabeledImages train = images.train(), validation = images.validation(), test = images.test();
        int[] trainIdx = images.trainIndices(), valIdx = images.validationIndices();
        int np = images.pixels(), classes = images.classes();
        double loadS = images.loadS();
        long t1 = System.nanoTime();
        BernoulliEncoder bern = spec.encoder().type().equals("bernoulli") ? BernoulliEncoder.nalsm(train) : null;
        EncodedSet tr = new EncodedSet(train, trainIdx, "train", spec.encoder(), spec.steps(), spec.dtMs(), seed, bern);
        EncodedSet va = validation == null ? null
                : new EncodedSet(validation, valIdx, "train", spec.encoder(), spec.steps(), spec.dtMs(), seed, bern);
        EncodedSet te = new EncodedSet(test, TrainingImages.identity(test.size()), "test", spec.encoder(),
                spec.steps(), spec.dtMs(), seed, bern);
        double encodeS = (System.nanoTime() - t1) / 1e9;
        if (!tr.cached()) {
            log.println("spinel: the " + spec.encoder().type() + " code of the dataset does not fit in a quarter of "
                    + "the heap; images are encoded per batch");
        }
        return new Data(tr, va, te, np, Math.max(classes, readout), loadS, encodeS);
    }

    // ------------------------------------------------------------------ training

    private static double[][][] weights(SurrogateGradientNetwork net) {
        double[][][] w = new double[net.layerCount()][2][];
        for (int l = 0; l < w.length; l++) {
            w[l][0] = net.weights(l).clone();
            w[l][1] = net.recurrentWeights(l) == null ? null : net.recurrentWeights(l).clone();
        }
        return w;
    }

    private static void train(Experiment e, TrainSpec spec, Data data, SurrogateGradientNetwork net,
            BatchTrainer trainer, LearningRateSchedule schedule, TrainingState st, int batches, ObjectNode network,
            ObjectNode training, Path ckpt, PrintStream log) throws IOException {
        EncodedSet tr = data.train();
        int n = tr.size(), bs = spec.batchSize();
        SampleInput[] full = new SampleInput[bs];
        int[] fullLabels = new int[bs], predicted = new int[bs];
        int restSize = n - (batches - 1) * bs;
        SampleInput[] rest = restSize < bs ? new SampleInput[restSize] : full;
        int[] restLabels = restSize < bs ? new int[restSize] : fullLabels;
        int[] perm = new int[n];
        RandomStreams streams = new RandomStreams(e.seed());
        double lastFinite = Double.NaN;
        for (int epoch = st.epoch; epoch < spec.epochs() && !st.stopped; epoch++) {
            long te0 = System.nanoTime();
            TrainingState.shuffle(perm, streams, epoch);
            double lossSum = 0;
            long correct = 0, seen = 0;
            double lr = schedule.rate((long) epoch * batches);
            for (int b = 0; b < batches; b++) {
                int from = b * bs, size = Math.min(bs, n - from);
                SampleInput[] in = size == bs ? full : rest;
                int[] labels = size == bs ? fullLabels : restLabels;
                for (int k = 0; k < size; k++) {
                    in[k] = tr.input(perm[from + k]);
                    labels[k] = tr.label(perm[from + k]);
                }
                double loss = trainer.trainBatch(in, labels, predicted);
                if (!Double.isFinite(loss)) {
                    throw new TrainingDivergedException(epoch + 1, b + 1, loss, lastFinite, ckpt, st.epoch);
                }
                lastFinite = loss;
                lossSum += loss * size;
                seen += size;
                for (int k = 0; k < size; k++) {
                    if (predicted[k] == labels[k]) {
                        correct++;
                    }
                }
            }
            double trainS = (System.nanoTime() - te0) / 1e9;
            BatchTrainer.Evaluation val = data.validation() == null ? null : evaluate(trainer, data.validation());
            BatchTrainer.Evaluation test = evaluate(trainer, data.test());
            double epochS = (System.nanoTime() - te0) / 1e9;
            st.epoch = epoch + 1;
            double[] row = {epoch + 1, lossSum / seen, correct / (double) seen, val == null ? Double.NaN
                    : val.accuracy(), val == null ? Double.NaN : val.meanLoss(), test.accuracy(), test.meanLoss(), lr,
                    trainS, epochS};
            st.record(row);
            if (st.tracksBest) {
                st.validated(epoch + 1, val.accuracy(), spec.patience(), trainer.trainer());
            }
            st.checkpoint(trainer.trainer(), network, training).write(ckpt);
            log.printf("spinel: train %s epoch %d/%d: loss %.4f, train %.4f, %stest %.4f; %.2f s (training %.2f s)%s%n",
                    e.name(), epoch + 1, spec.epochs(), row[1], row[2], val == null ? ""
                            : String.format("validation %.4f, ", val.accuracy()), test.accuracy(), epochS, trainS,
                    st.stopped ? "; early stop: no better validation accuracy for " + spec.patience() + " epochs"
                            : "");
        }
    }

    /** Runs a whole part forward (in pieces of 4096 when it is encoded on demand). */
    private static BatchTrainer.Evaluation evaluate(BatchTrainer trainer, EncodedSet set) {
        int n = set.size();
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = set.label(i);
        }
        if (set.cached()) {
            SampleInput[] all = new SampleInput[n];
            for (int i = 0; i < n; i++) {
                all[i] = set.input(i);
            }
            return trainer.evaluate(all, labels);
        }
        int piece = 4096;
        int[] predicted = new int[n];
        float[][] counts = null;
        double lossSum = 0;
        long correct = 0;
        for (int from = 0; from < n; from += piece) {
            int size = Math.min(piece, n - from);
            SampleInput[] in = new SampleInput[size];
            for (int k = 0; k < size; k++) {
                in[k] = set.input(from + k);
            }
            BatchTrainer.Evaluation ev = trainer.evaluate(in, Arrays.copyOfRange(labels, from, from + size));
            System.arraycopy(ev.predicted(), 0, predicted, from, size);
            if (counts == null) {
                counts = new float[ev.spikeCounts().length][];
                for (int l = 0; l < counts.length; l++) {
                    counts[l] = new float[ev.spikeCounts()[l].length / size * n];
                }
            }
            for (int l = 0; l < counts.length; l++) {
                System.arraycopy(ev.spikeCounts()[l], 0, counts[l], ev.spikeCounts()[l].length / size * from,
                        ev.spikeCounts()[l].length);
            }
            lossSum += ev.meanLoss() * size;
            correct += Math.round(ev.accuracy() * size);
        }
        return new BatchTrainer.Evaluation(correct / (double) n, lossSum / n, predicted, counts);
    }

    // ------------------------------------------------------------------ optimizer

    /** The optimiser of the settings, with the schedule (shared with the {@code ep-train} and {@code continual} protocols). */
    public static OptimizerFactory optimizer(TrainSpec.OptimizerSpec o, LearningRateSchedule schedule) {
        if (o.type().equals("sgd-momentum")) {
            return SgdMomentum.builder().schedule(schedule).momentum(o.momentum()).nesterov(o.nesterov())
                    .weightDecay(o.weightDecay());
        }
        return Adam.builder().schedule(schedule).beta1(o.beta1()).beta2(o.beta2()).epsilon(o.epsilon())
                .weightDecay(o.weightDecay());
    }

    /** The schedule in optimizer steps: {@code batches} steps per epoch. */
    public static LearningRateSchedule schedule(TrainSpec.OptimizerSpec o, int batches) {
        TrainSpec.Schedule s = o.schedule();
        return switch (s.type()) {
            case "step" -> LearningRateSchedule.stepDecay(o.lr(), s.factor(), (long) s.everyEpochs() * batches);
            case "cosine" -> LearningRateSchedule.cosine(o.lr(), s.min(), (long) s.overEpochs() * batches);
            case "exponential" -> LearningRateSchedule.exponential(o.lr(), StrictMath.pow(s.gamma(), 1.0 / batches));
            default -> LearningRateSchedule.constant(o.lr());
        };
    }

    /**
     * Per layer: frozen blocks, and the pipeline {@code bounds(projector(Δw))} of its feed-forward and recurrent
     * blocks (the bounds also clip the initial weights).
     */
    private static void pipelines(TrainSpec spec, SurrogateGradientNetwork net, BatchTrainer trainer) {
        for (int l = 0; l < net.layerCount(); l++) {
            TrainSpec.Layer ls = spec.layers().get(l);
            if (!ls.learn()) {
                trainer.freeze(l);
            }
            WeightBounds wb = ls.bounded() ? WeightBounds.hard(ls.boundsLo(), ls.boundsHi()) : null;
            for (boolean rec : new boolean[] {false, true}) {
                double[] w = rec ? net.recurrentWeights(l) : net.weights(l);
                Projector pr = rec ? ls.recurrentProjector() : ls.projector();
                if (w == null || (wb == null && pr == null)) {
                    continue;
                }
                try {
                    trainer.pipeline(l, rec, pr, wb);
                } catch (IllegalArgumentException ex) {
                    String at = "/protocol/network/layers/" + l + "/" + (rec ? "recurrentProjector" : "projector");
                    throw new ExperimentException(List.of(new ValidationError(at, pr.describe(), "a projector that "
                            + "fits the block: " + ex.getMessage())));
                }
                if (wb != null) {
                    clip(w, wb);
                }
            }
        }
    }

    private static void clip(double[] w, WeightBounds wb) {
        for (int k = 0; k < w.length; k++) {
            w[k] = wb.clip(k, w[k]);
        }
    }

    private static String sizes(TrainSpec spec) {
        StringBuilder b = new StringBuilder();
        for (TrainSpec.Layer l : spec.layers()) {
            b.append(b.length() == 0 ? "" : "-").append(l.config().size()).append(l.config().recurrent() ? "r" : "");
        }
        return b.toString();
    }

    // ------------------------------------------------------------------ outputs

    private static Outcome finish(Experiment e, TrainSpec spec, Data data, SurrogateGradientNetwork net,
            BatchTrainer trainer, TrainingState st, ObjectNode network, ObjectNode training, Path work, long t0,
            RunContext options, Checkpoint resumed, SampleInput[] kernelSamples, double[][] kernel0)
            throws IOException {
        // The final weights: the last epoch's, or the best validation epoch's with early stopping.
        st.restoreBest(trainer.trainer());
        double[][][] chosen = weights(net);
        BatchTrainer.Evaluation test = evaluate(trainer, data.test());
        Map<String, double[]> hist = st.historyArrays();
        List<String> classNames = spec.dataset().name().equals("fashion-mnist") ? FashionMnist.CLASS_NAMES : null;
        TrainOutputs.write(work, e.outputs(), hist, test, data.test(), data.classes(), chosen, network, spec,
                classNames);
        ObjectNode metrics = metrics(e, spec, data, net, st, test, hist, resumed, options);
        if (kernel0 != null) {
            double[][] kernel1 = TangentKernel.compute(net, kernelSamples, spec.loss());
            writeKernels(work, kernel0, kernel1, e.outputs().plots());
            metrics.put("tangent_kernel_samples", kernelSamples.length);
            metrics.put("tangent_kernel_relative_change", TangentKernel.relativeChange(kernel0, kernel1));
            metrics.put("tangent_kernel_alignment", TangentKernel.alignment(kernel0, kernel1));
            metrics.put("tangent_kernel_trace_initial", trace(kernel0));
            metrics.put("tangent_kernel_trace_final", trace(kernel1));
        }
        if (spec.engineCheckSamples() > 0) {
            metrics.set("engine_check", engineCheck(net, data.test(), spec, e.threads()));
        }
        if (spec.surrogate() != null) {
            metrics.put("surrogate", spec.surrogate().describe());
            metrics.put("surrogate_fn", spec.surrogate().name());
            metrics.put("surrogate_parameter", spec.surrogate().parameter());
            metrics.put("surrogate_effective_width", spec.surrogate().effectiveWidth());
        } else {
            metrics.put("surrogate", "true-gradient");
            metrics.put("surrogate_fn", "true-gradient");
        }
        metrics.put("wall_s", (System.nanoTime() - t0) / 1e9);
        String checkBackend = metrics.path("engine_check").path("backend").asText("");
        boolean engineElsewhere = !checkBackend.isEmpty() && !checkBackend.equals("java");
        return new Outcome(metrics, new Outcome.Execution(engineElsewhere ? checkBackend : "java",
                "the train protocol runs back-propagation "
                + "through time on the CPU trainer" + (checkBackend.isEmpty() ? ""
                        : "; the engine check ran on " + checkBackend + " ("
                                + metrics.path("engine_check").path("backend_reason").asText() + ")"),
                "CPU (BatchTrainer, " + e.threads() + " threads)" + (engineElsewhere ? "; engine check on "
                        + Backends.get(checkBackend).availability().reason() : "")));
    }

    /**
     * The first {@code n} test images ordered by class (stable), so the kernel matrix shows class blocks; null for
     * n = 0.
     */
    private static SampleInput[] kernelSamples(EncodedSet test, int n) {
        if (n <= 0) {
            return null;
        }
        int p = Math.min(n, test.size());
        Integer[] idx = new Integer[p];
        for (int k = 0; k < p; k++) {
            idx[k] = k;
        }
        java.util.Arrays.sort(idx, java.util.Comparator.comparingInt(test::label));
        SampleInput[] out = new SampleInput[p];
        for (int k = 0; k < p; k++) {
            out[k] = test.input(idx[k]);
        }
        return out;
    }

    private static List<String> writeKernels(Path dir, double[][] k0, double[][] k1, boolean plots)
            throws IOException {
        List<String> files = new java.util.ArrayList<>();
        org.spinel.results.export.NpyWriter.write(dir.resolve("tangent_kernel_initial.npy"), k0);
        org.spinel.results.export.NpyWriter.write(dir.resolve("tangent_kernel_final.npy"), k1);
        files.add("tangent_kernel_initial.npy");
        files.add("tangent_kernel_final.npy");
        if (plots) {
            double[] ax = new double[k0.length];
            for (int a = 0; a < ax.length; a++) {
                ax[a] = a;
            }
            for (String[] which : new String[][] {{"initial", "at initialisation"}, {"final", "after training"}}) {
                double[][] k = which[0].equals("initial") ? k0 : k1;
                double norm = trace(k) / k.length;
                double[][] z = new double[k.length][k.length];
                for (int a = 0; a < k.length; a++) {
                    for (int b = 0; b < k.length; b++) {
                        z[a][b] = k[a][b] / norm;
                    }
                }
                String f = "tangent_kernel_" + which[0] + ".png";
                org.spinel.results.plot.ScanPlots.heatMap(dir.resolve(f), "Empirical SG-NTK " + which[1]
                        + " (÷ mean diagonal; test images ordered by class)", "image", ax, "image", ax, z);
                files.add(f);
            }
        }
        return files;
    }

    /**
     * Runs the first test images again as an ordinary Spinel network in the engine ({@link SgNetworkExport}: one
     * {@code lif-discrete} population per layer, all-to-all projections with the trained weights) and compares every
     * spike and the readout trace with the trainer's forward pass.
     */
    private static ObjectNode engineCheck(SurrogateGradientNetwork net, EncodedSet test, TrainSpec spec, int threads) {
        int n = Math.min(spec.engineCheckSamples(), test.size());
        ObjectNode out = ExperimentReader.MAPPER.createObjectNode();
        SgNetworkExport.roundWeightsToFloat(net);
        Backends.Selection sel = Backends.select(spec.engineCheckBackend(),
                SgNetworkExport.toNetwork(net, test.input(0)));
        SurrogateGradientNetwork.Workspace ws = net.workspace(spec.steps());
        int identical = 0;
        long spikes = 0;
        double maxReadout = 0;
        for (int k = 0; k < n; k++) {
            SampleInput x = test.input(k);
            ws.forward(x);
            SgNetworkExport.EngineResult r = SgNetworkExport.run(net, x, sel.backend(), SimulationOptions.threads(threads));
            boolean same = true;
            for (int l = 0; l < net.layerCount(); l++) {
                if (!net.layer(l).spiking()) {
                    continue;
                }
                for (int t = 0; t < spec.steps(); t++) {
                    for (int q = 0; q < net.layer(l).size(); q++) {
                        double a = ws.spike(l, t, q);
                        spikes += a != 0 ? 1 : 0;
                        same &= a == r.spike(l, t, q);
                    }
                }
            }
            int last = net.layerCount() - 1;
            for (int t = 0; t < spec.steps(); t++) {
                for (int q = 0; q < net.layer(last).size(); q++) {
                    maxReadout = Math.max(maxReadout, Math.abs(ws.readout(t, q) - r.readout(t, q)));
                }
            }
            identical += same ? 1 : 0;
        }
        out.put("samples", n);
        out.put("backend", sel.backend().name());
        out.put("backend_reason", sel.reason());
        out.put("identical_spike_rasters", identical);
        out.put("spikes_compared", spikes);
        out.put("max_readout_difference", maxReadout);
        return out;
    }

    private static double trace(double[][] k) {
        double t = 0;
        for (int a = 0; a < k.length; a++) {
            t += k[a][a];
        }
        return t;
    }

    private static ObjectNode metrics(Experiment e, TrainSpec spec, Data data, SurrogateGradientNetwork net, TrainingState st,
            BatchTrainer.Evaluation test, Map<String, double[]> hist, Checkpoint resumed,
            RunContext options) {
        ObjectNode m = ExperimentReader.MAPPER.createObjectNode();
        st.putMetrics(m, hist, data.validation() != null, test.accuracy(), test.meanLoss());
        double[] trainAcc = hist.get("train_accuracy");
        if (trainAcc.length > 0) {
            m.put("final_train_accuracy", trainAcc[trainAcc.length - 1]);
        }
        m.put("state_bytes_per_sample", net.workspace(spec.steps()).stateBytes());
        long params = 0;
        for (int l = 0; l < net.layerCount(); l++) {
            params += net.weights(l).length + (net.recurrentWeights(l) == null ? 0 : net.recurrentWeights(l).length);
        }
        m.put("parameters", params);
        m.put("train_samples", data.train().size());
        m.put("validation_samples", data.validation() == null ? 0 : data.validation().size());
        m.put("test_samples", data.test().size());
        m.put("threads", e.threads());
        m.put("load_s", data.loadS());
        m.put("encode_s", data.encodeS());
        m.put("quick", e.quick());
        if (resumed != null) {
            m.put("resumed_from", options.resume().toString());
            m.put("resumed_after_epoch", resumed.epoch());
        }
        ObjectNode spikes = m.putObject("spikes_per_neuron_per_sample");
        for (int l = 0; l < net.layerCount(); l++) {
            if (net.layer(l).spiking()) {
                spikes.put("layer" + l, mean(test.spikeCounts()[l]));
            }
        }
        return m;
    }

    /** The mean of {@code v} (NaN when empty). */
    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? Double.NaN : s / v.length;
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return v.length == 0 ? Double.NaN : s / v.length;
    }
}
