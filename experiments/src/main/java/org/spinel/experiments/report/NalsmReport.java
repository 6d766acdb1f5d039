package org.spinel.experiments.report;

/** {@code docs/reproductions/nalsm.md}, rendered from its committed run files. */
public final class NalsmReport implements Report {
    @Override
    public String name() {
        return "nalsm";
    }

    @Override
    public String document() {
        return "docs/reproductions/nalsm.md";
    }

    @Override
    public ReportContent content(RunFiles files) {
        ReportContent c = new ReportContent();
        return c;
    }
}
