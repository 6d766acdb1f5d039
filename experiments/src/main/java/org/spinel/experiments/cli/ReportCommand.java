package org.spinel.experiments.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.spinel.experiments.report.Report;
import org.spinel.experiments.report.ReportException;
import org.spinel.experiments.report.ReportRenderer;
import org.spinel.experiments.report.Reports;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spinel report [NAME...] [--check]}: renders the reports' tables and quoted figures from their committed
 * run files into the Markdown between the markers ({@link ReportRenderer}); {@code --check} writes nothing and exits
 * 1 when a document differs from what its files give.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Render reports (docs/reproductions/*.md, docs/performance.md) from their committed run files.")
public final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Reports to render (default: all): "
            + "chialvo-ring-star, nalsm, surrogate-gradients, performance.")
    List<String> names = new ArrayList<>();
    @Option(names = "--check", description = "Write nothing; exit 1 if a document is not what its run files give.")
    boolean check;
    @Option(names = "--root", description = "Repository root (default: the first directory at or above the current "
            + "one that holds docs/reproductions).")
    Path root;

    @Override
    public Integer call() throws IOException {
        List<Report> reports = new ArrayList<>();
        List<String> rendered = new ArrayList<>();
        Path base;
        try {
            base = root != null ? root : Reports.findRoot(Path.of(""));
            for (String n : names) {
                reports.add(Reports.get(n));
            }
            if (reports.isEmpty()) {
                reports.addAll(Reports.all());
            }
            for (Report r : reports) {
                rendered.add(ReportRenderer.render(base, r));
            }
        } catch (ReportException e) {
            System.err.println("spinel report: " + e.getMessage());
            return 2;
        }
        int stale = 0;
        for (int i = 0; i < reports.size(); i++) {
            Path doc = base.resolve(reports.get(i).document());
            String now = Files.readString(doc, StandardCharsets.UTF_8);
            if (now.equals(rendered.get(i))) {
                System.out.println(reports.get(i).document() + ": up to date");
            } else if (check) {
                stale++;
                System.out.println(reports.get(i).document() + ": differs from its run files (first difference at line "
                        + firstDifference(now, rendered.get(i)) + "; run `spinel report " + reports.get(i).name()
                        + "`)");
            } else {
                Files.writeString(doc, rendered.get(i), StandardCharsets.UTF_8);
                System.out.println(reports.get(i).document() + ": rendered");
            }
        }
        return stale == 0 ? 0 : 1;
    }

    /** The 1-based line of the first difference between two texts. */
    static int firstDifference(String a, String b) {
        String[] x = a.split("\n", -1), y = b.split("\n", -1);
        int i = 0;
        while (i < x.length && i < y.length && x[i].equals(y[i])) {
            i++;
        }
        return i + 1;
    }
}
