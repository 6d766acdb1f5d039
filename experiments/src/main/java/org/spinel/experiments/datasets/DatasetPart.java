package org.spinel.experiments.datasets;

/** The two parts of an MNIST-style dataset, with the file-name prefix each uses. */
public enum DatasetPart {
    /** The training set ({@code train-*} files; 60 000 images for (Fashion-)MNIST). */
    TRAIN("train"),
    /** The test set ({@code t10k-*} files; 10 000 images). */
    TEST("t10k");

    private final String prefix;

    DatasetPart(String prefix) {
        this.prefix = prefix;
    }

    /** The file-name prefix: {@code "train"} or {@code "t10k"}. */
    public String prefix() {
        return prefix;
    }
}
