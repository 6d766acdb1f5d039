package org.spinel.experiments.continual;

import java.util.List;

import org.spinel.experiments.spec.EpTrainSpec;
import org.spinel.experiments.spec.TrainSpec;

/**
 * The validated settings of the {@code continual} protocol (docs/experiment-format.md, "protocol continual").
 *
 * @param train  surrogate-gradient credit ({@code "credit": "surrogate-gradient"}, the default): the network, encoder,
 *               surrogate, loss and optimiser, read as the {@code train} protocol reads them; {@code epochs} is the
 *               number of epochs per task (null with EP credit)
 * @param ep     equilibrium-propagation credit ({@code "credit": "equilibrium-propagation"}): the rate network,
 *               estimator, phases, homeostasis, optimiser and per-block projectors, read as the {@code ep-train}
 *               protocol reads them (null with surrogate-gradient credit)
 * @param tasks  the task sequence
 * @param method how the tasks are learnt
 * @param replayPerClass {@link Method#REPLAY}: training images stored per class of each finished task (else 0)
 * @param ewc    {@link Method#EWC}: its settings (else null)
 * @param compareOracle {@link Method#SEQUENTIAL}: whether each {@code hlop} block is shadowed by its exact oracle
 *               and the principal angles recorded (off for timing HLOP alone)
 */
public record ContinualSpec(TrainSpec train, EpTrainSpec ep, Tasks tasks, Method method, int replayPerClass, Ewc ewc,
        boolean compareOracle) {
    /** The credit methods, by JSON name. */
    public static final List<String> CREDITS = List.of("surrogate-gradient", "equilibrium-propagation");

    /** The dataset the tasks are made of. */
    public TrainSpec.Dataset dataset() {
        return ep != null ? ep.dataset() : train.dataset();
    }

    /** Epochs per task. */
    public int epochs() {
        return ep != null ? ep.epochs() : train.epochs();
    }

    /** Samples per optimiser step. */
    public int batchSize() {
        return ep != null ? ep.batchSize() : train.batchSize();
    }

    /** Whether a last incomplete batch is dropped. */
    public boolean dropLast() {
        return ep != null ? ep.dropLast() : train.dropLast();
    }

    /** The optimiser. */
    public TrainSpec.OptimizerSpec optimizer() {
        return ep != null ? ep.optimizer() : train.optimizer();
    }

    /**
     * Online EWC settings ({@link org.spinel.plasticity.continual.OnlineEwc}).
     *
     * @param lambda        the penalty's strength λ
     * @param gamma         the decay of earlier tasks' importance
     * @param fisherSamples training images of a finished task its Fisher information is estimated on (the first ones)
     */
    public record Ewc(double lambda, double gamma, int fisherSamples) {
    }

    /** The methods, by JSON name. */
    public enum Method {
        /**
         * Tasks one after another with the layers' projectors (HLOP when they are {@code hlop}; each {@code hlop}
         * block is then shadowed by its exact oracle, and the principal angles between the two are recorded).
         */
        SEQUENTIAL("sequential"),
        /** Tasks one after another without projectors: plain fine-tuning, the forgetting baseline. */
        FINETUNE("finetune"),
        /** Every task's data at once (batches of the tasks interleaved): the joint-training upper bound. */
        MULTITASK("multitask"),
        /**
         * Sequential fine-tuning with experience replay: a fixed number of training images per class of each finished
         * task is kept, and every step on the current task is followed by one step on a batch of one earlier task's
         * stored images (with that task's head).
         */
        REPLAY("replay"),
        /** Sequential fine-tuning with online elastic weight consolidation (a quadratic penalty, no projector). */
        EWC("ewc"),
        /**
         * Tasks one after another with each layer's {@code hlop} projector replaced by its exact projection oracle
         * ({@link org.spinel.plasticity.projection.OracleSubspaceProjector}: the same schedule, the subspace from the
         * SVD of each task's stored presynaptic activity instead of Oja's rule).
         */
        ORACLE("oracle");

        private final String json;

        Method(String json) {
            this.json = json;
        }

        /** The JSON name. */
        public String json() {
            return json;
        }

        /** The JSON names, in order. */
        public static List<String> names() {
            return java.util.Arrays.stream(values()).map(Method::json).toList();
        }

        /** The method named {@code s}. */
        public static Method of(String s) {
            for (Method m : values()) {
                if (m.json.equals(s)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("method " + s + ": expected one of " + names());
        }
    }

    /**
     * The task sequence.
     *
     * @param type          {@code "permuted"} (one pixel permutation per task) or {@code "split"} (class groups)
     * @param count         the number of tasks
     * @param identityFirst permuted: whether task 0 sees the images unpermuted
     * @param classes       split: the classes of each task
     * @param scenario      split: {@code "task-incremental"} (a head per task: the other tasks' logits masked) or
     *                      {@code "class-incremental"} (one shared head); permuted tasks share the head
     * @param trainPerTask  training images per task (at most; -1 for all of the task's images)
     * @param testPerTask   test images per task (at most; -1 for all)
     */
    public record Tasks(String type, int count, boolean identityFirst, List<int[]> classes, String scenario,
            int trainPerTask, int testPerTask) {
        /** Whether each task has its own head (masked logits). */
        public boolean taskIncremental() {
            return type.equals("split") && scenario.equals("task-incremental");
        }
    }
}
