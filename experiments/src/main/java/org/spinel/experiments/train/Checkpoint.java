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
import org.spinel.plasticity.train.BlockRole;
import org.spinel.plasticity.train.BlockState;
import org.spinel.plasticity.train.WeightBlock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;

/**
 * The state of a training run after a whole number of epochs, as one HDF5 file ({@code checkpoint.h5}) that
 * h5py reads directly. Weight blocks are stored by name ({@link WeightBlock}; for the surrogate-gradient network
 * {@code layer<l>} and {@code layer<l>.recurrent}), each with its optimiser and projector state:
 * <pre>
 *   attributes   format = "spinel-train-checkpoint", version = 2, epoch (completed epochs), network (the resolved
 *                network description, JSON), training (the resolved protocol, JSON), blocks (the block names in
 *                the model's order, a JSON array), best_epoch, best_accuracy, since_best (early-stopping state),
 *                stopped (1 if early stopping ended the run), quick (1 for a --quick run, whose dataset sizes and
 *                epochs are capped; absent in checkpoints written before it was recorded)
 *   /blocks/&lt;name&gt;                      attributes role (feed-forward, recurrent, feedback, lateral), pre, post
 *   /blocks/&lt;name&gt;/weights              float64 [pre][post]
 *   /blocks/&lt;name&gt;/optimizer/&lt;array&gt;    float64; group attributes optimizer, step, arrays (names, comma-separated)
 *   /blocks/&lt;name&gt;/projector/&lt;array&gt;    float64; group attributes projector (its description), arrays; only for
 *                                      a block with a projector (no arrays for a fixed one)
 *   /best/&lt;name&gt;                        float64 [pre][post]: the best validation epoch's weights (early stopping)
 *   /history/&lt;column&gt;                   float64 [epochs]: the rows of epochs.csv so far
 * </pre>
 * Version 1 (weights per layer, optimiser states by position) is refused with a message: such runs cannot be
 * resumed. Written to a temporary file in the same directory and renamed over the old checkpoint, so a crash at any
 * moment leaves the previous complete checkpoint.
 *
 * @param epoch         completed epochs
 * @param network       the resolved network description
 * @param training      the resolved protocol
 * @param blocks        every weight block's state, in the model's order
 * @param best          the best validation epoch's weights per block (same order), or null
 * @param history       the per-epoch columns so far (name → values, one per epoch)
 * @param bestEpoch     the best validation epoch (1-based; 0 none)
 * @param bestAccuracy  its validation accuracy (NaN none)
 * @param sinceBest     epochs since it
 * @param stopped       whether early stopping ended the run
 * @param quick         whether the run was a {@code --quick} one (null: not recorded)
 */
record Checkpoint(int epoch, ObjectNode network, ObjectNode training, List<BlockState> blocks, double[][] best,
        Map<String, double[]> history, int bestEpoch, double bestAccuracy, int sinceBest, boolean stopped,
        Boolean quick) {
    static final String FILE = "checkpoint.h5";
    static final String FORMAT = "spinel-train-checkpoint";
    static final long VERSION = 2;

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
            h.putAttribute("version", VERSION);
            h.putAttribute("epoch", (long) epoch);
            h.putAttribute("network", network.toString());
            h.putAttribute("training", training.toString());
            ArrayNode names = ExperimentReader.MAPPER.createArrayNode();
            blocks.forEach(b -> names.add(b.name()));
            h.putAttribute("blocks", names.toString());
            h.putAttribute("best_epoch", (long) bestEpoch);
            h.putAttribute("best_accuracy", bestAccuracy);
            h.putAttribute("since_best", (long) sinceBest);
            h.putAttribute("stopped", stopped ? 1L : 0L);
            if (quick != null) {
                h.putAttribute("quick", quick ? 1L : 0L);
            }
            WritableGroup bg = h.putGroup("blocks");
            for (BlockState b : blocks) {
                WritableGroup g = bg.putGroup(b.name());
                g.putAttribute("role", role(b.role()));
                g.putAttribute("pre", (long) b.pre());
                g.putAttribute("post", (long) b.post());
                g.putDataset("weights", matrix(b.weights(), b.post()));
                OptimizerState s = b.optimizer();
                WritableGroup o = g.putGroup("optimizer");
                o.putAttribute("optimizer", s.optimizer());
                o.putAttribute("step", s.step());
                o.putAttribute("arrays", String.join(",", s.names()));
                for (String name : s.names()) {
                    o.putDataset(name, s.array(name));
                }
                if (b.projector() != null) {
                    WritableGroup p = g.putGroup("projector");
                    p.putAttribute("projector", b.projector());
                    p.putAttribute("arrays", String.join(",", b.projectorState().keySet()));
                    for (var e : b.projectorState().entrySet()) {
                        p.putDataset(e.getKey(), e.getValue());
                    }
                }
            }
            if (best != null) {
                WritableGroup g = h.putGroup("best");
                for (int k = 0; k < blocks.size(); k++) {
                    g.putDataset(blocks.get(k).name(), matrix(best[k], blocks.get(k).post()));
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

    private static String role(BlockRole r) {
        return r.name().toLowerCase().replace('_', '-');
    }

    /** Writes weights as /group/layer<l>/{feedforward,recurrent}, 2-D [pre][post] (the layout of weights.h5). */
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

    /** Reads a checkpoint of the {@code train} protocol ({@link TrainRunner#HISTORY_COLUMNS}). */
    static Checkpoint read(Path file) throws IOException {
        return read(file, TrainRunner.HISTORY_COLUMNS);
    }

    /**
     * Reads a checkpoint.
     *
     * @param columns the history columns of the protocol (those present are read)
     * @throws ExperimentException (exit 2) when the file is missing, not a training checkpoint, or of an older
     *                             version
     */
    static Checkpoint read(Path file, List<String> columns) throws IOException {
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
            long version = num(h, "version").longValue();
            if (version != VERSION) {
                throw new ExperimentException(List.of(new ValidationError("", "--resume " + file
                        + ": a checkpoint of format version " + version + " (weights by layer, from an older Spinel)",
                        "a version " + VERSION + " checkpoint (blocks by name): older checkpoints cannot be resumed, "
                                + "start a new run")));
            }
            ObjectNode network = (ObjectNode) ExperimentReader.MAPPER.readTree((String) attr(h, "network"));
            ObjectNode training = (ObjectNode) ExperimentReader.MAPPER.readTree((String) attr(h, "training"));
            List<String> names = new ArrayList<>();
            ExperimentReader.MAPPER.readTree((String) attr(h, "blocks")).forEach(n -> names.add(n.asText()));
            List<BlockState> blocks = new ArrayList<>();
            for (String name : names) {
                String at = "blocks/" + name;
                Node g = h.getByPath(at);
                int pre = ((Number) g.getAttribute("pre").getData()).intValue();
                int post = ((Number) g.getAttribute("post").getData()).intValue();
                BlockRole role = BlockRole.valueOf(((String) g.getAttribute("role").getData()).toUpperCase()
                        .replace('-', '_'));
                double[] w = flat(h.getDatasetByPath(at + "/weights").getData());
                Node o = h.getByPath(at + "/optimizer");
                OptimizerState opt = new OptimizerState((String) o.getAttribute("optimizer").getData(),
                        ((Number) o.getAttribute("step").getData()).longValue(), arrays(h, at + "/optimizer"));
                String projector = null;
                Map<String, double[]> projectorState = Map.of();
                if (((Group) g).getChildren().containsKey("projector")) {
                    projector = (String) h.getByPath(at + "/projector").getAttribute("projector").getData();
                    projectorState = arrays(h, at + "/projector");
                }
                blocks.add(new BlockState(name, role, pre, post, w, opt, projector, projectorState));
            }
            double[][] best = null;
            if (h.getChildren().containsKey("best")) {
                best = new double[names.size()][];
                for (int k = 0; k < best.length; k++) {
                    best[k] = flat(h.getDatasetByPath("best/" + names.get(k)).getData());
                }
            }
            Map<String, double[]> history = new LinkedHashMap<>();
            if (h.getChildren().containsKey("history")) {
                Group hg = (Group) h.getByPath("history");
                for (String c : columns) {
                    if (hg.getChildren().containsKey(c)) {
                        history.put(c, (double[]) ((Dataset) hg.getChild(c)).getData());
                    }
                }
            }
            return new Checkpoint(num(h, "epoch").intValue(), network, training, blocks, best, history,
                    num(h, "best_epoch").intValue(), num(h, "best_accuracy").doubleValue(),
                    num(h, "since_best").intValue(), num(h, "stopped").intValue() != 0,
                    attr(h, "quick") == null ? null : num(h, "quick").intValue() != 0);
        } catch (RuntimeException ex) {
            if (ex instanceof ExperimentException) {
                throw ex;
            }
            throw new ExperimentException(List.of(new ValidationError("", "--resume " + file + ": unreadable "
                    + "checkpoint (" + ex.getMessage() + ")", "a " + FILE + " written by the train protocol")));
        }
    }

    /** The named arrays of a group whose attribute {@code arrays} lists them. */
    private static Map<String, double[]> arrays(HdfFile h, String group) {
        Map<String, double[]> arrays = new LinkedHashMap<>();
        String names = (String) h.getByPath(group).getAttribute("arrays").getData();
        if (!names.isEmpty()) {
            for (String n : names.split(",")) {
                arrays.put(n, (double[]) h.getDatasetByPath(group + "/" + n).getData());
            }
        }
        return arrays;
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
        differingValues("", saved, current, java.util.Set.of(), (at, was, now) -> {
            String where = at.startsWith("/dt") || at.startsWith("/steps") ? "/protocol" + at : "/protocol/network" + at;
            String what = at.equals("/layers") ? was.size() + " layers" : was.toString();
            out.add(new ValidationError(where, (now.isMissingNode() ? "nothing" : now.isArray() && at.equals(
                    "/layers") ? now.size() + " layers" : now.toString()) + " in the experiment",
                    what + " as in the checkpoint (--resume continues the same network: "
                            + "start a new run to train another one)"));
        });
        return out;
    }

    /**
     * The settings of the resolved protocol that differ between a checkpoint ({@code saved}) and the experiment that
     * resumes it ({@code current}), one line per differing value: its JSON pointer (under {@code /protocol}), the
     * checkpoint's value and the experiment's. Numbers are compared by value (the checkpoint's JSON may spell 20 as
     * 20.0); the fields and pointers in {@code skip} (relative to the protocol: the epochs to train, the network
     * checked on its own, a dataset's machine-local directory) are left out.
     */
    static List<String> settingDifferences(JsonNode saved, JsonNode current, java.util.Set<String> skip) {
        List<String> out = new ArrayList<>();
        differingValues("", saved, current, skip, (at, was, now) -> out.add("/protocol" + at + ": " + shown(was)
                + " in the checkpoint, " + shown(now) + " now"));
        return out;
    }

    /** Receives one differing value of two JSON trees: its pointer, the saved and the current node. */
    @FunctionalInterface
    private interface Difference {
        void at(String pointer, JsonNode saved, JsonNode current);
    }

    /**
     * Walks two JSON trees together (objects by the union of their fields, saved order first; arrays of equal length
     * element by element) and reports every place where they differ ({@link #sameValue}), except under {@code skip}.
     */
    private static void differingValues(String at, JsonNode saved, JsonNode current, java.util.Set<String> skip,
            Difference out) {
        if (skip.contains(at)) {
            return;
        }
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
                differingValues(at + "/" + n, saved.path(n), current.path(n), skip, out);
            }
        } else if (saved.isArray() && current.isArray() && saved.size() == current.size()) {
            for (int i = 0; i < saved.size(); i++) {
                differingValues(at + "/" + i, saved.get(i), current.get(i), skip, out);
            }
        } else if (!sameValue(saved, current)) {
            out.at(at, saved, current);
        }
    }

    private static String shown(JsonNode v) {
        return v.isMissingNode() ? "absent" : v.toString();
    }

    /** Equal JSON values, numbers by value (an integer written as 20 equals 20.0). */
    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }
}
