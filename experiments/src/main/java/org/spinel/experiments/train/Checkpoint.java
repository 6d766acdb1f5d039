package org.spinel.experiments.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.spinel.experiments.spec.ExperimentException;
import org.spinel.experiments.spec.ExperimentReader;
import org.spinel.experiments.spec.ValidationError;
import org.spinel.plasticity.optim.OptimizerState;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;

/**
 * The state of a training run after a whole number of epochs, as one HDF5 file ({@code checkpoint.h5}) that
 * h5py reads directly:
 * <pre>
 *   attributes   format = "spinel-train-checkpoint", version = 1, epoch (completed epochs), network (the resolved
 *                network description, JSON), training (the resolved protocol, JSON), best_epoch,
 *                best_accuracy, since_best (early-stopping state), stopped (1 if early stopping ended the run)
 *   /weights/layer&lt;l&gt;/feedforward   float64 [inputs of l][size of l]   (the [pre][post] weight layout)
 *   /weights/layer&lt;l&gt;/recurrent     float64 [size][size]                (recurrent layers only)
 *   /best/layer&lt;l&gt;/...               the weights of the best validation epoch (early stopping only)
 *   /optimizer/block&lt;k&gt;/&lt;array&gt;      float64, attributes optimizer and step: one per trained weight block
 *   /history/&lt;column&gt;                 float64 [epochs]: the rows of epochs.csv so far
 * </pre>
 * Written to a temporary file in the same directory and renamed over the old checkpoint, so a crash at any moment
 * leaves the previous complete checkpoint.
 *
 * @param epoch         completed epochs
 * @param network       the resolved network description
 * @param training      the resolved protocol
 * @param weights       per layer {feed-forward, recurrent or null}, flat [pre·size + post]
 * @param best          the best validation epoch's weights (same layout), or null
 * @param optimizer     the optimizer states, in block order
 * @param history       the per-epoch columns so far (name → values, one per epoch)
 * @param bestEpoch     the best validation epoch (1-based; 0 none)
 * @param bestAccuracy  its validation accuracy (NaN none)
 * @param sinceBest     epochs since it
 * @param stopped       whether early stopping ended the run
 */
record Checkpoint(int epoch, ObjectNode network, ObjectNode training, double[][][] weights, double[][][] best,
        List<OptimizerState> optimizer, Map<String, double[]> history, int bestEpoch, double bestAccuracy,
        int sinceBest, boolean stopped) {
    static final String FILE = "checkpoint.h5";
    static final String FORMAT = "spinel-train-checkpoint";

    /** The checkpoint file of a run directory, or the file itself. */
    static Path locate(Path runDirOrFile) {
        return Files.isDirectory(runDirOrFile) ? runDirOrFile.resolve(FILE) : runDirOrFile;
    }

    /** Writes the checkpoint atomically to {@code file} (temporary sibling, then rename). */
    void write(Path file) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try (WritableHdfFile h = HdfFile.write(tmp)) {
            h.putAttribute("format", FORMAT);
            h.putAttribute("version", 1L);
            h.putAttribute("epoch", (long) epoch);
            h.putAttribute("network", network.toString());
            h.putAttribute("training", training.toString());
            h.putAttribute("best_epoch", (long) bestEpoch);
            h.putAttribute("best_accuracy", bestAccuracy);
            h.putAttribute("since_best", (long) sinceBest);
            h.putAttribute("stopped", stopped ? 1L : 0L);
            putWeights(h.putGroup("weights"), weights, network);
            if (best != null) {
                putWeights(h.putGroup("best"), best, network);
            }
            WritableGroup o = h.putGroup("optimizer");
            for (int k = 0; k < optimizer.size(); k++) {
                OptimizerState s = optimizer.get(k);
                WritableGroup b = o.putGroup("block" + k);
                b.putAttribute("optimizer", s.optimizer());
                b.putAttribute("step", s.step());
                b.putAttribute("arrays", String.join(",", s.names()));
                for (String name : s.names()) {
                    b.putDataset(name, s.array(name));
                }
            }
            if (epoch > 0) {
                WritableGroup hg = h.putGroup("history");
                for (var c : history.entrySet()) {
                    hg.putDataset(c.getKey(), c.getValue());
                }
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Writes weights as /group/layer<l>/{feedforward,recurrent}, 2-D [pre][post]. */
    static void putWeights(WritableGroup g, double[][][] w, JsonNode network) {
        for (int l = 0; l < w.length; l++) {
            WritableGroup lg = g.putGroup("layer" + l);
            int size = network.path("layers").path(l).path("size").asInt();
            lg.putDataset("feedforward", matrix(w[l][0], size));
            if (w[l][1] != null) {
                lg.putDataset("recurrent", matrix(w[l][1], size));
            }
        }
    }

    /** A flat [pre·cols + post] array as [pre][cols]. */
    static double[][] matrix(double[] flat, int cols) {
        double[][] m = new double[flat.length / cols][cols];
        for (int r = 0; r < m.length; r++) {
            System.arraycopy(flat, r * cols, m[r], 0, cols);
        }
        return m;
    }

    private static double[] flat(Object data) {
        double[][] m = (double[][]) data;
        int cols = m.length == 0 ? 0 : m[0].length;
        double[] f = new double[m.length * cols];
        for (int r = 0; r < m.length; r++) {
            System.arraycopy(m[r], 0, f, r * cols, cols);
        }
        return f;
    }

    /**
     * Reads a checkpoint.
     *
     * @throws IllegalArgumentException (exit 2) when the file is missing or not a training checkpoint
     */
    static Checkpoint read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ExperimentException(List.of(new ValidationError("", "--resume " + file + ": no such file",
                    "a run directory holding " + FILE + " (a finished run or one left by a stopped run) or the "
                            + "checkpoint file itself")));
        }
        try (HdfFile h = new HdfFile(file)) {
            if (!FORMAT.equals(attr(h, "format"))) {
                throw new ExperimentException(List.of(new ValidationError("", "--resume " + file + ": not a Spinel "
                        + "training checkpoint", "a " + FILE + " written by the train protocol")));
            }
            ObjectNode network = (ObjectNode) ExperimentReader.MAPPER.readTree((String) attr(h, "network"));
            ObjectNode training = (ObjectNode) ExperimentReader.MAPPER.readTree((String) attr(h, "training"));
            int layers = network.path("layers").size();
            double[][][] w = readWeights(h, "weights", layers);
            double[][][] best = h.getChildren().containsKey("best") ? readWeights(h, "best", layers) : null;
            List<OptimizerState> opt = new ArrayList<>();
            Node og = h.getByPath("optimizer");
            for (int k = 0; ((io.jhdf.api.Group) og).getChildren().containsKey("block" + k); k++) {
                Node b = h.getByPath("optimizer/block" + k);
                Map<String, double[]> arrays = new LinkedHashMap<>();
                String names = (String) b.getAttribute("arrays").getData();
                if (!names.isEmpty()) {
                    for (String n : names.split(",")) {
                        arrays.put(n, (double[]) h.getDatasetByPath("optimizer/block" + k + "/" + n).getData());
                    }
                }
                opt.add(new OptimizerState((String) b.getAttribute("optimizer").getData(),
                        ((Number) b.getAttribute("step").getData()).longValue(), arrays));
            }
            Map<String, double[]> history = new LinkedHashMap<>();
            if (h.getChildren().containsKey("history")) {
                io.jhdf.api.Group hg = (io.jhdf.api.Group) h.getByPath("history");
                for (String c : TrainRunner.HISTORY_COLUMNS) {
                    if (hg.getChildren().containsKey(c)) {
                        history.put(c, (double[]) ((Dataset) hg.getChild(c)).getData());
                    }
                }
            }
            return new Checkpoint(num(h, "epoch").intValue(), network, training, w, best, opt, history,
                    num(h, "best_epoch").intValue(), num(h, "best_accuracy").doubleValue(),
                    num(h, "since_best").intValue(), num(h, "stopped").intValue() != 0);
        } catch (RuntimeException ex) {
            if (ex instanceof ExperimentException) {
                throw ex;
            }
            throw new ExperimentException(List.of(new ValidationError("", "--resume " + file + ": unreadable "
                    + "checkpoint (" + ex.getMessage() + ")", "a " + FILE + " written by the train protocol")));
        }
    }

    private static double[][][] readWeights(HdfFile h, String group, int layers) {
        double[][][] w = new double[layers][2][];
        for (int l = 0; l < layers; l++) {
            io.jhdf.api.Group lg = (io.jhdf.api.Group) h.getByPath(group + "/layer" + l);
            w[l][0] = flat(((Dataset) lg.getChild("feedforward")).getData());
            w[l][1] = lg.getChildren().containsKey("recurrent") ? flat(((Dataset) lg.getChild("recurrent")).getData())
                    : null;
        }
        return w;
    }

    private static Object attr(HdfFile h, String name) {
        Attribute a = h.getAttribute(name);
        return a == null ? null : a.getData();
    }

    private static Number num(HdfFile h, String name) {
        return (Number) attr(h, name);
    }

    /**
     * The differences between the checkpoint's network and {@code current}, as problems naming each field by its
     * pointer under {@code /protocol/network} (empty when they are the same network).
     */
    static List<ValidationError> networkDifferences(JsonNode saved, JsonNode current) {
        List<ValidationError> out = new ArrayList<>();
        diff("", saved, current, out);
        return out;
    }

    private static void diff(String at, JsonNode saved, JsonNode current, List<ValidationError> out) {
        if (saved.isObject() && current.isObject()) {
            List<String> names = new ArrayList<>();
            saved.fieldNames().forEachRemaining(names::add);
            for (Iterator<String> it = current.fieldNames(); it.hasNext();) {
                String n = it.next();
                if (!names.contains(n)) {
                    names.add(n);
                }
            }
            for (String n : names) {
                diff(at + "/" + n, saved.path(n), current.path(n), out);
            }
        } else if (saved.isArray() && current.isArray() && saved.size() == current.size()) {
            for (int i = 0; i < saved.size(); i++) {
                diff(at + "/" + i, saved.get(i), current.get(i), out);
            }
        } else if (!saved.equals(current)) {
            String where = at.startsWith("/dt") || at.startsWith("/steps") ? "/protocol" + at : "/protocol/network" + at;
            String what = at.equals("/layers") ? saved.size() + " layers" : saved.toString();
            out.add(new ValidationError(where, (current.isMissingNode() ? "nothing" : current.isArray() && at.equals(
                    "/layers") ? current.size() + " layers" : current.toString()) + " in the experiment",
                    what + " as in the checkpoint (--resume continues the same network: "
                            + "start a new run to train another one)"));
        }
    }
}
