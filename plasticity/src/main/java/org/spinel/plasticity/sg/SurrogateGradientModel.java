package org.spinel.plasticity.sg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.spinel.plasticity.train.BlockRole;
import org.spinel.plasticity.train.ModelWorkspace;
import org.spinel.plasticity.train.TrainableModel;
import org.spinel.plasticity.train.WeightBlock;

/**
 * A {@link SurrogateGradientNetwork} with its classification {@link Loss} and sample length as a
 * {@link TrainableModel}: the credit of a sample is its BPTT gradient with surrogate derivatives.
 *
 * <p><b>Blocks</b>, in this order (the order of reductions, of the clipping norm and of checkpoints): for each layer
 * {@code l} from the input up, {@code "layer<l>"} ({@link BlockRole#FEED_FORWARD}, {@code inputsOf(l) × size}),
 * then, for a recurrent layer, {@code "layer<l>.recurrent"} ({@link BlockRole#RECURRENT}, {@code size × size}).
 *
 * <p><b>Presynaptic activity</b> of a sample: for {@code layer0} the input's values summed over the sample (spike
 * counts of a spike input), for {@code layer<l>} the spike counts of layer {@code l − 1}, for
 * {@code layer<l>.recurrent} the spike counts of layer {@code l} itself.
 */
public final class SurrogateGradientModel implements TrainableModel<SampleInput, SurrogateGradientModel.Workspace> {
    private final SurrogateGradientNetwork net;
    private final Loss loss;
    private final int steps;
    private final List<WeightBlock> blocks;
    /** Per block: its layer and whether it is the recurrent block. */
    private final int[] layerOf;
    private final boolean[] recurrentBlock;
    /** The classes every workspace's loss and prediction range over, or null for all. */
    private volatile boolean[] allowedClasses;

    /**
     * @param net   the network (trained in place)
     * @param loss  a classification loss (not {@link Loss#MSE_TRACE})
     * @param steps time steps per sample
     */
    public SurrogateGradientModel(SurrogateGradientNetwork net, Loss loss, int steps) {
        if (loss == Loss.MSE_TRACE) {
            throw new IllegalArgumentException("loss MSE_TRACE: expected a classification loss (labels per sample)");
        }
        this.net = net;
        this.loss = loss;
        this.steps = steps;
        List<WeightBlock> b = new ArrayList<>();
        List<Integer> layers = new ArrayList<>();
        List<Boolean> rec = new ArrayList<>();
        for (int l = 0; l < net.layerCount(); l++) {
            int size = net.layer(l).size();
            b.add(new WeightBlock(blockName(l, false), BlockRole.FEED_FORWARD, net.inputsOf(l), size, net.weights(l)));
            layers.add(l);
            rec.add(false);
            if (net.recurrentWeights(l) != null) {
                b.add(new WeightBlock(blockName(l, true), BlockRole.RECURRENT, size, size, net.recurrentWeights(l)));
                layers.add(l);
                rec.add(true);
            }
        }
        this.blocks = List.copyOf(b);
        layerOf = layers.stream().mapToInt(Integer::intValue).toArray();
        recurrentBlock = new boolean[rec.size()];
        for (int k = 0; k < recurrentBlock.length; k++) {
            recurrentBlock[k] = rec.get(k);
        }
    }

    /** The block name of layer {@code l}'s feed-forward ({@code "layer<l>"}) or recurrent ({@code "layer<l>.recurrent"}) weights. */
    public static String blockName(int l, boolean recurrent) {
        return "layer" + l + (recurrent ? ".recurrent" : "");
    }

    /** The network. */
    public SurrogateGradientNetwork network() {
        return net;
    }

    /** The loss. */
    public Loss loss() {
        return loss;
    }

    /** Time steps per sample. */
    public int steps() {
        return steps;
    }

    /**
     * Restricts the loss and the prediction of every workspace to the classes with {@code allowed[k]} true (one head
     * per task in task-incremental learning; {@link SurrogateGradientNetwork.Workspace#restrictClasses}), or lifts the
     * restriction ({@code null}). Set between batches, never while the trainer runs.
     */
    public void restrictClasses(boolean[] allowed) {
        if (allowed != null) {
            int kN = net.layer(net.layerCount() - 1).size();
            boolean any = false;
            for (boolean a : allowed) {
                any |= a;
            }
            if (allowed.length != kN || !any) {
                throw new IllegalArgumentException("class mask of " + allowed.length + " entries: expected " + kN
                        + " (the output units) with at least one class allowed");
            }
        }
        allowedClasses = allowed == null ? null : allowed.clone();
    }

    @Override
    public List<WeightBlock> blocks() {
        return blocks;
    }

    @Override
    public Workspace workspace() {
        return new Workspace(net.workspace(steps));
    }

    /** A network workspace seen as the model's. */
    public final class Workspace implements ModelWorkspace<SampleInput> {
        private final SurrogateGradientNetwork.Workspace ws;
        private SampleInput last;

        Workspace(SurrogateGradientNetwork.Workspace ws) {
            this.ws = ws;
        }

        /** The network's workspace (states, spikes and gradients of the last sample). */
        public SurrogateGradientNetwork.Workspace network() {
            return ws;
        }

        @Override
        public void forward(SampleInput input) {
            ws.restrictClasses(allowedClasses);
            ws.forward(input);
            last = input;
        }

        @Override
        public int predict() {
            return ws.predict(loss);
        }

        @Override
        public double loss(int label) {
            return ws.loss(loss, label);
        }

        @Override
        public double backward(int label) {
            return ws.backward(loss, label);
        }

        @Override
        public double[] credit(int block) {
            int l = layerOf[block];
            return recurrentBlock[block] ? ws.recurrentGradient(l) : ws.weightGradient(l);
        }

        @Override
        public void clearCredit() {
            ws.clearGradients();
        }

        @Override
        public void presynapticActivity(int block, double[] out) {
            int l = layerOf[block];
            if (!recurrentBlock[block] && l == 0) {
                Arrays.fill(out, 0);
                int[] unit = last.unit;
                double[] value = last.value;
                for (int e = 0, n = last.start[last.steps()]; e < n; e++) {
                    out[unit[e]] += value == null ? 1 : value[e];
                }
                return;
            }
            int src = recurrentBlock[block] ? l : l - 1;
            for (int k = 0; k < out.length; k++) {
                out[k] = ws.spikeCount(src, k);
            }
        }
    }
}
