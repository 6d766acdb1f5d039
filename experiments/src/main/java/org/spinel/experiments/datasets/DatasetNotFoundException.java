package org.spinel.experiments.datasets;

import java.io.FileNotFoundException;

/**
 * A dataset was not found in any of the places searched. The message lists each place with the reason it was
 * rejected and says how to install the dataset or point Spinel at a copy.
 */
public final class DatasetNotFoundException extends FileNotFoundException {
    private static final long serialVersionUID = 1L;

    /** @param message the places searched and how to fix it */
    public DatasetNotFoundException(String message) {
        super(message);
    }
}
