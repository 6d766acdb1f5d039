package org.spinel.experiments.mapscan;

import java.util.Arrays;

import org.spinel.experiments.spec.MapScanSpec;
import org.spinel.networks.coupling.ChialvoNetworkMap;
import org.spinel.results.analysis.LyapunovExponents;
import org.spinel.results.analysis.Periods;
import org.spinel.results.analysis.SampleEntropy;
import org.spinel.results.analysis.Synchrony;
import org.spinel.results.analysis.ZeroOneTest;

/**
 * Iterates one orbit of a Chialvo map network and measures it (one instance per thread: it owns its buffers).
 *
 * <p>The largest Lyapunov exponent comes from the tangent map iterated along the same orbit
 * ({@link LyapunovExponents.Largest}: renormalised every iteration, aligned during the transient, averaged over the
 * measured iterations); the period is the smallest p such that every node's x repeats within
 * {@code periodTolerance·(1 + |x|)} over the last 2000 measured iterations ({@link Periods#detect(double[][], int,
 * int, double)}); the other measures are those of {@code results.analysis} on the measured part of the orbit.
 */
public final class OrbitAnalysis {
    /** States kept per orbit for attractor identification. */
    static final int TAIL = 400;
    private final MapScanSpec spec;
    private final ZeroOneTest.Workspace zeroOne = new ZeroOneTest.Workspace();

    /** @param spec the scan settings */
    public OrbitAnalysis(MapScanSpec spec) {
        this.spec = spec;
    }

    /**
     * Iterates {@code f} from {@code s0} and measures the orbit.
     *
     * @param fixedPoint the map's fixed point (it does not depend on the orbit: computed once per parameter point),
     *                   recorded as is; null when not asked for or not found
     */
    public OrbitMeasures analyse(ChialvoNetworkMap f, double[] s0, FixedPointInfo fixedPoint) {
        int n = f.nodes(), d = 2 * n, total = spec.iterations(), tr = spec.transientSteps(), meas = total - tr;
        boolean lyap = spec.has("lyapunov");
        boolean keepY = spec.has("kuramoto");
        double th = f.model().threshold();
        double[][] xs = new double[meas][n];
        double[][] ys = keepY ? new double[meas][n] : null;
        double[] obs = new double[meas];
        int[] spikeCount = new int[n];
        long[][] spikes = new long[n][16];
        boolean keepTail = spec.initialConditions() > 1;
        int tailLen = Math.min(TAIL, meas);
        double[][] tail = keepTail ? new double[tailLen][] : null;
        double[] s = s0.clone(), next = new double[d];
        LyapunovExponents.Largest largest = lyap ? new LyapunovExponents.Largest(d) : null;
        int divergedNode = -1;
        long divergedAt = -1;
        for (int t = 0; t < total; t++) {
            if (lyap) {
                largest.step(f, s, next, t >= tr);
            } else {
                f.apply(s, next);
            }
            for (int i = 0; i < d; i++) {
                if (!(Math.abs(next[i]) < Double.POSITIVE_INFINITY)) {
                    divergedNode = i % n;
                    divergedAt = t + 1;
                    break;
                }
            }
            if (divergedNode >= 0) {
                break;
            }
            if (t >= tr) {
                int r = t - tr;
                for (int i = 0; i < n; i++) {
                    if (s[i] < th && next[i] >= th) {
                        if (spikeCount[i] == spikes[i].length) {
                            spikes[i] = Arrays.copyOf(spikes[i], spikeCount[i] * 2);
                        }
                        spikes[i][spikeCount[i]++] = r;
                    }
                }
                System.arraycopy(next, 0, xs[r], 0, n);
                if (keepY) {
                    System.arraycopy(next, n, ys[r], 0, n);
                }
                obs[r] = next[spec.observableNode()];
                if (keepTail && r >= meas - tailLen) {
                    tail[r - (meas - tailLen)] = next.clone();
                }
            }
            double[] tmp = s;
            s = next;
            next = tmp;
        }
        double nan = Double.NaN;
        if (divergedNode >= 0) {
            return new OrbitMeasures(Regime.DIVERGED, 0, nan, nan, nan, nan, nan, nan, nan, nan, divergedNode, divergedAt,
                    new double[0], new double[n], new double[n], fixedPoint, new double[0][]);
        }
        double lambda = lyap ? largest.exponent() : nan;
        int period = Periods.detect(xs, spec.maxPeriod(), Math.min(2000, meas - spec.maxPeriod()),
                spec.periodTolerance());
        double k = spec.has("zero-one") ? zeroOne.k(obs, spec.frequencies(), 1) : nan;
        double sampEn = nan;
        if (spec.has("sample-entropy")) {
            try {
                sampEn = SampleEntropy.of(obs);
            } catch (IllegalArgumentException e) {
                sampEn = 0; // every template matches: a constant signal, perfectly predictable
            }
        }
        double gamma = n > 1 && spec.has("cross-correlation") ? Synchrony.crossCorrelation(xs, 0) : nan;
        double rGeo = keepY ? Synchrony.kuramoto(Synchrony.geometricPhases(xs, ys)) : nan;
        double rSpike = keepY ? spikeKuramoto(spikes, spikeCount) : nan;
        double[] mean = new double[n], sd = new double[n];
        for (double[] row : xs) {
            for (int i = 0; i < n; i++) {
                mean[i] += row[i];
            }
        }
        for (int i = 0; i < n; i++) {
            mean[i] /= meas;
        }
        for (double[] row : xs) {
            for (int i = 0; i < n; i++) {
                sd[i] += (row[i] - mean[i]) * (row[i] - mean[i]);
            }
        }
        for (int i = 0; i < n; i++) {
            sd[i] = Math.sqrt(sd[i] / meas);
        }
        double rate = nan, cv = nan;
        if (spec.has("spikes")) {
            long total2 = 0;
            double cvSum = 0;
            int cvCount = 0;
            for (int i = 0; i < n; i++) {
                total2 += spikeCount[i];
                if (spikeCount[i] >= 3) {
                    double m = 0, m2 = 0;
                    int c = spikeCount[i] - 1;
                    for (int j = 1; j <= c; j++) {
                        double isi = spikes[i][j] - spikes[i][j - 1];
                        m += isi;
                        m2 += isi * isi;
                    }
                    m /= c;
                    cvSum += Math.sqrt(Math.max(0, m2 / c - m * m)) / m;
                    cvCount++;
                }
            }
            rate = total2 / ((double) n * meas);
            cv = cvCount > 0 ? cvSum / cvCount : nan;
        }
        Regime regime;
        if (period == 1) {
            regime = Regime.FIXED_POINT;
        } else if (period > 1) {
            regime = Regime.PERIODIC;
        } else if (lyap) {
            regime = lambda > spec.lyapunovTolerance() ? Regime.CHAOTIC : Regime.QUASI_PERIODIC;
        } else {
            double kk = Double.isNaN(k) ? zeroOne.k(obs, spec.frequencies(), 1) : k;
            regime = kk > 0.5 ? Regime.CHAOTIC : Regime.QUASI_PERIODIC;
        }
        double[] samples = Arrays.copyOfRange(obs, meas - spec.samples(), meas);
        return new OrbitMeasures(regime, period, lambda, k, sampEn, gamma, rGeo, rSpike, rate, cv, -1, -1, samples, mean,
                sd, fixedPoint, tail == null ? new double[0][] : tail);
    }

    /** R with spike-interpolated phases over the iterations where every node has spikes before and after. */
    private static double spikeKuramoto(long[][] spikes, int[] counts) {
        long first = Long.MIN_VALUE, last = Long.MAX_VALUE;
        long[][] trimmed = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 2) {
                return Double.NaN;
            }
            trimmed[i] = Arrays.copyOf(spikes[i], counts[i]);
            first = Math.max(first, trimmed[i][0]);
            last = Math.min(last, trimmed[i][counts[i] - 1]);
        }
        if (last - first < 10) {
            return Double.NaN;
        }
        return Synchrony.kuramoto(Synchrony.spikePhases(trimmed, first, last));
    }
}
