package org.spinel.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spinel.experiments.SpinelCli;

/**
 * Every report under docs/ is exactly what its committed run files give (a stale table or figure fails the build),
 * and the check does fail when a committed number changes.
 */
class ReportsTest {
    /** The repository root (tests run in the experiments module's directory). */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    @TempDir
    Path tmp;

    static Stream<Report> reports() {
        return Reports.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reports")
    void committedReportIsWhatItsRunFilesGive(Report report) throws IOException {
        String committed = Files.readString(ROOT.resolve(report.document()), StandardCharsets.UTF_8);
        String rendered = ReportRenderer.render(ROOT, report);
        assertEquals(committed, rendered, report.document() + " is stale: run `./spinel report " + report.name()
                + "` and commit the result");
        assertTrue(committed.contains("<!-- spinel:"), report.document() + " has markers");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reports")
    void everyRunFileAReportReadsIsTrackedByGit(Report report) throws IOException, InterruptedException {
        Path doc = ROOT.resolve(report.document());
        RunFiles files = new RunFiles(ROOT, doc.getParent());
        ReportRenderer.render(Files.readString(doc), report.document(), report.content(files), files);
        assertFalse(files.filesRead().isEmpty());
        Assumptions.assumeTrue(git("rev-parse", "--is-inside-work-tree") == 0, "a git checkout with git installed");
        for (Path f : files.filesRead()) {
            // a run file under an ignored path (.gitignore's runs/, target/) would be missing from a fresh checkout
            assertEquals(0, git("ls-files", "--error-unmatch", ROOT.relativize(f).toString()), ROOT.relativize(f)
                    + " is read by " + report.name() + " but not tracked by git (ignored, or not added yet)");
        }
    }

    /** Exit status of git with these arguments in the repository root (-1 when git cannot be started). */
    static int git(String... args) throws InterruptedException {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("git"));
        cmd.addAll(java.util.List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor();
        } catch (IOException e) {
            return -1;
        }
    }

    /** A copy of what the reports read: docs/ and bench/results/. */
    Path copyOfTheRepository() throws IOException {
        Path root = tmp.resolve("repo");
        for (String dir : new String[] {"docs", "bench/results"}) {
            Path from = ROOT.resolve(dir);
            try (Stream<Path> walk = Files.walk(from)) {
                for (Path p : (Iterable<Path>) walk::iterator) {
                    Path to = root.resolve(dir).resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(p, to);
                    }
                }
            }
        }
        return root;
    }

    static void replaceOnce(Path file, String from, String to) throws IOException {
        String s = Files.readString(file, StandardCharsets.UTF_8);
        int i = s.indexOf(from);
        assertTrue(i >= 0, file + " contains " + from);
        Files.writeString(file, s.substring(0, i) + to + s.substring(i + from.length()), StandardCharsets.UTF_8);
    }

    @Test
    void changingOneCommittedNumberFailsTheCheck() throws IOException {
        Path copy = copyOfTheRepository();
        assertEquals(0, SpinelCli.execute("report", "--check", "--root", copy.toString()), "the copy is up to date");
        // one quoted figure read straight from a run file: the k0 scan's run time
        Path metrics = copy.resolve("docs/reproductions/chialvo-ring-star/scans/k0-scan/metrics.json");
        String run = Files.readString(metrics).replaceAll("(?s).*\"run_s\" : ([0-9.]+).*", "$1");
        replaceOnce(metrics, "\"run_s\" : " + run, "\"run_s\" : " + (Double.parseDouble(run) + 0.5));
        assertEquals(1, SpinelCli.execute("report", "--check", "--root", copy.toString()), "a stale figure fails");
        // rendering brings the document back in step
        assertEquals(0, SpinelCli.execute("report", "chialvo-ring-star", "--root", copy.toString()));
        assertEquals(0, SpinelCli.execute("report", "--check", "--root", copy.toString()));
        assertNotEquals(Files.readString(ROOT.resolve("docs/reproductions/chialvo-ring-star.md")),
                Files.readString(copy.resolve("docs/reproductions/chialvo-ring-star.md")));
    }

    @Test
    void changingOneRowOfAScanTableChangesATableAndACount() throws IOException {
        Path copy = copyOfTheRepository();
        Report chialvo = Reports.get("chialvo-ring-star");
        String before = ReportRenderer.render(copy, chialvo);
        // relabel the first chaotic orbit of the k0 scan as quasi-periodic: the count and the table change
        Path scan = copy.resolve("docs/reproductions/chialvo-ring-star/scans/k0-scan/scan.csv");
        replaceOnce(scan, ",chaotic,3,", ",quasi-periodic,2,");
        String after = ReportRenderer.render(copy, chialvo);
        assertNotEquals(before, after);
        String count = "<!-- spinel:value k0.chaotic -->";
        int n = Integer.parseInt(cut(before, count)), m = Integer.parseInt(cut(after, count));
        assertEquals(n - 1, m, "one chaotic point fewer");
    }

    static String cut(String doc, String open) {
        int i = doc.indexOf(open) + open.length();
        return doc.substring(i, doc.indexOf("<!--", i));
    }

    @Test
    void aMissingRunFileIsAnInputErrorNamingIt() throws IOException {
        Path copy = copyOfTheRepository();
        Files.delete(copy.resolve("docs/reproductions/chialvo-ring-star/scans/mu-scan/metrics.json"));
        ReportException e = assertThrows(ReportException.class,
                () -> ReportRenderer.render(copy, Reports.get("chialvo-ring-star")));
        assertTrue(e.getMessage().contains("mu-scan/metrics.json"), e.getMessage());
        assertEquals(2, SpinelCli.execute("report", "--check", "--root", copy.toString()));
        assertEquals(2, SpinelCli.execute("report", "no-such-report", "--root", copy.toString()));
    }
}
