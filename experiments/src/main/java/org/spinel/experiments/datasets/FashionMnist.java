package org.spinel.experiments.datasets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Xiao, Rasul &amp; Vollgraf 2017, arXiv:1708.07747): 60 000 training and 10 000 test images of
 * 28 × 28 grey pixels in 10 balanced classes, in the {@link MnistLayout}. Searched in a directory given
 * explicitly, else {@code $SPINEL_DATA_DIR/fashion-mnist}, then {@code /usr/share/datasets/fashion-mnist}
 * (where the Debian package {@code dataset-fashion-mnist} installs the gzip files); see {@link DatasetLocator}.
 */
public final class FashionMnist {
    /** Where {@code dataset-fashion-mnist} installs the files. */
    public static final Path SYSTEM_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");
    /** The command that installs the dataset on Debian and Ubuntu. */
    public static final String INSTALL_COMMAND = "sudo apt-get install -y dataset-fashion-mnist";
    /** The class names, by label. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    private static final DatasetLocator LOCATOR = new DatasetLocator("Fashion-MNIST", "fashion-mnist",
            List.of(SYSTEM_DIRECTORY), "To install it: " + INSTALL_COMMAND + " (files go to " + SYSTEM_DIRECTORY
                    + ").");

    private FashionMnist() {
    }

    /** The locator with this dataset's search path and install hint. */
    public static DatasetLocator locator() {
        return LOCATOR;
    }

    /**
     * Loads {@code part} from {@code directory}, or when it is null from the default places.
     *
     * @throws DatasetNotFoundException saying where it looked and how to install the dataset
     */
    public static LabeledImages load(Path directory, DatasetPart part) throws IOException {
        return LOCATOR.load(directory, part);
    }

    /** The 60 000 training images from the default places. */
    public static LabeledImages train() throws IOException {
        return load(null, DatasetPart.TRAIN);
    }

    /** The 10 000 test images from the default places. */
    public static LabeledImages test() throws IOException {
        return load(null, DatasetPart.TEST);
    }
}
