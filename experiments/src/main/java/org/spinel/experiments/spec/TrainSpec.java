package org.spinel.experiments.spec;

import java.nio.file.Path;
import java.util.List;

import org.spinel.experiments.datasets.encoding.LatencyEncoder;
import org.spinel.networks.plasticity.Projector;
import org.spinel.plasticity.sg.LayerConfig;
import org.spinel.plasticity.sg.Loss;
import org.spinel.plasticity.sg.RateRegularizer;
import org.spinel.plasticity.surrogate.SurrogateFunction;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code train} protocol: surrogate-gradient training of a layered LIF network on an image dataset
 * (docs/experiment-format.md, "protocol train"). Every field is validated and in its default unit; defaults are the
 * SpyTorch Fashion-MNIST tutorial (spec learning-rules §1).
 *
 * @param dataset       which images, how many, and the validation split
 * @param encoder       how a pixel becomes input
 * @param steps         time steps per sample
 * @param dtMs          the time step
 * @param inputs        the input count the network declares, or -1 (then the dataset's pixels per image)
 * @param layers        hidden layers then the readout
 * @param initScale     the SpyTorch initialisation scale (weights ~ N(0, (scale·(1 − β))²/n_in))
 * @param recurrentInitScale the same for recurrent weights (n_in = the layer's size)
 * @param surrogate     the surrogate derivative, or null for the true gradient
 * @param loss          the loss on the last layer
 * @param regularizers  firing-rate penalties
 * @param optimizer     the optimizer
 * @param epochs        passes over the training set
 * @param batchSize     samples per optimizer step
 * @param dropLast      whether a last incomplete batch is dropped (SpyTorch drops it)
 * @param patience      early-stopping patience in epochs on validation accuracy, 0 = off
 * @param network       the resolved network description ({@code inputs} (-1 until the dataset gives it), {@code dt},
 *                      {@code steps}, {@code layers} without learn/bounds): what a checkpoint records and a resume
 *                      must match
 * @param tangentKernelSamples test images whose empirical tangent kernel (SG-NTK) is recorded before and after
 *                      training, 0 = none
 * @param engineCheckSamples test images run again, after training, as an ordinary Spinel network in the engine
 *                      ({@code SgNetworkExport}) to compare spikes with the trainer's forward pass, 0 = none
 * @param engineCheckBackend the backend of that check ("java", "opencl" or "auto")
 */
public record TrainSpec(Dataset dataset, Encoder encoder, int steps, double dtMs, int inputs, List<Layer> layers,
        double initScale, double recurrentInitScale, SurrogateFunction surrogate, Loss loss,
        List<RateRegularizer> regularizers, OptimizerSpec optimizer, int epochs, int batchSize, boolean dropLast,
        int patience, ObjectNode network, int tangentKernelSamples, int engineCheckSamples,
        String engineCheckBackend) {

    /** Dataset names. */
    public static final List<String> DATASETS = List.of("fashion-mnist", "mnist");
    /** Encoder types. */
    public static final List<String> ENCODERS = List.of("latency", "rate", "bernoulli", "current");
    /** Loss names accepted by the protocol (kebab-case of {@link Loss}). */
    public static final List<String> LOSSES = List.of("max-over-time-ce", "mean-over-time-ce", "spike-count-ce",
            "mse-trace");

    /** The JSON name of a loss: {@code MAX_OVER_TIME_CE} → {@code max-over-time-ce}. */
    public static String lossName(Loss l) {
        return l.name().toLowerCase().replace('_', '-');
    }

    /** The layer configurations of the network. */
    public List<LayerConfig> layerConfigs() {
        return layers.stream().map(Layer::config).toList();
    }

    /** Whether validation accuracy is measured (a validation split of at least one image). */
    public boolean hasValidation() {
        return dataset.validationSize() > 0 || dataset.validationFraction() > 0;
    }

    /**
     * The dataset.
     *
     * @param name               "fashion-mnist" or "mnist"
     * @param directory          an explicit directory, or null (then $SPINEL_DATA_DIR and the system places)
     * @param trainSamples       the first n training images (before the validation split), or -1 for all
     * @param testSamples        the first n test images, or -1 for all
     * @param validationFraction fraction of the training images held out for validation (0 = none)
     * @param validationSize     number of training images held out (overrides the fraction when &gt; 0)
     */
    public record Dataset(String name, Path directory, int trainSamples, int testSamples, double validationFraction,
            int validationSize) {
    }

    /**
     * The input code.
     *
     * @param type       "latency", "rate", "bernoulli" or "current"
     * @param tauEffMs   latency: τ_eff (ms)
     * @param threshold  latency: θ (intensity below which a pixel never fires)
     * @param rounding   latency: FLOOR (⌊T⌋, the SpyTorch tutorial) or ROUND (rint(T), the PyTorch reference
     *                   script); null for the other codes
     * @param maxRateHz  rate: the rate of a white pixel
     * @param gain       current: the input current of a white pixel (every step)
     */
    public record Encoder(String type, double tauEffMs, double threshold, LatencyEncoder.Rounding rounding,
            double maxRateHz,
            double gain) {
    }

    /**
     * One layer.
     *
     * @param config   the trainable layer
     * @param learn    whether its weights are trained
     * @param boundsLo lower weight bound (−∞ without bounds)
     * @param boundsHi upper weight bound (+∞ without bounds)
     * @param projector          the projector of the feed-forward block {@code layer<l>}, or null
     * @param recurrentProjector the projector of the recurrent block {@code layer<l>.recurrent}, or null
     */
    public record Layer(LayerConfig config, boolean learn, double boundsLo, double boundsHi, Projector projector,
            Projector recurrentProjector) {
        /** Whether the layer's weights are bounded. */
        public boolean bounded() {
            return boundsLo > Double.NEGATIVE_INFINITY || boundsHi < Double.POSITIVE_INFINITY;
        }
    }

    /**
     * The optimizer configuration.
     *
     * @param type         "adam" or "sgd-momentum"
     * @param lr           base learning rate (&gt; 0)
     * @param beta1        Adam β₁
     * @param beta2        Adam β₂
     * @param epsilon      Adam ε
     * @param momentum     SGD momentum
     * @param nesterov     SGD Nesterov momentum
     * @param weightDecay  L2 weight decay
     * @param schedule     the learning-rate schedule
     * @param clipNorm     gradient clipping by global L2 norm (0 = off)
     * @param clipValue    gradient clipping by value (0 = off)
     */
    public record OptimizerSpec(String type, double lr, double beta1, double beta2, double epsilon, double momentum,
            boolean nesterov, double weightDecay, Schedule schedule, double clipNorm, double clipValue) {
    }

    /**
     * A learning-rate schedule in epochs (converted to optimizer steps with the number of batches per epoch).
     *
     * @param type        "constant", "step", "cosine" or "exponential"
     * @param factor      step: the factor applied every {@code everyEpochs}
     * @param everyEpochs step: the period
     * @param min         cosine: the final rate
     * @param overEpochs  cosine: the annealing length (default: all epochs)
     * @param gamma       exponential: the factor per epoch
     */
    public record Schedule(String type, double factor, int everyEpochs, double min, int overEpochs, double gamma) {
    }
}
