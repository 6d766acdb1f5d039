package org.spinel.experiments.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.spinel.experiments.spec.Experiment;
import org.spinel.experiments.spec.TrainSpec;
import org.spinel.plasticity.sg.BatchTrainer;
import org.spinel.results.export.NpyWriter;
import org.spinel.results.plot.LearningPlots;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;

/** Writes the result files of a training run (see {@link TrainRunner}); returns their names. */
final class TrainOutputs {
    private TrainOutputs() {
    }

    static List<String> write(Path dir, Experiment.Outputs out, Map<String, double[]> history,
            BatchTrainer.Evaluation test, EncodedSet testSet, int classes, double[][][] weights, ObjectNode network,
            TrainSpec spec, List<String> classNames) throws IOException {
        List<String> files = new ArrayList<>(history(dir, out, history, TrainRunner.HISTORY_COLUMNS));
        int[] truth = new int[testSet.size()];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = testSet.label(i);
        }
        long[][] confusion = confusion(truth, test.predicted(), classes);
        files.addAll(confusion(dir, out, confusion));
        // trained weights
        if (out.npy()) {
            for (int l = 0; l < weights.length; l++) {
                int size = spec.layers().get(l).config().size();
                NpyWriter.write(dir.resolve("weights_layer" + l + ".npy"), Checkpoint.matrix(weights[l][0], size));
                files.add("weights_layer" + l + ".npy");
                if (weights[l][1] != null) {
                    NpyWriter.write(dir.resolve("weights_layer" + l + "_recurrent.npy"),
                            Checkpoint.matrix(weights[l][1], size));
                    files.add("weights_layer" + l + "_recurrent.npy");
                }
            }
        }
        if (out.hdf5()) {
            try (WritableHdfFile h = HdfFile.write(dir.resolve("weights.h5"))) {
                h.putAttribute("network", network.toString());
                Checkpoint.putWeights(h, weights, network);
            }
            files.add("weights.h5");
        }
        // spike-count histograms of the spiking layers on the test set
        Map<Integer, long[]> histograms = new LinkedHashMap<>();
        for (int l = 0; l < weights.length; l++) {
            if (!spec.layers().get(l).config().spiking()) {
                continue;
            }
            float[] counts = test.spikeCounts()[l];
            int max = 0;
            for (float c : counts) {
                max = Math.max(max, (int) c);
            }
            long[] hist = new long[max + 1];
            for (float c : counts) {
                hist[(int) c]++;
            }
            histograms.put(l, hist);
            if (out.csv()) {
                try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("spike_counts_layer" + l + ".csv"),
                        StandardCharsets.UTF_8)) {
                    w.write("spikes,neuron_samples,fraction\n");
                    for (int k = 0; k < hist.length; k++) {
                        w.write(k + "," + hist[k] + "," + (counts.length == 0 ? 0 : hist[k] / (double) counts.length)
                                + "\n");
                    }
                }
                files.add("spike_counts_layer" + l + ".csv");
            }
            if (out.npy()) {
                NpyWriter.write(dir.resolve("spike_counts_layer" + l + ".npy"), hist);
                files.add("spike_counts_layer" + l + ".npy");
            }
        }
        if (out.plots()) {
            files.addAll(curves(dir, history, test.accuracy(), confusion, classNames));
            for (var h : histograms.entrySet()) {
                List<String> labels = new ArrayList<>();
                for (int k = 0; k < h.getValue().length; k++) {
                    labels.add(Integer.toString(k));
                }
                files.addAll(LearningPlots.histogram(dir.resolve("spike_counts_layer" + h.getKey()),
                        "Spike counts per neuron and test sample, layer " + h.getKey(), "spikes in one sample",
                        "neuron × sample pairs", labels, h.getValue()));
            }
        }
        return files;
    }

    /** {@code epochs.csv} and {@code epochs.npy}: one row per epoch of the {@code columns} of {@code history}. */
    static List<String> history(Path dir, Experiment.Outputs out, Map<String, double[]> history, List<String> cols)
            throws IOException {
        List<String> files = new ArrayList<>();
        int epochs = history.get("epoch").length;
        if (out.csv()) {
            try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("epochs.csv"), StandardCharsets.UTF_8)) {
                w.write(String.join(",", cols));
                w.write('\n');
                for (int r = 0; r < epochs; r++) {
                    for (int c = 0; c < cols.size(); c++) {
                        double v = history.get(cols.get(c))[r];
                        w.write((c == 0 ? "" : ",") + (Double.isNaN(v) ? "" : c == 0 ? Long.toString((long) v)
                                : Double.toString(v)));
                    }
                    w.write('\n');
                }
            }
            files.add("epochs.csv");
        }
        if (out.npy() && epochs > 0) {
            double[][] table = new double[epochs][cols.size()];
            for (int r = 0; r < epochs; r++) {
                for (int c = 0; c < cols.size(); c++) {
                    table[r][c] = history.get(cols.get(c))[r];
                }
            }
            NpyWriter.write(dir.resolve("epochs.npy"), table);
            files.add("epochs.npy");
        }
        return files;
    }

    /** The confusion matrix {@code [true][predicted]} of labels and predictions. */
    static long[][] confusion(int[] labels, int[] predicted, int classes) {
        long[][] confusion = new long[classes][classes];
        for (int i = 0; i < labels.length; i++) {
            confusion[labels[i]][predicted[i]]++;
        }
        return confusion;
    }

    /** {@code confusion.csv} and {@code confusion.npy}: rows true class, columns predicted. */
    static List<String> confusion(Path dir, Experiment.Outputs out, long[][] confusion) throws IOException {
        List<String> files = new ArrayList<>();
        int classes = confusion.length;
        if (out.csv()) {
            try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("confusion.csv"), StandardCharsets.UTF_8)) {
                w.write("true\\predicted");
                for (int p = 0; p < classes; p++) {
                    w.write("," + p);
                }
                w.write('\n');
                for (int t = 0; t < classes; t++) {
                    w.write(Integer.toString(t));
                    for (int p = 0; p < classes; p++) {
                        w.write("," + confusion[t][p]);
                    }
                    w.write('\n');
                }
            }
            files.add("confusion.csv");
        }
        if (out.npy()) {
            double[][] c = new double[classes][classes];
            for (int t = 0; t < classes; t++) {
                for (int p = 0; p < classes; p++) {
                    c[t][p] = confusion[t][p];
                }
            }
            NpyWriter.write(dir.resolve("confusion.npy"), c);
            files.add("confusion.npy");
        }
        return files;
    }

    /**
     * {@code learning_curve}, {@code loss_curve} (training, validation and test per epoch) and {@code confusion}
     * plots (PNG and SVG).
     */
    static List<String> curves(Path dir, Map<String, double[]> history, double testAccuracy, long[][] confusion,
            List<String> classNames) throws IOException {
        List<String> files = new ArrayList<>();
        double[] ep = history.get("epoch");
        Map<String, double[]> acc = new LinkedHashMap<>();
        acc.put("train (running)", history.get("train_accuracy"));
        acc.put("validation", history.get("validation_accuracy"));
        acc.put("test", history.get("test_accuracy"));
        files.addAll(LearningPlots.curves(dir.resolve("learning_curve"), "Accuracy per epoch", "accuracy", ep, acc));
        Map<String, double[]> loss = new LinkedHashMap<>();
        loss.put("train (running)", history.get("train_loss"));
        loss.put("validation", history.get("validation_loss"));
        loss.put("test", history.get("test_loss"));
        files.addAll(LearningPlots.curves(dir.resolve("loss_curve"), "Loss per epoch", "loss", ep, loss));
        files.addAll(LearningPlots.confusion(dir.resolve("confusion"), String.format(
                "Confusion matrix of the test set (accuracy %.4f)", testAccuracy), confusion, classNames));
        return files;
    }
}
