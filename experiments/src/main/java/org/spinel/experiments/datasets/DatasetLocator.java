package org.spinel.experiments.datasets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the directory of an MNIST-style dataset ({@link MnistLayout}):
 * <ol>
 *   <li>a directory given explicitly (JSON, command line or Java) — if one is given it is the only place looked
 *       at, so an explicit choice is never silently replaced by another copy;</li>
 *   <li>otherwise {@code $SPINEL_DATA_DIR/<subdirectory>} when the environment variable is set;</li>
 *   <li>then the system directories (e.g. {@code /usr/share/datasets/fashion-mnist} of a Debian package).</li>
 * </ol>
 * The first directory holding both files of the requested part wins. When none does, a
 * {@link DatasetNotFoundException} lists every place with why it was rejected and the install hint.
 */
public final class DatasetLocator {
    /** The environment variable naming the root of the user's datasets. */
    public static final String ENV = "SPINEL_DATA_DIR";
    private final String displayName, subdirectory, installHint;
    private final List<Path> systemDirectories;

    /**
     * @param displayName       e.g. {@code "Fashion-MNIST"}
     * @param subdirectory      the directory under {@code $SPINEL_DATA_DIR}, e.g. {@code "fashion-mnist"}
     * @param systemDirectories places a system package installs the files, in order (may be empty)
     * @param installHint       a sentence on how to obtain the files, e.g. the apt command
     */
    public DatasetLocator(String displayName, String subdirectory, List<Path> systemDirectories, String installHint) {
        this.displayName = displayName;
        this.subdirectory = subdirectory;
        this.systemDirectories = List.copyOf(systemDirectories);
        this.installHint = installHint;
    }

    /** The dataset's name for messages. */
    public String displayName() {
        return displayName;
    }

    /** The directory name under {@code $SPINEL_DATA_DIR}. */
    public String subdirectory() {
        return subdirectory;
    }

    /** The system directories searched last. */
    public List<Path> systemDirectories() {
        return systemDirectories;
    }

    /**
     * The places searched, in order: {@code [explicit]} if {@code explicit} is not null, else
     * {@code $SPINEL_DATA_DIR/<subdirectory>} (if {@code spinelDataDir} is set) and the system directories.
     */
    public List<Path> searchPath(Path explicit, String spinelDataDir) {
        List<Path> out = new ArrayList<>();
        if (explicit != null) {
            out.add(explicit);
            return out;
        }
        if (spinelDataDir != null && !spinelDataDir.isBlank()) {
            out.add(Path.of(spinelDataDir).resolve(subdirectory));
        }
        out.addAll(systemDirectories);
        return out;
    }

    /** {@link #locate(Path, String, DatasetPart)} with {@code $SPINEL_DATA_DIR} from the environment. */
    public Path locate(Path explicit, DatasetPart part) throws DatasetNotFoundException {
        return locate(explicit, System.getenv(ENV), part);
    }

    /**
     * The first directory of the {@link #searchPath} that holds both files of {@code part}.
     *
     * @param explicit      a directory chosen by the user, or null
     * @param spinelDataDir the value of {@code $SPINEL_DATA_DIR}, or null if unset
     * @throws DatasetNotFoundException listing each place searched, why it was rejected and how to install
     */
    public Path locate(Path explicit, String spinelDataDir, DatasetPart part) throws DatasetNotFoundException {
        List<Path> path = searchPath(explicit, spinelDataDir);
        StringBuilder why = new StringBuilder();
        for (Path dir : path) {
            String problem = MnistLayout.problem(dir, part);
            if (problem == null) {
                return dir;
            }
            String role = dir == explicit ? "given directory"
                    : systemDirectories.contains(dir) ? "system" : "$" + ENV + "/" + subdirectory;
            why.append("\n  ").append(dir).append("  (").append(role).append("): ").append(problem);
        }
        StringBuilder m = new StringBuilder(displayName).append(" (").append(part.name().toLowerCase())
                .append(" set) not found; looked for ").append(MnistLayout.names(part, true)).append(" and ")
                .append(MnistLayout.names(part, false)).append(" in:").append(why);
        if (explicit == null && (spinelDataDir == null || spinelDataDir.isBlank())) {
            m.append("\n  ($").append(ENV).append(" is not set)");
        }
        m.append("\n").append(installHint);
        if (explicit != null) {
            m.append("\nOr leave the directory unset to search $").append(ENV).append("/").append(subdirectory);
            if (!systemDirectories.isEmpty()) {
                m.append(" and ").append(systemDirectories.get(0));
            }
            m.append('.');
        } else {
            m.append("\nOr pass the directory holding the files explicitly, or set ").append(ENV)
                    .append(" to a directory that has a ").append(subdirectory).append("/ subdirectory with them.");
        }
        throw new DatasetNotFoundException(m.toString());
    }

    /**
     * The files {@link #load} reads for {@code part}: the images file, then the labels file (what a run's manifest
     * identifies by SHA-256).
     */
    public List<Path> files(Path explicit, DatasetPart part) throws DatasetNotFoundException {
        Path dir = locate(explicit, part);
        return List.of(MnistLayout.imagesFile(dir, part).orElseThrow(), MnistLayout.labelsFile(dir, part).orElseThrow());
    }

    /**
     * The files of both parts of the dataset {@code name} ("fashion-mnist" or "mnist") that {@link #load} reads, by
     * role {@code <name>/<part>/images|labels} (what a run's manifest identifies by SHA-256).
     */
    public static java.util.Map<String, Path> filesOf(String name, Path explicit) throws DatasetNotFoundException {
        DatasetLocator l = name.equals("mnist") ? Mnist.locator() : FashionMnist.locator();
        java.util.Map<String, Path> out = new java.util.LinkedHashMap<>();
        for (DatasetPart part : DatasetPart.values()) {
            List<Path> f = l.files(explicit, part);
            String role = name + "/" + part.name().toLowerCase();
            out.put(role + "/images", f.get(0));
            out.put(role + "/labels", f.get(1));
        }
        return out;
    }

    /** Locates and loads {@code part}. */
    public LabeledImages load(Path explicit, DatasetPart part) throws IOException {
        return MnistLayout.load(locate(explicit, part), part);
    }
}
