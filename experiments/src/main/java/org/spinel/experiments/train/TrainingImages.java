package org.spinel.experiments.train;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.spinel.experiments.datasets.DatasetPart;
import org.spinel.experiments.datasets.FashionMnist;
import org.spinel.experiments.datasets.LabeledImages;
import org.spinel.experiments.datasets.Mnist;
import org.spinel.experiments.datasets.TrainValidationSplit;
import org.spinel.experiments.spec.ExperimentException;
import org.spinel.experiments.spec.TrainSpec;
import org.spinel.experiments.spec.ValidationError;

/**
 * The images of a training run ({@code train}, {@code ep-train}): the dataset's training and test files loaded,
 * checked against the experiment, sliced to the first {@code trainSamples} / {@code testSamples} images (capped in
 * {@code --quick} mode) and the validation images split off the training images with the experiment seed
 * ({@link TrainValidationSplit}).
 *
 * @param train             the training images (after the split)
 * @param trainIndices      each training image's index in its file
 * @param validation        the validation images, or null
 * @param validationIndices each validation image's index in the training file, or null
 * @param test              the test images
 * @param classes           the classes of the dataset (the larger count of the two files)
 * @param pixels            pixels per image
 * @param loadS             seconds spent loading
 */
record TrainingImages(LabeledImages train, int[] trainIndices, LabeledImages validation, int[] validationIndices,
        LabeledImages test, int classes, int pixels, double loadS) {

    /** The protocol's own checks of the loaded files, before any is sliced; problems go into {@code problems}. */
    @FunctionalInterface
    interface Checks {
        /**
         * @param train   the whole training file (its {@link LabeledImages#source()} and image shape for messages)
         * @param classes the classes of the dataset
         */
        void check(LabeledImages train, int classes, List<ValidationError> problems);
    }

    /**
     * Loads the images.
     *
     * @param quickTrain the training images kept in {@code --quick} mode (before the split)
     * @param quickTest  the test images kept in {@code --quick} mode
     * @throws ExperimentException (exit 2) naming every problem by its pointer
     */
    static TrainingImages load(TrainSpec.Dataset d, long seed, boolean quick, int quickTrain, int quickTest,
            Checks checks) throws IOException {
        long t0 = System.nanoTime();
        boolean fashion = d.name().equals("fashion-mnist");
        LabeledImages trainAll = fashion ? FashionMnist.load(d.directory(), DatasetPart.TRAIN)
                : Mnist.load(d.directory(), DatasetPart.TRAIN);
        LabeledImages testAll = fashion ? FashionMnist.load(d.directory(), DatasetPart.TEST)
                : Mnist.load(d.directory(), DatasetPart.TEST);
        List<ValidationError> problems = new ArrayList<>();
        int np = trainAll.pixelsPerImage();
        if (testAll.pixelsPerImage() != np) {
            problems.add(new ValidationError("/protocol/dataset", "training images of " + trainAll.rows() + " × "
                    + trainAll.cols() + " but test images of " + testAll.rows() + " × " + testAll.cols(),
                    "one image size in both files"));
        }
        int classes = Math.max(trainAll.classCount(), testAll.classCount());
        checks.check(trainAll, classes, problems);
        if (d.trainSamples() > trainAll.size()) {
            problems.add(new ValidationError("/protocol/dataset/trainSamples", Integer.toString(d.trainSamples()),
                    "at most " + trainAll.size() + " (the training images in " + trainAll.source() + ") or \"all\""));
        }
        if (d.testSamples() > testAll.size()) {
            problems.add(new ValidationError("/protocol/dataset/testSamples", Integer.toString(d.testSamples()),
                    "at most " + testAll.size() + " (the test images in " + testAll.source() + ") or \"all\""));
        }
        if (!problems.isEmpty()) {
            throw new ExperimentException(problems);
        }
        int nTrain = d.trainSamples() > 0 ? d.trainSamples() : trainAll.size();
        int nTest = d.testSamples() > 0 ? d.testSamples() : testAll.size();
        if (quick) {
            nTrain = Math.min(nTrain, quickTrain);
            nTest = Math.min(nTest, quickTest);
        }
        LabeledImages train = nTrain < trainAll.size() ? trainAll.slice(0, nTrain) : trainAll;
        LabeledImages test = nTest < testAll.size() ? testAll.slice(0, nTest) : testAll;
        int nVal = d.validationSize() > 0 ? d.validationSize() : (int) Math.round(d.validationFraction() * train.size());
        if (nVal >= train.size()) {
            throw new ExperimentException(List.of(new ValidationError("/protocol/dataset/validationSize",
                    Integer.toString(nVal), "fewer than the " + train.size() + " training images")));
        }
        int[] trainIdx, valIdx = null;
        LabeledImages validation = null;
        if (nVal > 0) {
            TrainValidationSplit split = TrainValidationSplit.random(train, nVal, seed);
            train = split.train();
            validation = split.validation();
            trainIdx = split.trainIndices();
            valIdx = split.validationIndices();
        } else {
            trainIdx = identity(train.size());
        }
        return new TrainingImages(train, trainIdx, validation, valIdx, test, classes, np,
                (System.nanoTime() - t0) / 1e9);
    }

    /** {@code 0, 1, ..., n − 1}. */
    static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }
}
