package org.spinel.experiments.report;

import java.util.Arrays;

import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

/** Summary statistics of report columns (Commons Math), ignoring NaN entries. */
final class Stats {
    private Stats() {
    }

    static DescriptiveStatistics of(double[] v) {
        return new DescriptiveStatistics(Arrays.stream(v).filter(d -> !Double.isNaN(d)).toArray());
    }

    static double min(double[] v) {
        return nonEmpty(v).getMin();
    }

    static double max(double[] v) {
        return nonEmpty(v).getMax();
    }

    static double mean(double[] v) {
        return nonEmpty(v).getMean();
    }

    /** The median (Commons Math's default percentile estimate). */
    static double median(double[] v) {
        return nonEmpty(v).getPercentile(50);
    }

    /** The p-th percentile (0 &lt; p &le; 100). */
    static double percentile(double[] v, double p) {
        return nonEmpty(v).getPercentile(p);
    }

    private static DescriptiveStatistics nonEmpty(double[] v) {
        DescriptiveStatistics s = of(v);
        if (s.getN() == 0) {
            throw new ReportException("a statistic of no values");
        }
        return s;
    }
}
