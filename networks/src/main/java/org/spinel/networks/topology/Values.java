package org.spinel.networks.topology;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.spinel.neurons.Check;
import org.spinel.neurons.ParameterException;

/**
 * Factories of {@link ValueDistribution}s for weights, delays and initial values. Every factory validates its
 * parameters; all draws come from the stream passed to {@code sample}.
 */
public final class Values {
    private Values() {
    }

    /** Always {@code v}. */
    public static ValueDistribution constant(double v) {
        Check.finite("constant", v, "");
        return named((j, i, rng) -> v, "constant(" + v + ")");
    }

    /** Uniform on {@code [lo, hi)}. */
    public static ValueDistribution uniform(double lo, double hi) {
        Check.finite("uniform.low", lo, "");
        Check.finite("uniform.high", hi, "");
        if (!(lo <= hi)) {
            throw new ParameterException("uniform.low = " + lo + ": expected a value <= high = " + hi);
        }
        return named((j, i, rng) -> lo + (hi - lo) * rng.nextDouble(), "uniform(" + lo + ", " + hi + ")");
    }

    /** Normal with mean and standard deviation (Ziggurat sampler of Commons RNG). */
    public static ValueDistribution normal(double mean, double sd) {
        Check.finite("normal.mean", mean, "");
        Check.nonNegative("normal.sd", sd, "");
        return named((j, i, rng) -> mean + sd * gauss(rng), "normal(" + mean + ", " + sd + ")");
    }

    /** Normal truncated to {@code [lo, hi]} by resampling. */
    public static ValueDistribution normal(double mean, double sd, double lo, double hi) {
        Check.finite("normal.mean", mean, "");
        Check.nonNegative("normal.sd", sd, "");
        if (!(lo < hi) || Double.isNaN(lo) || Double.isNaN(hi)) {
            throw new ParameterException("normal.low = " + lo + ": expected a value < high = " + hi);
        }
        return named((j, i, rng) -> {
            for (int tries = 0; tries < 10_000; tries++) {
                double v = mean + sd * gauss(rng);
                if (v >= lo && v <= hi) {
                    return v;
                }
            }
            throw new ParameterException("normal(" + mean + ", " + sd + ") truncated to [" + lo + ", " + hi
                    + "]: the interval holds almost no probability; expected bounds near the mean");
        }, "normal(" + mean + ", " + sd + ", [" + lo + ", " + hi + "])");
    }

    /** Lognormal: {@code exp(N(mu, sigma))}. */
    public static ValueDistribution lognormal(double mu, double sigma) {
        Check.finite("lognormal.mu", mu, "");
        Check.nonNegative("lognormal.sigma", sigma, "");
        return named((j, i, rng) -> Math.exp(mu + sigma * gauss(rng)), "lognormal(" + mu + ", " + sigma + ")");
    }

    /** Lognormal with the given mean and standard deviation of the values themselves. */
    public static ValueDistribution lognormalFromMean(double mean, double std) {
        Check.positive("lognormal.mean", mean, "");
        Check.nonNegative("lognormal.std", std, "");
        double s2 = Math.log1p(std * std / (mean * mean));
        return lognormal(Math.log(mean) - s2 / 2, Math.sqrt(s2));
    }

    /** One given value per neuron: neuron i starts at {@code values[i]} (see {@link PerNeuronValues}). */
    public static PerNeuronValues perNeuron(double... values) {
        return new PerNeuronValues(values);
    }

    /** {@code +magnitude} or {@code −magnitude} with probability ½ each (NALSM's input synapses: ±3). */
    public static ValueDistribution randomSign(double magnitude) {
        Check.finite("randomSign.magnitude", magnitude, "");
        return named((j, i, rng) -> rng.nextBoolean() ? magnitude : -magnitude, "random-sign(" + magnitude + ")");
    }

    /**
     * Chooses the distribution by the pair's types: {@code table[preType[pre]][postType[post]]} (e.g. E/I labels
     * 0/1 for a liquid kept in one population).
     */
    public static ValueDistribution byPairType(int[] preType, int[] postType, ValueDistribution[][] table) {
        int[] pt = preType.clone(), qt = postType.clone();
        for (int k = 0; k < pt.length; k++) {
            Check.inRange("byPairType.preType[" + k + "]", pt[k], 0, table.length - 1, "");
        }
        for (int k = 0; k < qt.length; k++) {
            Check.inRange("byPairType.postType[" + k + "]", qt[k], 0, table[0].length - 1, "");
        }
        return named((j, i, rng) -> table[pt[j]][qt[i]].sample(j, i, rng), "by-pair-type");
    }

    private static double gauss(UniformRandomProvider rng) {
        return ZigguratSampler.NormalizedGaussian.of(rng).sample();
    }

    private static ValueDistribution named(ValueDistribution d, String description) {
        return new ValueDistribution() {
            @Override
            public double sample(int pre, int post, UniformRandomProvider rng) {
                return d.sample(pre, post, rng);
            }

            @Override
            public String describe() {
                return description;
            }
        };
    }
}
