package org.spinel.experiments.spec;

import java.util.List;

import org.spinel.networks.plasticity.Projector;
import org.spinel.plasticity.ep.EpEstimator;
import org.spinel.plasticity.ep.JacobianHomeostasis;
import org.spinel.plasticity.ep.RateActivation;
import org.spinel.plasticity.ep.RelaxationPhases;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code ep-train} protocol: equilibrium propagation on a layered relaxing rate network (spec learning-rules §3;
 * docs/experiment-format.md, "protocol ep-train"). Every field is validated and in its default unit; defaults are
 * the spec's Fashion-MNIST setting (784-256-256-10, ρ(z) = σ(4z − 2), tied, batch 50, SGD 0.01 momentum 0.9,
 * T1 = 150, T2 = 20).
 *
 * @param dataset        which images, how many, and the validation split
 * @param sizes          the input size, then the dynamic layers' sizes (the last is the output layer)
 * @param classes        the readout's classes, or -1 (then the dataset's)
 * @param activation     ρ
 * @param tied           feedback = forwardᵀ
 * @param angleDeg       the feedback's initial angle α (untied)
 * @param initStd        the initial weights' standard deviation, or NaN for 1/√fan-in
 * @param estimator      the nudged phases' estimator
 * @param phases         T1, T2 and the convergence tolerance
 * @param stopOnNonConvergence whether training stops when too many free phases of an epoch do not converge
 * @param maxNonConverged the fraction of free phases of an epoch's training that may end above the tolerance
 *                       before training stops (with {@code stopOnNonConvergence})
 * @param homeostasis    Jacobian homeostasis
 * @param optimizer      the optimiser (the {@code train} protocol's settings)
 * @param epochs         passes over the training set
 * @param batchSize      samples per optimiser step
 * @param dropLast       whether a last incomplete batch is dropped (the PyTorch reference drops it)
 * @param patience       early-stopping patience in epochs on validation accuracy, 0 = off
 * @param blocks         per-block settings (frozen, projector, bounds) of the blocks named in {@code /protocol/blocks}
 * @param network        the resolved network description (what a checkpoint records and a resume must match;
 *                       {@code classes} is filled in from the dataset)
 */
public record EpTrainSpec(TrainSpec.Dataset dataset, int[] sizes, int classes, RateActivation activation, boolean tied,
        double angleDeg, double initStd, EpEstimator estimator, RelaxationPhases phases, boolean stopOnNonConvergence,
        double maxNonConverged, JacobianHomeostasis homeostasis, TrainSpec.OptimizerSpec optimizer, int epochs,
        int batchSize, boolean dropLast, int patience, List<Block> blocks, ObjectNode network) {

    /**
     * The settings of one weight block.
     *
     * @param name      the block's name ({@code forward<l>}, {@code feedback<l>}, {@code bias<l>}, {@code readout},
     *                  {@code readout.bias})
     * @param learn     whether it is trained
     * @param projector its projector, or null
     * @param boundsLo  lower weight bound (−∞ without bounds)
     * @param boundsHi  upper weight bound (+∞ without bounds)
     */
    public record Block(String name, boolean learn, Projector projector, double boundsLo, double boundsHi) {
        /** Whether the block's weights are bounded. */
        public boolean bounded() {
            return boundsLo > Double.NEGATIVE_INFINITY || boundsHi < Double.POSITIVE_INFINITY;
        }
    }

    /** The copy with other dataset, epochs and patience (what {@code --quick} changes). */
    public EpTrainSpec with(TrainSpec.Dataset d, int epochs) {
        return new EpTrainSpec(d, sizes, classes, activation, tied, angleDeg, initStd, estimator, phases,
                stopOnNonConvergence, maxNonConverged, homeostasis, optimizer, epochs, batchSize, dropLast, patience,
                blocks, network);
    }

    /** Whether validation accuracy is measured. */
    public boolean hasValidation() {
        return dataset.validationSize() > 0 || dataset.validationFraction() > 0;
    }
}
