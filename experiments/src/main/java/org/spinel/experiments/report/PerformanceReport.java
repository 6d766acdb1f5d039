package org.spinel.experiments.report;

/** {@code docs/performance.md}, rendered from its committed run files. */
public final class PerformanceReport implements Report {
    @Override
    public String name() {
        return "performance";
    }

    @Override
    public String document() {
        return "docs/performance.md";
    }

    @Override
    public ReportContent content(RunFiles files) {
        ReportContent c = new ReportContent();
        return c;
    }
}
