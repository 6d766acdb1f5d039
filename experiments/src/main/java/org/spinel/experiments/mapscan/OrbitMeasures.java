package org.spinel.experiments.mapscan;

/**
 * What one orbit of a map scan measured. Measures not asked for (or undefined, such as spike phases of a node that
 * never spikes) are NaN.
 *
 * @param regime            the attractor kind
 * @param period            detected period (0 = none up to maxPeriod)
 * @param lyapunov          largest Lyapunov exponent (per iteration)
 * @param zeroOne           K of the 0-1 test on the observable
 * @param sampleEntropy     SampEn(2, 0.2·sd) of the observable
 * @param crossCorrelation  hub-referenced Γ over the x series
 * @param kuramotoGeometric R with θ = atan2(y, x)
 * @param kuramotoSpike     R with spike-interpolated phases
 * @param spikeRate         spikes per node per iteration (upward threshold crossings of x)
 * @param isiCv             mean over nodes of the ISI coefficient of variation (nodes with at least 3 spikes)
 * @param divergedNode      first node with a non-finite state, or −1
 * @param divergedIteration iteration at which the state became non-finite, or −1
 * @param samples           the last observable values (bifurcation diagram)
 * @param meanX             per-node mean of x over the measured iterations
 * @param stdX              per-node standard deviation of x
 * @param fixedPoint        the network fixed point near the synchronous one and its stability, or null
 * @param tail              the last states (x..., y...) of the orbit, kept when several initial conditions are
 *                          compared (attractor identification), else empty
 */
public record OrbitMeasures(Regime regime, int period, double lyapunov, double zeroOne, double sampleEntropy,
        double crossCorrelation, double kuramotoGeometric, double kuramotoSpike, double spikeRate, double isiCv,
        int divergedNode, long divergedIteration, double[] samples, double[] meanX, double[] stdX,
        FixedPointInfo fixedPoint, double[][] tail) {
}
