package org.spinel.experiments.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Every report under {@code docs/} rendered from committed run files, by name. */
public final class Reports {
    private static final List<Report> ALL = List.of(new ChialvoRingStarReport(), new NalsmReport(),
            new SurrogateGradientsReport(), new EquilibriumPropagationReport(), new PerformanceReport());

    private Reports() {
    }

    /** All reports, in a fixed order. */
    public static List<Report> all() {
        return ALL;
    }

    /**
     * The report called {@code name}.
     *
     * @throws ReportException naming the known reports when there is none
     */
    public static Report get(String name) {
        for (Report r : ALL) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        throw new ReportException("no report \"" + name + "\" (expected one of " + names() + ")");
    }

    /** The reports' names. */
    public static List<String> names() {
        return ALL.stream().map(Report::name).toList();
    }

    /**
     * The repository root at or above {@code start}: the first directory that holds {@code docs/reproductions}.
     *
     * @throws ReportException when there is none
     */
    public static Path findRoot(Path start) {
        for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("docs/reproductions"))) {
                return p;
            }
        }
        throw new ReportException("no docs/reproductions at or above " + start.toAbsolutePath()
                + " (run in the repository or give --root)");
    }
}
