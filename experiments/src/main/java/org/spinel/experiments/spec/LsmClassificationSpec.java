package org.spinel.experiments.spec;

import java.nio.file.Path;
import java.util.List;

/**
 * The {@code lsm-classification} protocol (NALSM, Ivanov &amp; Michmizos 2021; spec nalsm.md "Protocol"): an
 * unsupervised initialisation phase of many short presentations with plasticity on (the organised weights W_INI),
 * a feature phase that runs every sample from W_INI for the experiment's {@code duration} and counts the spikes of
 * each liquid neuron, and a softmax readout trained on those counts with early stopping on the validation split.
 * See docs/experiment-format.md.
 *
 * @param dataset        where the images come from and how they are split
 * @param input          the external source fed with each sample's input code (one unit per pixel)
 * @param liquid         the populations whose spike counts are the features (and whose internal synapses define
 *                       the branching factor), in feature order
 * @param initialization the unsupervised phase
 * @param features       the feature phase
 * @param readout        the readout training
 * @param branching      branching-factor measurement
 * @param quick          the reduced sizes used by {@code --quick}
 */
public record LsmClassificationSpec(Dataset dataset, String input, List<String> liquid, Initialization initialization,
        Features features, Readout readout, Branching branching, Quick quick) {

    /** Dataset names. */
    public static final List<String> DATASETS = List.of("fashion-mnist", "mnist");

    /**
     * @param name       "fashion-mnist" or "mnist" (IDX files in the MNIST layout)
     * @param directory  where the IDX files are, or null for the default places ({@code $SPINEL_DATA_DIR/<name>}, then
     *                   the system directory)
     * @param train      training samples: the first {@code train} images of the training file
     * @param validation validation samples: the {@code validation} images after them (the paper: the last 10 000 of
     *                   the 60 000)
     * @param test       test samples: the first {@code test} images of the test file
     */
    public record Dataset(String name, Path directory, int train, int validation, int test) {
    }

    /**
     * @param samples        presentations (0: no initialisation, the liquid keeps its initial weights)
     * @param presentationMs duration of each presentation (the paper: 20 ms)
     * @param checkpoints    branching-factor measurements spread over the phase (the first before it starts)
     */
    public record Initialization(int samples, double presentationMs, int checkpoints) {
    }

    /**
     * @param plasticity     whether the projections' plasticity stays on while features are extracted (the paper: on,
     *                       each sample starting from W_INI)
     * @param astrocyteDecay the per-ms decay set on every astrocyte in this phase (the paper: 0.99; 1 = none)
     */
    public record Features(boolean plasticity, double astrocyteDecay) {
    }

    /**
     * @param epochs       most training epochs
     * @param batchSize    mini-batch size
     * @param learningRate Adam learning rate
     * @param l2           L2 penalty (weight decay) on the readout weights
     * @param patience     stop after this many epochs without a better validation accuracy
     */
    public record Readout(int epochs, int batchSize, double learningRate, double l2, int patience) {
    }

    /** @param samples samples per measurement (the paper: 20 samples of 250 ms) */
    public record Branching(int samples) {
    }

    /**
     * Sizes used by {@code --quick}.
     *
     * @param initialization initialisation presentations
     * @param train          training samples
     * @param validation     validation samples
     * @param test           test samples
     * @param epochs         readout epochs
     */
    public record Quick(int initialization, int train, int validation, int test, int epochs) {
    }

    /** This spec shortened to its {@link #quick()} sizes (never longer than the full run). */
    public LsmClassificationSpec shortened() {
        Dataset d = new Dataset(dataset.name(), dataset.directory(), Math.min(dataset.train(), quick.train()),
                Math.min(dataset.validation(), quick.validation()), Math.min(dataset.test(), quick.test()));
        Initialization i = new Initialization(Math.min(initialization.samples(), quick.initialization()),
                initialization.presentationMs(), Math.min(initialization.checkpoints(), 3));
        Readout r = new Readout(Math.min(readout.epochs(), quick.epochs()), readout.batchSize(), readout.learningRate(),
                readout.l2(), readout.patience());
        Branching b = new Branching(Math.min(branching.samples(), Math.min(d.validation(), d.test())));
        return new LsmClassificationSpec(d, input, liquid, i, features, r, b, quick);
    }
}
