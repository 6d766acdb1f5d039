package org.spinel.experiments.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.spinel.experiments.datasets.DatasetLocator;
import org.spinel.experiments.datasets.FashionMnist;
import org.spinel.experiments.datasets.LabeledImages;
import org.spinel.experiments.protocol.Outcome;
import org.spinel.experiments.protocol.RunContext;
import org.spinel.experiments.spec.EpTrainSpec;
import org.spinel.experiments.spec.Experiment;
import org.spinel.experiments.spec.ExperimentException;
import org.spinel.experiments.spec.ExperimentReader;
import org.spinel.experiments.spec.TrainSpec;
import org.spinel.experiments.spec.ValidationError;
import org.spinel.networks.RandomStreams;
import org.spinel.networks.plasticity.WeightBounds;
import org.spinel.plasticity.ep.ConvergenceStatistics;
import org.spinel.plasticity.ep.EquilibriumModel;
import org.spinel.plasticity.ep.EquilibriumNetwork;
import org.spinel.plasticity.optim.LearningRateSchedule;
import org.spinel.plasticity.train.Evaluation;
import org.spinel.plasticity.train.MiniBatchTrainer;
import org.spinel.plasticity.train.WeightBlock;
import org.spinel.results.export.NpyWriter;
import org.spinel.results.plot.LearningPlots;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The {@code ep-train} protocol: equilibrium propagation ({@link EquilibriumModel}) on a layered relaxing rate
 * network ({@link EquilibriumNetwork}) trained by the generic {@link MiniBatchTrainer} on Fashion-MNIST or MNIST
 * (pixels / 255 as the clamped input; docs/experiment-format.md, "protocol ep-train").
 *
 * <p>The order of work, the checkpoints ({@code checkpoint.h5}, blocks by name, after every epoch), {@code --resume}
 * and the shared outputs are the {@code train} protocol's ({@link TrainRunner}, {@link TrainingState},
 * {@link TrainingImages}, {@link TrainOutputs}): each epoch shuffles the training images with the stream
 * {@code train/shuffle/<epoch>}, sets the model's step to the global batch number before each batch (so the
 * homeostasis probes of a resumed run are those of an uninterrupted one), and records per epoch, besides loss and
 * accuracies, the free-phase convergence of the training samples (phases, how many ended above the tolerance, mean
 * steps, mean and largest final residual), the nudged phases', the symmetry metric {@code s/(s + a)} of the
 * Jacobian {@code ∂F/∂ρ(u)} and the angle between the forward blocks and the transposed feedback blocks
 * ({@link EquilibriumNetwork#symmetry}, {@link EquilibriumNetwork#feedbackAngle}) and the mean homeostasis loss.
 * A relaxation that diverges (a non-finite loss or residual) stops the run with its epoch, batch and the last
 * finite residual ({@link TrainingDivergedException}), keeping the last checkpoint.
 *
 * <p>Outputs: {@code epochs.csv/npy} ({@link #HISTORY_COLUMNS}), {@code learning_curve}, {@code loss_curve},
 * {@code confusion.csv/npy/png/svg}, {@code symmetry.png/svg} (symmetry metric and, untied, the feedback angle per
 * epoch), {@code convergence.png/svg} (the fraction of free phases that did not converge, mean residual),
 * {@code weights_<block>.npy} and {@code weights.h5} ({@code /blocks/<name>}, [pre][post]), {@code checkpoint.h5},
 * {@code metrics.json}.
 */
final class EpTrainRunner {
    /** Caps applied by {@code --quick}: as the {@code train} protocol's. */
    static final int QUICK_TRAIN = TrainRunner.QUICK_TRAIN, QUICK_TEST = TrainRunner.QUICK_TEST,
            QUICK_VALIDATION = TrainRunner.QUICK_VALIDATION, QUICK_EPOCHS = TrainRunner.QUICK_EPOCHS;
    /** Columns of epochs.csv (and of the checkpoint's history): the {@code train} protocol's, then EP's own. */
    static final List<String> HISTORY_COLUMNS;

    static {
        List<String> c = new ArrayList<>(TrainRunner.HISTORY_COLUMNS);
        c.addAll(List.of("free_phases", "free_not_converged", "free_steps_mean", "free_residual_mean",
                "free_residual_max", "nudged_phases", "nudged_not_converged", "nudged_steps_mean", "symmetry",
                "feedback_angle", "homeostasis_loss"));
        HISTORY_COLUMNS = List.copyOf(c);
    }

    private EpTrainRunner() {
    }

    /** Pixels / 255 as float inputs, with labels. */
    private record Part(float[][] x, int[] labels) {
        static Part of(LabeledImages im) {
            if (im == null) {
                return null;
            }
            int n = im.size(), np = im.pixelsPerImage();
            float[][] x = new float[n][np];
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < np; p++) {
                    x[i][p] = im.pixel(i, p) / 255f;
                }
            }
            return new Part(x, im.labels().clone());
        }

        int size() {
            return labels.length;
        }
    }

    /** The spec shortened for {@code --quick}: 2 epochs, at most 128 validation images (512 / 256 images). */
    static EpTrainSpec quick(EpTrainSpec s) {
        TrainSpec.Dataset d = s.dataset();
        int vs = d.validationSize() > 0 ? Math.min(d.validationSize(), QUICK_VALIDATION) : 0;
        return s.with(new TrainSpec.Dataset(d.name(), d.directory(), d.trainSamples(), d.testSamples(),
                d.validationFraction(), vs), Math.min(s.epochs(), QUICK_EPOCHS));
    }

    static Outcome run(Experiment e, EpTrainSpec spec, RunContext options) throws IOException {
        long t0 = System.nanoTime();
        PrintStream log = options.log();
        int[] sizes = spec.sizes();
        String name = spec.dataset().name();
        TrainingImages images = TrainingImages.load(spec.dataset(), e.seed(), e.quick(), QUICK_TRAIN, QUICK_TEST,
                (trainAll, classes, problems) -> {
                    if (sizes[0] != trainAll.pixelsPerImage()) {
                        problems.add(new ValidationError("/protocol/network/sizes/0", Integer.toString(sizes[0]),
                                trainAll.pixelsPerImage() + ", the pixels per image of " + name + " ("
                                        + trainAll.rows() + " × " + trainAll.cols() + " in " + trainAll.source()
                                        + "): the input layer is the image"));
                    }
                    if (spec.classes() > 0 && spec.classes() != classes) {
                        problems.add(new ValidationError("/protocol/network/classes", Integer.toString(spec.classes()),
                                classes + ", the number of classes of " + name + " (or leave classes out)"));
                    }
                });
        for (var f : DatasetLocator.filesOf(name, spec.dataset().directory()).entrySet()) {
            options.dataset(f.getKey(), f.getValue());
        }
        long tc = System.nanoTime();
        Part train = Part.of(images.train()), validation = Part.of(images.validation()), test = Part.of(images.test());
        double convertS = (System.nanoTime() - tc) / 1e9;
        int classes = images.classes();
        ObjectNode network = spec.network().deepCopy();
        network.put("classes", classes);
        int n = train.size(), bs = spec.batchSize();
        int batches = spec.dropLast() ? n / bs : (n + bs - 1) / bs;
        if (batches == 0) {
            throw new ExperimentException(List.of(new ValidationError("/protocol/batchSize", Integer.toString(bs),
                    "at most the number of training images (" + n + (e.quick() ? " in --quick mode" : "")
                            + ") when dropLast is true, or \"dropLast\": false")));
        }
        Checkpoint resumed = options.resume() == null ? null
                : Checkpoint.read(Checkpoint.locate(options.resume()), HISTORY_COLUMNS);
        if (resumed != null) {
            TrainingState.checkResume(resumed, network, spec.optimizer().type(), e.resolved().path("protocol"),
                    e.quick(), log);
        }
        EquilibriumNetwork net = EquilibriumNetwork.create(sizes, classes, spec.activation(), spec.tied(),
                spec.angleDeg(), spec.initStd(), e.seed());
        EquilibriumModel model = new EquilibriumModel(net, spec.estimator(), spec.phases(), spec.homeostasis(),
                e.seed());
        LearningRateSchedule schedule = TrainRunner.schedule(spec.optimizer(), batches);
        try (MiniBatchTrainer<float[], EquilibriumModel.Workspace> trainer = new MiniBatchTrainer<>(model,
                TrainRunner.optimizer(spec.optimizer(), schedule), e.threads())) {
            pipelines(spec, trainer);
            trainer.clipByGlobalNorm(spec.optimizer().clipNorm()).clipByValue(spec.optimizer().clipValue());
            TrainingState st = new TrainingState(HISTORY_COLUMNS, spec.patience() > 0 && validation != null,
                    e.quick());
            st.resume(trainer, resumed, options.resume());
            // The working directory is reserved here, after validation: an input error writes nothing.
            Path work = options.directory();
            Path ckpt = work.resolve(Checkpoint.FILE);
            ObjectNode training = (ObjectNode) e.resolved().path("protocol").deepCopy();
            st.checkpoint(trainer, network, training).write(ckpt);
            options.keepOnFailure();
            log.printf("spinel: ep-train %s: %s %s network, %s, T1 = %d, T2 = %d, tolerance %s; %d training / %d "
                    + "validation / %d test images, %d batches of %d, %s%s; %s; checkpoints in %s%n", e.name(),
                    join(sizes), spec.tied() ? "tied" : "untied (angle " + spec.angleDeg() + "°)",
                    spec.estimator().describe(), spec.phases().freeSteps(), spec.phases().nudgedSteps(),
                    spec.phases().tolerance(), n, validation == null ? 0 : validation.size(), test.size(), batches,
                    bs, spec.optimizer().type(), resumed != null ? ", resumed after epoch " + resumed.epoch() : "",
                    EquilibriumModel.kernels(), work);
            return st.run("ep-train " + e.name(), work, ckpt, log, () -> {
                train(e, spec, train, validation, test, model, trainer, schedule, st, batches, network, training,
                        ckpt, options.progress(), log);
                return finish(e, spec, images, test, net, model, trainer, st, network, work, t0, convertS, options,
                        resumed);
            });
        }
    }

    /** {@code 784-256-256-10}. */
    static String join(int[] sizes) {
        StringBuilder b = new StringBuilder();
        for (int s : sizes) {
            b.append(b.length() == 0 ? "" : "-").append(s);
        }
        return b.toString();
    }

    /** Frozen blocks and the pipelines {@code bounds(projector(Δw))} of the blocks named in {@code /protocol/blocks}. */
    private static void pipelines(EpTrainSpec spec, MiniBatchTrainer<float[], EquilibriumModel.Workspace> trainer) {
        for (EpTrainSpec.Block b : spec.blocks()) {
            if (!b.learn()) {
                trainer.freeze(b.name());
            }
            WeightBounds wb = b.bounded() ? WeightBounds.hard(b.boundsLo(), b.boundsHi()) : null;
            if (wb == null && b.projector() == null) {
                continue;
            }
            try {
                trainer.pipeline(b.name(), b.projector(), wb);
            } catch (IllegalArgumentException ex) {
                throw new ExperimentException(List.of(new ValidationError("/protocol/blocks/" + b.name()
                        + "/projector", b.projector().describe(), "a projector that fits the block: "
                                + ex.getMessage())));
            }
            if (wb != null) {
                double[] w = trainer.blocks().get(trainer.blockIndex(b.name())).weights();
                for (int k = 0; k < w.length; k++) {
                    w[k] = wb.clip(k, w[k]);
                }
            }
        }
        trainer.model().weightsChanged();
    }

    private static void train(Experiment e, EpTrainSpec spec, Part tr, Part validation, Part test,
            EquilibriumModel model, MiniBatchTrainer<float[], EquilibriumModel.Workspace> trainer,
            LearningRateSchedule schedule, TrainingState st, int batches, ObjectNode network, ObjectNode training,
            Path ckpt, boolean progress, PrintStream log) throws IOException {
        int n = tr.size(), bs = spec.batchSize();
        float[][] full = new float[bs][];
        int[] fullLabels = new int[bs], predicted = new int[bs];
        int restSize = n - (batches - 1) * bs;
        float[][] rest = restSize < bs ? new float[restSize][] : full;
        int[] restLabels = restSize < bs ? new int[restSize] : fullLabels;
        int[] perm = new int[n];
        RandomStreams streams = new RandomStreams(e.seed());
        EquilibriumNetwork net = model.network();
        double lastFiniteResidual = Double.NaN;
        for (int epoch = st.epoch; epoch < spec.epochs() && !st.stopped; epoch++) {
            long te0 = System.nanoTime();
            TrainingState.shuffle(perm, streams, epoch);
            model.resetStatistics();
            double lossSum = 0;
            long correct = 0, seen = 0;
            double lr = schedule.rate((long) epoch * batches);
            ConvergenceStatistics before = model.statistics();
            try (ProgressBar pb = progress ? new ProgressBarBuilder().setTaskName(e.name() + " epoch " + (epoch + 1))
                    .setInitialMax(batches).setStyle(ProgressBarStyle.ASCII).setUnit(" batches", 1).build() : null) {
                for (int b = 0; b < batches; b++) {
                    int from = b * bs, size = Math.min(bs, n - from);
                    float[][] in = size == bs ? full : rest;
                    int[] labels = size == bs ? fullLabels : restLabels;
                    for (int k = 0; k < size; k++) {
                        in[k] = tr.x()[perm[from + k]];
                        labels[k] = tr.labels()[perm[from + k]];
                    }
                    model.setStep((long) epoch * batches + b);
                    double loss = trainer.trainBatch(in, labels, predicted);
                    ConvergenceStatistics now = model.statistics();
                    double residual = batchResidual(before, now);
                    if (!Double.isFinite(loss) || !Double.isFinite(residual)) {
                        throw new TrainingDivergedException(epoch + 1, b + 1, "free-phase residual ‖F(u)‖ (mean "
                                + "over the batch)", residual, "loss " + loss, lastFiniteResidual, ckpt, st.epoch);
                    }
                    lastFiniteResidual = residual;
                    before = now;
                    lossSum += loss * size;
                    seen += size;
                    for (int k = 0; k < size; k++) {
                        if (predicted[k] == labels[k]) {
                            correct++;
                        }
                    }
                    if (pb != null) {
                        pb.step();
                    }
                }
            }
            double trainS = (System.nanoTime() - te0) / 1e9;
            ConvergenceStatistics c = model.statistics();
            Evaluation val = validation == null ? null : trainer.evaluate(validation.x(), validation.labels(), null);
            Evaluation te = trainer.evaluate(test.x(), test.labels(), null);
            double epochS = (System.nanoTime() - te0) / 1e9;
            st.epoch = epoch + 1;
            double[] row = {epoch + 1, lossSum / seen, correct / (double) seen, val == null ? Double.NaN
                    : val.accuracy(), val == null ? Double.NaN : val.meanLoss(), te.accuracy(), te.meanLoss(), lr,
                    trainS, epochS, c.freePhases(), c.freeNotConverged(), c.freeSteps() / (double) c.freePhases(),
                    c.meanFreeResidual(), c.maxFreeResidual(), c.nudgedPhases(), c.nudgedNotConverged(),
                    c.nudgedPhases() == 0 ? Double.NaN : c.nudgedSteps() / (double) c.nudgedPhases(),
                    net.symmetry(null), net.feedbackAngle(), spec.homeostasis().active() ? c.meanHomeostasisLoss()
                            : Double.NaN};
            st.record(row);
            if (st.tracksBest) {
                st.validated(epoch + 1, val.accuracy(), spec.patience(), trainer);
            }
            double notConverged = c.freeNotConverged() / (double) c.freePhases();
            boolean tooMany = spec.stopOnNonConvergence() && notConverged > spec.maxNonConverged();
            if (tooMany) {
                st.stopped = true;
            }
            st.checkpoint(trainer, network, training).write(ckpt);
            log.printf("spinel: ep-train %s epoch %d/%d: loss %.4f, train %.4f, %stest %.4f; free phases: %d of %d "
                    + "not converged, mean residual %.3g, %.1f steps; symmetry %.4f%s; %.2f s (training %.2f s)%s%n",
                    e.name(), epoch + 1, spec.epochs(), row[1], row[2], val == null ? ""
                            : String.format("validation %.4f, ", val.accuracy()), te.accuracy(), c.freeNotConverged(),
                    c.freePhases(), c.meanFreeResidual(), row[12], row[18], spec.tied() ? ""
                            : String.format(", angle %.2f°", row[19]), epochS, trainS,
                    tooMany ? String.format("; stopped: %.4f of the free phases did not converge (nonConvergence "
                            + "maxFraction %s)", notConverged, spec.maxNonConverged())
                            : st.stopped ? "; early stop: no better validation accuracy for " + spec.patience()
                                    + " epochs" : "");
        }
    }

    /** The mean final free-phase residual of the batch run between two statistics snapshots. */
    private static double batchResidual(ConvergenceStatistics before, ConvergenceStatistics now) {
        long phases = now.freePhases() - before.freePhases();
        double sum = now.meanFreeResidual() * now.freePhases() - before.meanFreeResidual() * before.freePhases();
        return phases == 0 ? 0 : sum / phases;
    }

    private static Outcome finish(Experiment e, EpTrainSpec spec, TrainingImages images, Part test,
            EquilibriumNetwork net, EquilibriumModel model, MiniBatchTrainer<float[], EquilibriumModel.Workspace> trainer,
            TrainingState st, ObjectNode network, Path work, long t0, double convertS, RunContext options,
            Checkpoint resumed) throws IOException {
        st.restoreBest(trainer);
        model.resetStatistics();
        Evaluation te = trainer.evaluate(test.x(), test.labels(), null);
        ConvergenceStatistics testStats = model.statistics();
        Map<String, double[]> hist = st.historyArrays();
        Experiment.Outputs out = e.outputs();
        List<String> classNames = spec.dataset().name().equals("fashion-mnist") ? FashionMnist.CLASS_NAMES : null;
        TrainOutputs.history(work, out, hist, HISTORY_COLUMNS);
        long[][] confusion = TrainOutputs.confusion(test.labels(), te.predicted(), images.classes());
        TrainOutputs.confusion(work, out, confusion);
        List<WeightBlock> blocks = trainer.blocks();
        if (out.npy()) {
            for (WeightBlock b : blocks) {
                NpyWriter.write(work.resolve("weights_" + b.name() + ".npy"), Checkpoint.matrix(b.weights(),
                        b.post()));
            }
        }
        if (out.hdf5()) {
            try (WritableHdfFile h = HdfFile.write(work.resolve("weights.h5"))) {
                h.putAttribute("network", network.toString());
                WritableGroup g = h.putGroup("blocks");
                for (WeightBlock b : blocks) {
                    g.putDataset(b.name(), Checkpoint.matrix(b.weights(), b.post()));
                }
            }
        }
        if (out.plots()) {
            TrainOutputs.curves(work, hist, te.accuracy(), confusion, classNames);
            double[] ep = hist.get("epoch");
            Map<String, double[]> sym = new LinkedHashMap<>();
            sym.put("s/(s+a) of dF/d rho(u)", hist.get("symmetry"));
            LearningPlots.curves(work.resolve("symmetry"), "Symmetry of the Jacobian per epoch", "s/(s+a)", ep, sym);
            if (!spec.tied()) {
                LearningPlots.curves(work.resolve("feedback_angle"), "Angle between forward and transposed feedback "
                        + "weights", "degrees", ep, Map.of("angle(W, B^T)", hist.get("feedback_angle")));
            }
            double[] frac = new double[ep.length];
            for (int i = 0; i < ep.length; i++) {
                frac[i] = hist.get("free_not_converged")[i] / hist.get("free_phases")[i];
            }
            Map<String, double[]> conv = new LinkedHashMap<>();
            conv.put("free phases above the tolerance (fraction)", frac);
            conv.put("mean final free residual", hist.get("free_residual_mean"));
            LearningPlots.curves(work.resolve("convergence"), "Free-phase convergence of the training samples",
                    "fraction / residual", ep, conv);
        }
        ObjectNode m = metrics(e, spec, images, st, te, hist, testStats, net, resumed, options);
        m.put("convert_s", convertS);
        m.put("wall_s", (System.nanoTime() - t0) / 1e9);
        return new Outcome(m, new Outcome.Execution("java", "the ep-train protocol relaxes the rate network on the "
                + "CPU trainer", "CPU (MiniBatchTrainer, " + e.threads() + " threads; " + EquilibriumModel.kernels()
                        + ")"));
    }

    private static ObjectNode metrics(Experiment e, EpTrainSpec spec, TrainingImages images, TrainingState st,
            Evaluation te, Map<String, double[]> hist, ConvergenceStatistics testStats, EquilibriumNetwork net,
            Checkpoint resumed, RunContext options) {
        ObjectNode m = ExperimentReader.MAPPER.createObjectNode();
        st.putMetrics(m, hist, images.validation() != null, te.accuracy(), te.meanLoss());
        int last = hist.get("epoch").length - 1;
        boolean byConvergence = last >= 0 && spec.stopOnNonConvergence() && hist.get("free_not_converged")[last]
                / hist.get("free_phases")[last] > spec.maxNonConverged();
        m.put("stopped_by", !st.stopped ? "none" : byConvergence ? "non-convergence" : "early-stopping");
        if (last >= 0) {
            m.put("final_train_accuracy", hist.get("train_accuracy")[last]);
            m.put("final_train_free_not_converged_fraction", hist.get("free_not_converged")[last]
                    / hist.get("free_phases")[last]);
            m.put("final_train_free_residual_mean", hist.get("free_residual_mean")[last]);
            m.put("final_train_free_steps_mean", hist.get("free_steps_mean")[last]);
            double free = 0, seconds = 0;
            for (int i = 0; i <= last; i++) {
                free += hist.get("free_phases")[i] * hist.get("free_steps_mean")[i];
                seconds += hist.get("train_s")[i];
            }
            m.put("free_phase_steps_per_s", free / seconds);
            if (spec.homeostasis().active()) {
                m.put("final_homeostasis_loss", hist.get("homeostasis_loss")[last]);
            }
        }
        m.put("symmetry", net.symmetry(null));
        m.put("feedback_angle", net.feedbackAngle());
        m.put("test_free_not_converged", testStats.freeNotConverged());
        m.put("test_free_residual_mean", testStats.meanFreeResidual());
        m.put("test_free_residual_max", testStats.maxFreeResidual());
        m.put("test_free_steps_mean", testStats.freePhases() == 0 ? 0
                : testStats.freeSteps() / (double) testStats.freePhases());
        long params = 0;
        for (WeightBlock b : net.blocks()) {
            params += b.size();
        }
        m.put("parameters", params);
        m.put("estimator", spec.estimator().describe());
        m.put("estimator_kind", spec.estimator().kind().id());
        m.put("beta", spec.estimator().beta());
        m.put("nudges", spec.estimator().nudges());
        m.put("homeostasis_lambda", spec.homeostasis().lambda());
        m.put("tied", spec.tied());
        m.put("train_samples", images.train().size());
        m.put("validation_samples", images.validation() == null ? 0 : images.validation().size());
        m.put("test_samples", images.test().size());
        m.put("threads", e.threads());
        m.put("load_s", images.loadS());
        m.put("quick", e.quick());
        if (resumed != null) {
            m.put("resumed_from", options.resume().toString());
            m.put("resumed_after_epoch", resumed.epoch());
        }
        return m;
    }
}
