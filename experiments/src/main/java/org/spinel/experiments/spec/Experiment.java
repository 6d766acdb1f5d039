package org.spinel.experiments.spec;

import java.util.List;
import java.util.function.Consumer;

import org.spinel.networks.Network;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A validated experiment: run settings plus the Java-API calls that build its network. Produced by
 * {@link ExperimentReader}; {@link #resolved()} is the document after defaults and unit conversion (what the
 * manifest records, and what {@code spinel run manifest.json} reads back).
 *
 * @param name        run name (directory under the output root)
 * @param description free text
 * @param seed        root seed
 * @param dt          time step, ms
 * @param durationMs  simulated time, ms
 * @param backend     backend name ("java", "opencl" or "auto")
 * @param threads     worker threads
 * @param quick       whether this is a {@code --quick} run ({@code /quick}: the protocol's quick reductions are
 *                    already in the document, and the protocol applies the rest when it runs)
 * @param protocol    protocol name ({@code /protocol/type}: a {@link org.spinel.experiments.protocol.Protocol})
 * @param settings    what the protocol's reader returned (e.g. {@link MapScanSpec}, {@link LsmClassificationSpec},
 *                    {@link TrainSpec}), or null when it has none
 * @param outputs     what to write
 * @param sweep       the sweep block, or null
 * @param resolved    the fully resolved document
 * @param calls       builder calls, in document order, that add the network's parts
 * @param memory      the lower bound of the heap the run needs, part by part (checked against the heap when read)
 */
public record Experiment(String name, String description, long seed, double dt, double durationMs, String backend,
        int threads, boolean quick, String protocol, Object settings, Outputs outputs, SweepSpec sweep,
        ObjectNode resolved, List<Consumer<Network.Builder>> calls, MemoryEstimate memory) {

    /** The map-scan settings (protocol "map-scan"), else null. */
    public MapScanSpec mapScan() {
        return settings instanceof MapScanSpec s ? s : null;
    }

    /** The lsm-classification settings (protocol "lsm-classification"), else null. */
    public LsmClassificationSpec lsm() {
        return settings instanceof LsmClassificationSpec s ? s : null;
    }

    /** The training settings (protocol "train"), else null. */
    public TrainSpec train() {
        return settings instanceof TrainSpec s ? s : null;
    }

    /** The equilibrium-propagation settings (protocol "ep-train"), else null. */
    public EpTrainSpec epTrain() {
        return settings instanceof EpTrainSpec s ? s : null;
    }

    /** Builds the network through the Java API ({@code Network.builder().dt(dt).seed(seed)} + the calls). */
    public Network network() {
        Network.Builder b = Network.builder().dt(dt).seed(seed);
        for (Consumer<Network.Builder> c : calls) {
            c.accept(b);
        }
        return b.build();
    }

    /**
     * What a run writes.
     *
     * @param csv   spikes/traces/rates as CSV
     * @param npy   as NPY
     * @param hdf5  one results.h5
     * @param plots PNG plots
     */
    public record Outputs(boolean csv, boolean npy, boolean hdf5, boolean plots) {
    }

    /**
     * A sweep: a grid over JSON pointers × seeds.
     *
     * @param axes     one per swept path, in document order
     * @param seeds    the seeds (at least one)
     * @param parallel points run at once
     * @param summary  the summary plot, or null
     */
    public record SweepSpec(List<Axis> axes, List<Long> seeds, int parallel, Summary summary) {
    }

    /**
     * A sweep's summary plot: metric {@code y} (mean ± standard deviation over the seeds) against {@code x}, one
     * curve per value of {@code series}. Each name is a metric of the points' {@code metrics.json} (top level) or a
     * swept JSON pointer.
     *
     * @param x      numeric x (metric or swept path)
     * @param y      numeric metric
     * @param series grouping metric or swept path, or null for one curve
     * @param logX   logarithmic x axis
     */
    public record Summary(String x, String y, String series, boolean logX) {
    }

    /**
     * One sweep axis.
     *
     * @param path   JSON pointer into the experiment
     * @param values the values (JSON)
     * @param linked pointers set together with {@code path} at every point, each to {@code scale · value} (numeric
     *               values only; e.g. every weight of a liquid with its sign); empty for a plain axis
     */
    public record Axis(String path, List<com.fasterxml.jackson.databind.JsonNode> values, List<Link> linked) {
        /** A plain axis (no linked pointers). */
        public Axis(String path, List<com.fasterxml.jackson.databind.JsonNode> values) {
            this(path, values, List.of());
        }

        /** Every pointer this axis sets: {@code path}, then the linked ones in document order. */
        public List<String> paths() {
            List<String> out = new java.util.ArrayList<>();
            out.add(path);
            linked.forEach(l -> out.add(l.path()));
            return out;
        }

        /**
         * What value {@code v} of this axis sets: path → v, then each linked path → scale·v (as a JSON number).
         */
        public java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> assignments(
                com.fasterxml.jackson.databind.JsonNode v) {
            java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> out = new java.util.LinkedHashMap<>();
            out.put(path, v);
            for (Link l : linked) {
                out.put(l.path(), com.fasterxml.jackson.databind.node.DoubleNode.valueOf(l.scale() * v.asDouble()));
            }
            return out;
        }
    }

    /**
     * A pointer that a sweep axis sets together with its own: to {@code scale} times the axis value.
     *
     * @param path  JSON pointer into the experiment
     * @param scale factor (e.g. −1 for an inhibitory weight)
     */
    public record Link(String path, double scale) {
    }
}
