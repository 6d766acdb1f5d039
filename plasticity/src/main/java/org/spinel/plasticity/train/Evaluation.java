package org.spinel.plasticity.train;

/**
 * The result of {@link MiniBatchTrainer#evaluate}.
 *
 * @param accuracy  fraction of samples whose prediction equals the label (0 for no samples)
 * @param meanLoss  mean loss (0 for no samples)
 * @param predicted the predicted class of every sample
 */
public record Evaluation(double accuracy, double meanLoss, int[] predicted) {
}
