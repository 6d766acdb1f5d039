package org.spinel.experiments.datasets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * MNIST (LeCun, Bottou, Bengio &amp; Haffner 1998) or any other dataset in the {@link MnistLayout}. Not packaged
 * here: searched in a directory given explicitly, else {@code $SPINEL_DATA_DIR/mnist}.
 */
public final class Mnist {
    private static final DatasetLocator LOCATOR = new DatasetLocator("MNIST", "mnist", List.of(),
            "MNIST is not packaged here: put train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
                    + "t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz (from an MNIST mirror) in a directory.");

    private Mnist() {
    }

    /** The locator with this dataset's search path and hint. */
    public static DatasetLocator locator() {
        return LOCATOR;
    }

    /**
     * Loads {@code part} from {@code directory}, or when it is null from {@code $SPINEL_DATA_DIR/mnist}.
     *
     * @throws DatasetNotFoundException saying where it looked
     */
    public static LabeledImages load(Path directory, DatasetPart part) throws IOException {
        return LOCATOR.load(directory, part);
    }
}
