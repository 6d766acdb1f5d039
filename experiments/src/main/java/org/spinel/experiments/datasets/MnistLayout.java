package org.spinel.experiments.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The file layout shared by MNIST, Fashion-MNIST and their relatives: one directory holding
 * {@code {train,t10k}-images-idx3-ubyte} (N × rows × cols unsigned pixels) and
 * {@code {train,t10k}-labels-idx1-ubyte} (N unsigned labels), each possibly gzip-compressed with a {@code .gz}
 * suffix. The dotted variant {@code train-images.idx3-ubyte} of some mirrors is accepted too. The first existing
 * name in {@link #candidateNames} order is used.
 */
public final class MnistLayout {
    private MnistLayout() {
    }

    /** File names tried for the images or labels of {@code part}, in order. */
    public static List<String> candidateNames(DatasetPart part, boolean images) {
        String kind = images ? "images" : "labels", format = images ? "idx3-ubyte" : "idx1-ubyte";
        String dash = part.prefix() + "-" + kind + "-" + format, dot = part.prefix() + "-" + kind + "." + format;
        return List.of(dash, dash + ".gz", dot, dot + ".gz");
    }

    /** The images file of {@code part} in {@code dir}, if one of the candidate names exists. */
    public static Optional<Path> imagesFile(Path dir, DatasetPart part) {
        return find(dir, candidateNames(part, true));
    }

    /** The labels file of {@code part} in {@code dir}, if one of the candidate names exists. */
    public static Optional<Path> labelsFile(Path dir, DatasetPart part) {
        return find(dir, candidateNames(part, false));
    }

    /** Whether {@code dir} holds both files of {@code part}. */
    public static boolean contains(Path dir, DatasetPart part) {
        return imagesFile(dir, part).isPresent() && labelsFile(dir, part).isPresent();
    }

    /** Why {@code dir} cannot serve {@code part} (for messages), or {@code null} if it can. */
    static String problem(Path dir, DatasetPart part) {
        if (!Files.isDirectory(dir)) {
            return Files.exists(dir) ? "not a directory" : "no such directory";
        }
        boolean img = imagesFile(dir, part).isPresent(), lab = labelsFile(dir, part).isPresent();
        if (img && lab) {
            return null;
        }
        String missing = !img && !lab ? names(part, true) + " and " + names(part, false)
                : !img ? names(part, true) : names(part, false);
        return "missing " + missing;
    }

    /** E.g. {@code train-images-idx3-ubyte[.gz]}. */
    static String names(DatasetPart part, boolean images) {
        return candidateNames(part, images).get(0) + "[.gz]";
    }

    /**
     * Loads {@code part} from {@code dir}.
     *
     * @throws DatasetNotFoundException if a file is missing (naming the directory and the names tried)
     * @throws IdxFormatException       if a file is not valid IDX or the two do not match
     */
    public static LabeledImages load(Path dir, DatasetPart part) throws IOException {
        String problem = problem(dir, part);
        if (problem != null) {
            throw new DatasetNotFoundException(dir + ": " + problem + " (names tried: "
                    + String.join(", ", candidateNames(part, true)) + "; "
                    + String.join(", ", candidateNames(part, false)) + ")");
        }
        return load(imagesFile(dir, part).orElseThrow(), labelsFile(dir, part).orElseThrow());
    }

    /**
     * Loads an images file (rank 3: N × rows × cols) and its labels file (rank 1: N).
     *
     * @throws IdxFormatException if a file is invalid, has the wrong rank, or the counts differ
     */
    public static LabeledImages load(Path imagesFile, Path labelsFile) throws IOException {
        IdxArray images = IdxReader.read(imagesFile);
        if (images.rank() != 3) {
            throw new IdxFormatException(imagesFile + ": an images file needs 3 dimensions (N × rows × cols), found "
                    + images + " (magic at offset 0)");
        }
        IdxArray labels = IdxReader.read(labelsFile);
        if (labels.rank() != 1) {
            throw new IdxFormatException(labelsFile + ": a labels file needs 1 dimension (N), found " + labels
                    + " (magic at offset 0)");
        }
        if (labels.dimension(0) != images.dimension(0)) {
            throw new IdxFormatException(labelsFile + " has " + labels.dimension(0) + " labels (count at offset 4) but "
                    + imagesFile + " has " + images.dimension(0) + " images");
        }
        int n = labels.dimension(0);
        int[] lab = new int[n];
        for (int i = 0; i < n; i++) {
            lab[i] = labels.unsigned(i);
        }
        return LabeledImages.wrap(images.data(), lab, images.dimension(1), images.dimension(2),
                imagesFile.toAbsolutePath().normalize().toString());
    }

    private static Optional<Path> find(Path dir, List<String> names) {
        for (String name : names) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
