package org.spinel.experiments.datasets;

import java.util.Arrays;

import org.apache.commons.rng.UniformRandomProvider;
import org.spinel.networks.RandomStreams;
import org.spinel.neurons.ParameterException;

/**
 * A training set and a validation set drawn from one labelled set without overlap.
 * <ul>
 *   <li>{@link #random}: a uniformly random subset of {@code validationCount} images, drawn by a Fisher–Yates
 *       shuffle from the stream {@code "dataset/split"} of {@link RandomStreams}{@code (seed)} (Commons RNG).
 *       The same seed gives the same split on every machine. Both parts keep the original order.</li>
 *   <li>{@link #last}: the last {@code validationCount} images (NALSM uses the last 10 000 of the 60 000).</li>
 * </ul>
 *
 * @param train      the training part
 * @param validation the validation part
 * @param trainIndices      indices of the training images in the original set, increasing
 * @param validationIndices indices of the validation images in the original set, increasing
 */
public record TrainValidationSplit(LabeledImages train, LabeledImages validation, int[] trainIndices,
                                   int[] validationIndices) {
    /** The stream key under which the shuffle draws. */
    public static final String STREAM = "dataset/split";

    /** Copies the index arrays. */
    public TrainValidationSplit {
        trainIndices = trainIndices.clone();
        validationIndices = validationIndices.clone();
    }

    /** A copy of the training indices. */
    @Override
    public int[] trainIndices() {
        return trainIndices.clone();
    }

    /** A copy of the validation indices. */
    @Override
    public int[] validationIndices() {
        return validationIndices.clone();
    }

    /** A random split: {@code validationCount} images chosen uniformly without replacement, seeded. */
    public static TrainValidationSplit random(LabeledImages all, int validationCount, long seed) {
        int n = all.size();
        check(n, validationCount);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        UniformRandomProvider rng = new RandomStreams(seed).stream(STREAM);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] val = Arrays.copyOfRange(order, 0, validationCount);
        int[] tr = Arrays.copyOfRange(order, validationCount, n);
        Arrays.sort(val);
        Arrays.sort(tr);
        return new TrainValidationSplit(all.select(tr, all.source() + " (train part, seed " + seed + ")"),
                all.select(val, all.source() + " (validation part, seed " + seed + ")"), tr, val);
    }

    /** A random split with a fraction (in [0, 1]) of the images, rounded to the nearest count, for validation. */
    public static TrainValidationSplit random(LabeledImages all, double validationFraction, long seed) {
        if (!(validationFraction >= 0 && validationFraction <= 1)) {
            throw new ParameterException("validationFraction = " + validationFraction + ": expected a value in [0, 1]");
        }
        return random(all, (int) Math.round(validationFraction * all.size()), seed);
    }

    /** The last {@code validationCount} images for validation, the rest for training. */
    public static TrainValidationSplit last(LabeledImages all, int validationCount) {
        int n = all.size();
        check(n, validationCount);
        int cut = n - validationCount;
        int[] tr = new int[cut], val = new int[validationCount];
        for (int i = 0; i < n; i++) {
            if (i < cut) {
                tr[i] = i;
            } else {
                val[i - cut] = i;
            }
        }
        return new TrainValidationSplit(all.slice(0, cut), all.slice(cut, validationCount), tr, val);
    }

    private static void check(int n, int validationCount) {
        if (validationCount < 0 || validationCount > n) {
            throw new ParameterException("validationCount = " + validationCount + ": expected an integer in [0, " + n
                    + "] (the number of images)");
        }
    }
}
