package org.spinel.experiments.report;

/** {@code docs/reproductions/surrogate-gradients.md}, rendered from its committed run files. */
public final class SurrogateGradientsReport implements Report {
    @Override
    public String name() {
        return "surrogate-gradients";
    }

    @Override
    public String document() {
        return "docs/reproductions/surrogate-gradients.md";
    }

    @Override
    public ReportContent content(RunFiles files) {
        ReportContent c = new ReportContent();
        return c;
    }
}
