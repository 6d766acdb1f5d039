package org.spinel.experiments.lsm;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

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
import org.spinel.experiments.spec.LsmClassificationSpec;
import org.spinel.experiments.spec.ValidationError;
import org.spinel.networks.Network;
import org.spinel.networks.NeuronGroup;
import org.spinel.networks.RandomStreams;
import org.spinel.networks.engine.Backend;
import org.spinel.networks.engine.Backends;
import org.spinel.networks.engine.Simulation;
import org.spinel.networks.engine.SimulationOptions;
import org.spinel.results.export.NpyWriter;
import org.spinel.results.plot.ScanPlots;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code lsm-classification} protocol (NALSM, Ivanov &amp; Michmizos 2021; nalsm.md "Protocol"):
 * <ol>
 * <li><b>Initialisation</b> (unsupervised): random training images, each presented for
 * {@code initialization.presentation} (20 ms) with plasticity on; all state is reset between presentations, the
 * weights are carried over. The result is the organised weights W_INI. The branching factor of the liquid is
 * measured at {@code initialization.checkpoints} points of the phase and at its end (each measurement: the first
 * {@code branching.samples} validation images, run as in the feature phase from the weights of that moment).</li>
 * <li><b>Features</b>: every training, validation and test image runs for the experiment's {@code duration} (250 ms)
 * from W_INI, with the projections' plasticity on and every astrocyte's decay set to {@code features.astrocyteDecay}
 * (0.99 per ms, restored at each sample by the reset); the feature is the spike count of each liquid neuron. Samples
 * run in parallel on {@code threads} independent liquids ({@link LiquidWorker}); each sample's input code comes from
 * its own random stream, so the features do not depend on the number of threads.</li>
 * <li><b>Readout</b>: counts normalised by their L1 norm, then by the largest value over the training rows, and a
 * {@link SoftmaxReadout} trained with early stopping on the validation accuracy; the reported accuracy is the test
 * accuracy at the best validation epoch.</li>
 * </ol>
 * Writes {@code metrics.json}, {@code epochs.csv}, {@code confusion.csv}/{@code .npy}, {@code branching.csv},
 * {@code weights.csv} (per projection, before and after initialisation; with NPY output also
 * {@code weights_<projection>_before|after.npy}), plots ({@code accuracy.png}, {@code branching.png},
 * {@code confusion.png}, {@code weights.png}: weight histograms before and after) and {@code manifest.json},
 * atomically.
 */
public final class LsmClassificationRunner {
    /** Bins of the weight histogram. */
    private static final int WEIGHT_BINS = 60;

    private LsmClassificationRunner() {
    }

    /**
     * Runs {@code e} (protocol lsm-classification) with {@code spec} (shortened in quick mode) into the run's
     * directory.
     */
    static Outcome run(Experiment e, LsmClassificationSpec spec, RunContext options) throws IOException {
        long t0 = System.nanoTime();
        PrintStream log = options.log();
        LabeledImages[] splits = loadSplits(spec);
        for (var f : DatasetLocator.filesOf(spec.dataset().name(), spec.dataset().directory()).entrySet()) {
            options.dataset(f.getKey(), f.getValue());
        }
        LabeledImages train = splits[0], validation = splits[1], test = splits[2];
        Network initNet = e.network();
        Network featureNet = featureExperiment(e, spec).network();
        if (train.pixelsPerImage() != initNet.sizeOf(spec.input())) {
            throw new ExperimentException(List.of(new ValidationError("/protocol/input", "source \"" + spec.input()
                    + "\" of " + initNet.sizeOf(spec.input()) + " units", "one unit per pixel: "
                    + train.pixelsPerImage() + " (" + train.rows() + " × " + train.cols() + " images)")));
        }
        int maxLabel = Math.max(train.classCount(), Math.max(validation.classCount(), test.classCount()));
        int classes = Math.max(2, maxLabel);
        Backends.Selection selection = Backends.select(e.backend(), featureNet);
        Backend backend = selection.backend();
        if (e.backend().equals("auto") && log != null) {
            log.println("spinel: backend " + backend.name() + " (" + selection.reason() + ")");
        }
        BernoulliEncoder encoder = BernoulliEncoder.nalsm(train);
        String[] liquid = spec.liquid().toArray(String[]::new);
        NeuronGroup group = new NeuronGroup(featureNet, liquid);
        int n = group.size();
        long featureSteps = Math.max(1, Math.round(e.durationMs() / e.dt()));
        long initSteps = Math.max(1, Math.round(spec.initialization().presentationMs() / e.dt()));
        RandomStreams streams = new RandomStreams(e.seed());
        int threads = e.threads();
        long t1 = System.nanoTime();

        // ---------------------------------------------------------------- 1. initialisation
        List<LiquidWorker> workers = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            workers.add(new LiquidWorker(backend, featureNet, spec.input(), liquid, group, featureSteps));
        }
        Map<String, float[]> initial = new LinkedHashMap<>();
        for (String p : initNet.projections().keySet()) {
            initial.put(p, initNet.graph(p).weights());
        }
        int samples = spec.initialization().samples();
        int checkpoints = samples == 0 ? 0 : spec.initialization().checkpoints();
        List<long[]> bfAt = new ArrayList<>();
        List<Double> bfValue = new ArrayList<>();
        Map<String, float[]> organised;
        double initWall;
        try (Simulation sim = backend.compile(initNet, SimulationOptions.threads(threads))) {
            float[] probs = new float[initNet.sizeOf(spec.input())];
            LiquidWorker.BernoulliFeed feed = new LiquidWorker.BernoulliFeed(probs);
            UniformRandomProvider order = streams.stream("lsm/initialization/order");
            int next = 0;
            long ti = System.nanoTime();
            double probeNanos = 0;
            for (int k = 0; k <= samples; k++) {
                boolean due = false;
                while (next <= checkpoints && (long) next * samples / Math.max(1, checkpoints) <= k) {
                    due = true;
                    next++;
                }
                if (due) {
                    long tp = System.nanoTime();
                    Map<String, float[]> now = weights(sim, initNet);
                    double sigma = branching(workers, now, validation, encoder, streams, spec.branching().samples());
                    bfAt.add(new long[] {k});
                    bfValue.add(sigma);
                    probeNanos += System.nanoTime() - tp;
                    if (log != null && samples > 0) {
                        log.printf("spinel: %s initialisation %d/%d, branching factor %.3f%n", e.name(), k, samples, sigma);
                    }
                }
                if (k == samples) {
                    break;
                }
                int idx = order.nextInt(train.size());
                sim.reset();
                encoder.probabilities(train, idx, probs);
                feed.rng = streams.stream("lsm/input/initialization/" + k);
                sim.feed(spec.input(), feed);
                sim.runSteps(initSteps);
            }
            initWall = (System.nanoTime() - ti - probeNanos) / 1e9;
            organised = weights(sim, initNet);
        }
        long t2 = System.nanoTime();

        // ---------------------------------------------------------------- 2. features
        int bfSamples = spec.branching().samples();
        float[] xTrain = new float[Math.multiplyExact(train.size(), n)];
        float[] xVal = new float[Math.multiplyExact(validation.size(), n)];
        float[] xTest = new float[Math.multiplyExact(test.size(), n)];
        double[] bfTest = new double[Math.min(bfSamples, test.size())];
        features(workers, organised, train, "train", encoder, streams, xTrain, null, log, e.name());
        features(workers, organised, validation, "validation", encoder, streams, xVal, null, log, e.name());
        features(workers, organised, test, "test", encoder, streams, xTest, bfTest, log, e.name());
        for (LiquidWorker w : workers) {
            w.close();
        }
        long t3 = System.nanoTime();
        int featureSamples = train.size() + validation.size() + test.size();
        double totalSpikes = 0;
        for (float[] x : new float[][] {xTrain, xVal, xTest}) {
            for (float v : x) {
                totalSpikes += v;
            }
        }

        // ---------------------------------------------------------------- 3. readout
        float scale = SoftmaxReadout.l1Normalise(xTrain, n);
        SoftmaxReadout.l1Normalise(xVal, n);
        SoftmaxReadout.l1Normalise(xTest, n);
        SoftmaxReadout.scale(xTrain, scale);
        SoftmaxReadout.scale(xVal, scale);
        SoftmaxReadout.scale(xTest, scale);
        SoftmaxReadout readout = new SoftmaxReadout(n, classes);
        LsmClassificationSpec.Readout rc = spec.readout();
        SoftmaxReadout.Training tr = readout.train(new SoftmaxReadout.Data(xTrain, train.labels()),
                new SoftmaxReadout.Data(xVal, validation.labels()), new SoftmaxReadout.Data(xTest, test.labels()),
                new SoftmaxReadout.Config(rc.epochs(), rc.batchSize(), rc.learningRate(), rc.l2(), rc.patience()),
                streams.stream("lsm/readout/shuffle"));
        long t4 = System.nanoTime();

        // ---------------------------------------------------------------- metrics and files
        ObjectNode metrics = ExperimentReader.MAPPER.createObjectNode();
        metrics.put("test_accuracy", tr.testAccuracyAtBest());
        metrics.put("validation_accuracy", tr.bestValidationAccuracy());
        ObjectNode ds = metrics.putObject("dataset");
        ds.put("name", spec.dataset().name());
        ds.put("source", train.source());
        ds.put("train", train.size());
        ds.put("validation", validation.size());
        ds.put("test", test.size());
        ds.put("classes", classes);
        metrics.put("neurons", featureNet.neuronCount());
        metrics.put("liquid_neurons", n);
        metrics.put("synapses", featureNet.synapseCount());
        metrics.put("liquid_synapses", group.internalPre().length);
        metrics.put("spikes", Math.round(totalSpikes)); // liquid spikes of the feature phase (what a sweep lists)
        ObjectNode mi = metrics.putObject("initialization");
        mi.put("samples", samples);
        mi.put("presentation_ms", spec.initialization().presentationMs());
        mi.put("wall_s", initWall);
        mi.put("threads", threads);
        ObjectNode mf = metrics.putObject("features");
        mf.put("samples", featureSamples);
        mf.put("presentation_ms", featureSteps * e.dt());
        mf.put("plasticity", spec.features().plasticity());
        mf.put("astrocyte_decay", spec.features().astrocyteDecay());
        mf.put("threads", threads);
        mf.put("wall_s", (t3 - t2) / 1e9);
        mf.put("s_per_1000_samples", (t3 - t2) / 1e9 / featureSamples * 1000);
        mf.put("mean_liquid_rate_hz", totalSpikes / featureSamples / n / (featureSteps * e.dt() / 1000));
        ObjectNode mr = metrics.putObject("readout");
        mr.put("epochs_run", tr.epochs());
        mr.put("best_epoch", tr.bestEpoch());
        mr.put("train_accuracy", tr.trainAccuracy()[tr.bestEpoch() - 1]);
        mr.put("validation_accuracy", tr.bestValidationAccuracy());
        mr.put("test_accuracy", tr.testAccuracyAtBest());
        mr.put("feature_scale", scale);
        mr.put("wall_s", (t4 - t3) / 1e9);
        ObjectNode mb = metrics.putObject("branching_factor");
        mb.put("samples_per_measurement", bfSamples);
        putNumber(mb, "initial", bfValue.get(0));
        putNumber(mb, "after_initialization", bfValue.get(bfValue.size() - 1));
        putNumber(mb, "features_test", mean(bfTest));
        var over = mb.putArray("during_initialization");
        for (int k = 0; k < bfValue.size(); k++) {
            ObjectNode o = over.addObject();
            o.put("sample", bfAt.get(k)[0]);
            putNumber(o, "sigma", bfValue.get(k));
        }
        metrics.put("build_s", (t1 - t0) / 1e9);
        metrics.put("run_s", (t4 - t1) / 1e9);
        if (log != null) {
            log.printf("spinel: %s: test accuracy %.4f at epoch %d (validation %.4f); branching factor %.3f -> %.3f; "
                    + "features %.1f s per 1000 samples on %d threads%n", e.name(), tr.testAccuracyAtBest(),
                    tr.bestEpoch(), tr.bestValidationAccuracy(), bfValue.get(0), bfValue.get(bfValue.size() - 1),
                    mf.get("s_per_1000_samples").asDouble(), threads);
        }
        Path tmp = options.directory();
        writeTables(tmp, tr, bfAt, bfValue, initial, organised, initNet, e.outputs().npy());
        if (e.outputs().plots()) {
            writePlots(tmp, tr, bfAt, bfValue, classes);
            writeWeightHistogram(tmp, initial, organised, initNet);
        }
        return new Outcome(metrics, new Outcome.Execution(backend.name(), selection.reason(),
                backend.name().equals("java") ? "CPU (Java reference backend, " + threads + " liquids in parallel)"
                        : backend.availability().reason()));
    }

    /** The experiment of the feature phase: astrocytes decaying at {@code features.astrocyteDecay}, or no plasticity. */
    static Experiment featureExperiment(Experiment e, LsmClassificationSpec spec) {
        ObjectNode doc = e.resolved().deepCopy();
        doc.remove("sweep");
        for (JsonNode pr : doc.path("projections")) {
            if (!pr.has("plasticity")) {
                continue;
            }
            if (!spec.features().plasticity()) {
                ((ObjectNode) pr).remove("plasticity");
                continue;
            }
            for (JsonNode m : pr.path("plasticity").path("modulators")) {
                if ("astrocyte".equals(m.path("type").asText())) {
                    ((ObjectNode) m).put("decay", spec.features().astrocyteDecay());
                }
            }
        }
        return ExperimentReader.read(doc, Map.of());
    }

    /** The training, validation and test images of the spec, with errors that name the field to change. */
    static LabeledImages[] loadSplits(LsmClassificationSpec spec) throws IOException {
        LsmClassificationSpec.Dataset d = spec.dataset();
        LabeledImages all = d.name().equals("mnist") ? Mnist.load(d.directory(), DatasetPart.TRAIN)
                : FashionMnist.load(d.directory(), DatasetPart.TRAIN);
        LabeledImages testAll = d.name().equals("mnist") ? Mnist.load(d.directory(), DatasetPart.TEST)
                : FashionMnist.load(d.directory(), DatasetPart.TEST);
        if ((long) d.train() + d.validation() > all.size()) {
            throw new ExperimentException(List.of(new ValidationError("/protocol/dataset/train", d.train()
                    + " training + " + d.validation() + " validation samples", "at most " + all.size()
                    + " together (the images of " + all.source() + ")")));
        }
        if (d.test() > testAll.size()) {
            throw new ExperimentException(List.of(new ValidationError("/protocol/dataset/test", d.test() + " test samples",
                    "at most " + testAll.size() + " (the images of " + testAll.source() + ")")));
        }
        return new LabeledImages[] {all.slice(0, d.train()), all.slice(d.train(), d.validation()),
                testAll.slice(0, d.test())};
    }

    private static Map<String, float[]> weights(Simulation sim, Network net) {
        Map<String, float[]> w = new LinkedHashMap<>();
        for (String p : net.projections().keySet()) {
            w.put(p, sim.weights(p));
        }
        return w;
    }

    /** Mean branching factor of the first {@code count} images of {@code images} run from {@code weights}. */
    private static double branching(List<LiquidWorker> workers, Map<String, float[]> weights, LabeledImages images,
            BernoulliEncoder encoder, RandomStreams streams, int count) {
        double[] sigma = new double[count];
        parallel(workers, count, (w, i) -> {
            float[] c = new float[w.liquidSize()];
            sigma[i] = w.present(weights, images, i, encoder, streams.stream("lsm/input/branching/" + i), c, 0, true);
        });
        return mean(sigma);
    }

    /** Spike-count features of every image of {@code images} into {@code x}; σ of the first {@code bf.length}. */
    /**
     * Features of every image of one split; logs progress (samples done, time per 1000, time left) about ten times
     * per split when {@code log} is not null.
     */
    private static void features(List<LiquidWorker> workers, Map<String, float[]> weights, LabeledImages images,
            String split, BernoulliEncoder encoder, RandomStreams streams, float[] x, double[] bf, PrintStream log,
            String name) {
        int count = images.size();
        int every = Math.max(1, (count + 9) / 10);
        AtomicInteger done = new AtomicInteger();
        long t0 = System.nanoTime();
        parallel(workers, count, (w, i) -> {
            boolean b = bf != null && i < bf.length;
            double s = w.present(weights, images, i, encoder, streams.stream("lsm/input/" + split + "/" + i), x, i, b);
            if (b) {
                bf[i] = s;
            }
            int d = done.incrementAndGet();
            if (log != null && (d % every == 0 || d == count)) {
                double sec = (System.nanoTime() - t0) / 1e9;
                log.printf("spinel: %s features %s %d/%d (%.1f s per 1000 samples, %.0f s left)%n", name, split, d,
                        count, sec / d * 1000, sec / d * (count - d));
            }
        });
    }

    private interface Task {
        void run(LiquidWorker w, int index);
    }

    /** Runs {@code task} for indices 0..count−1 on one thread per worker (indices handed out in order). */
    private static void parallel(List<LiquidWorker> workers, int count, Task task) {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable body = null;
        List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < workers.size(); k++) {
            LiquidWorker w = workers.get(k);
            Runnable r = () -> {
                try {
                    for (int i = next.getAndIncrement(); i < count && failure.get() == null; i = next.getAndIncrement()) {
                        task.run(w, i);
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            };
            if (k == 0) {
                body = r;
            } else {
                Thread t = new Thread(r, "lsm-liquid-" + k);
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
        }
        body.run();
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", ex);
            }
        }
        Throwable f = failure.get();
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error er) {
            throw er;
        }
        if (f != null) {
            throw new IllegalStateException(f);
        }
    }

    private static double mean(double[] v) {
        double s = 0;
        int n = 0;
        for (double x : v) {
            if (Double.isFinite(x)) {
                s += x;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    private static void putNumber(ObjectNode o, String field, double v) {
        if (Double.isFinite(v)) {
            o.put(field, v);
        } else {
            o.putNull(field);
        }
    }

    private static List<String> writeTables(Path dir, SoftmaxReadout.Training tr, List<long[]> bfAt,
            List<Double> bfValue, Map<String, float[]> before, Map<String, float[]> after, Network net, boolean npy)
            throws IOException {
        List<String> files = new ArrayList<>();
        StringBuilder sb = new StringBuilder("epoch,train_loss,train_accuracy,validation_accuracy,test_accuracy\n");
        for (int k = 0; k < tr.epochs(); k++) {
            sb.append(k + 1).append(',').append(tr.trainLoss()[k]).append(',').append(tr.trainAccuracy()[k]).append(',')
                    .append(tr.validationAccuracy()[k]).append(',').append(tr.testAccuracy()[k]).append('\n');
        }
        Files.writeString(dir.resolve("epochs.csv"), sb, StandardCharsets.UTF_8);
        files.add("epochs.csv");
        int[][] cm = tr.confusion();
        sb = new StringBuilder("true\\predicted");
        for (int c = 0; c < cm.length; c++) {
            sb.append(',').append(c);
        }
        sb.append('\n');
        double[][] cmd = new double[cm.length][cm.length];
        for (int r = 0; r < cm.length; r++) {
            sb.append(r);
            for (int c = 0; c < cm.length; c++) {
                sb.append(',').append(cm[r][c]);
                cmd[r][c] = cm[r][c];
            }
            sb.append('\n');
        }
        Files.writeString(dir.resolve("confusion.csv"), sb, StandardCharsets.UTF_8);
        files.add("confusion.csv");
        if (npy) {
            NpyWriter.write(dir.resolve("confusion.npy"), cmd);
            files.add("confusion.npy");
        }
        sb = new StringBuilder("initialization_sample,branching_factor\n");
        for (int k = 0; k < bfValue.size(); k++) {
            sb.append(bfAt.get(k)[0]).append(',').append(Double.isFinite(bfValue.get(k)) ? bfValue.get(k).toString() : "")
                    .append('\n');
        }
        Files.writeString(dir.resolve("branching.csv"), sb, StandardCharsets.UTF_8);
        files.add("branching.csv");
        sb = new StringBuilder("projection,synapses,mean_before,mean_after,mean_abs_before,mean_abs_after,"
                + "mean_abs_change\n");
        for (String p : net.projections().keySet()) {
            float[] a = before.get(p), b = after.get(p);
            double ma = 0, mb = 0, aa = 0, ab = 0, ch = 0;
            for (int s = 0; s < a.length; s++) {
                ma += a[s];
                mb += b[s];
                aa += Math.abs(a[s]);
                ab += Math.abs(b[s]);
                ch += Math.abs(b[s] - a[s]);
            }
            int m = Math.max(1, a.length);
            sb.append(p).append(',').append(a.length).append(',').append(ma / m).append(',').append(mb / m).append(',')
                    .append(aa / m).append(',').append(ab / m).append(',').append(ch / m).append('\n');
        }
        Files.writeString(dir.resolve("weights.csv"), sb, StandardCharsets.UTF_8);
        files.add("weights.csv");
        if (npy) {
            for (String p : net.projections().keySet()) {
                for (var phase : List.of(Map.entry("before", before), Map.entry("after", after))) {
                    float[] w = phase.getValue().get(p);
                    double[] d = new double[w.length];
                    for (int s = 0; s < w.length; s++) {
                        d[s] = w[s];
                    }
                    String f = "weights_" + p + "_" + phase.getKey() + ".npy";
                    NpyWriter.write(dir.resolve(f), d);
                    files.add(f);
                }
            }
        }
        return files;
    }

    /**
     * Histograms of every plastic synapse's weight before and after the initialisation phase (bins of
     * {@link #WEIGHT_BINS} over the range of both), one curve per phase ({@code weights.png}).
     */
    private static List<String> writeWeightHistogram(Path dir, Map<String, float[]> allBefore,
            Map<String, float[]> allAfter, Network net) throws IOException {
        Map<String, float[]> before = new LinkedHashMap<>(), after = new LinkedHashMap<>();
        for (var p : net.projections().entrySet()) {
            if (p.getValue().plasticity() != null) {
                before.put(p.getKey(), allBefore.get(p.getKey()));
                after.put(p.getKey(), allAfter.get(p.getKey()));
            }
        }
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (Map<String, float[]> m : List.of(before, after)) {
            for (float[] w : m.values()) {
                for (float v : w) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        double width = (hi - lo) / WEIGHT_BINS;
        double[] centre = new double[WEIGHT_BINS];
        for (int b = 0; b < WEIGHT_BINS; b++) {
            centre[b] = lo + (b + 0.5) * width;
        }
        // One curve per projection after the phase (fractions of its own synapses, so that the small inhibitory
        // projections show beside the input ones), and all plastic synapses before it.
        Map<String, double[]> series = new LinkedHashMap<>();
        List<Map.Entry<String, List<float[]>>> curves = new ArrayList<>();
        curves.add(Map.entry("all, before", new ArrayList<>(before.values())));
        after.forEach((name, w) -> curves.add(Map.entry(name + ", after", List.of(w))));
        for (var curve : curves) {
            double[] fraction = new double[WEIGHT_BINS];
            long total = 0;
            for (float[] w : curve.getValue()) {
                for (float v : w) {
                    fraction[Math.min(WEIGHT_BINS - 1, (int) ((v - lo) / width))]++;
                }
                total += w.length;
            }
            for (int b = 0; b < WEIGHT_BINS; b++) {
                fraction[b] /= Math.max(1, total);
            }
            series.put(curve.getKey(), fraction);
        }
        ScanPlots.histograms(dir.resolve("weights.png"), "Plastic synaptic weights before and after the "
                + "initialisation phase (" + WEIGHT_BINS + " bins)", "weight", centre, series);
        return List.of("weights.png");
    }

    private static List<String> writePlots(Path dir, SoftmaxReadout.Training tr, List<long[]> bfAt, List<Double> bfValue,
            int classes) throws IOException {
        List<String> files = new ArrayList<>();
        double[] epochs = new double[tr.epochs()];
        for (int k = 0; k < epochs.length; k++) {
            epochs[k] = k + 1;
        }
        Map<String, double[]> acc = new LinkedHashMap<>();
        acc.put("train", tr.trainAccuracy());
        acc.put("validation", tr.validationAccuracy());
        acc.put("test", tr.testAccuracy());
        ScanPlots.curves(dir.resolve("accuracy.png"), "Readout accuracy per epoch (best validation epoch "
                + tr.bestEpoch() + ")", "epoch", "accuracy", epochs, acc);
        files.add("accuracy.png");
        double[] at = new double[bfValue.size()], sigma = new double[bfValue.size()];
        for (int k = 0; k < at.length; k++) {
            at[k] = bfAt.get(k)[0];
            sigma[k] = bfValue.get(k);
        }
        ScanPlots.curves(dir.resolve("branching.png"), "Branching factor over the initialisation phase",
                "initialisation samples", "branching factor", at, Map.of("sigma", sigma));
        files.add("branching.png");
        double[] cls = new double[classes];
        for (int c = 0; c < classes; c++) {
            cls[c] = c;
        }
        double[][] z = new double[classes][classes];
        int[][] cm = tr.confusion();
        for (int p = 0; p < classes; p++) {
            for (int t = 0; t < classes; t++) {
                z[p][t] = cm[t][p]; // x = predicted, y = true
            }
        }
        ScanPlots.heatMap(dir.resolve("confusion.png"), "Test confusion matrix at the best validation epoch",
                "predicted class", cls, "true class", cls, z);
        files.add("confusion.png");
        return files;
    }
}
