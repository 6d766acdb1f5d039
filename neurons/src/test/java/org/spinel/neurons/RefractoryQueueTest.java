package org.spinel.neurons;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The LIF kernel's refractory queue and block-wise threshold test against a plain per-neuron countdown loop written
 * here (an independent implementation of the same update), for one partition and for several.
 */
class RefractoryQueueTest {
    private static final double DT = 0.1;

    /** Reference: integrate, then for each neuron clamp-and-count-down if refractory, else test the threshold. */
    private static int reference(LifCurrentNeuron m, NeuronState s, int[] spikes) {
        double pvv = Math.exp(-DT / m.tauM()), pee = Math.exp(-DT / m.tauE()), pii = Math.exp(-DT / m.tauI());
        double pve = LifCurrentNeuron.synapticPropagator(DT, m.tauM(), m.tauE());
        double pvi = LifCurrentNeuron.synapticPropagator(DT, m.tauM(), m.tauI());
        double c0 = m.vRest() * (1 - pvv), cI = (1 - pvv) * m.tauM() / m.cm();
        double[] v = s.vars[0], ge = s.vars[1], gi = s.vars[2];
        int count = 0;
        for (int i = 0; i < s.size(); i++) {
            double vn = c0 + pvv * v[i] + cI * s.input[i] + pve * ge[i] + pvi * gi[i];
            ge[i] *= pee;
            gi[i] *= pii;
            if (s.refractory[i] > 0) {
                s.refractory[i]--;
                v[i] = m.vReset();
            } else if (vn > m.vThreshold()) {
                v[i] = m.vReset();
                s.refractory[i] = m.refractoryCountdown(DT);
                spikes[count++] = i;
            } else {
                v[i] = vn;
            }
        }
        return count;
    }

    @Test
    void queueAndBlocksMatchAPlainCountdownForAnyPartitioning() {
        LifCurrentNeuron m = LifCurrentNeuron.builder().tRef(2).build();
        int n = 1500;
        for (int[] cuts : new int[][] {{0, n}, {0, 1, 700, 1499, n}, {0, 513, 1026, n}, {0, 0, 700, 700, n, n}}) {
            NeuronState a = new NeuronState(m, n), b = new NeuronState(m, n);
            m.initialise(a);
            m.initialise(b);
            SplittableRandom rng = new SplittableRandom(42);
            for (int i = 0; i < n; i++) {
                a.vars[0][i] = b.vars[0][i] = -60 + 10 * rng.nextDouble();
            }
            NeuronKernel k = m.kernel(DT);
            int[] sa = new int[n], sb = new int[n];
            long total = 0;
            for (int step = 0; step < 3000; step++) {
                for (int i = 0; i < n; i++) {
                    double kick = rng.nextDouble() < 0.01 ? 8 * rng.nextDouble() : 0;
                    a.vars[1][i] += kick;
                    b.vars[1][i] += kick;
                    a.input[i] = b.input[i] = 30 * rng.nextDouble();
                }
                if (step == 1500) { // an outside write: make every 7th neuron refractory for 13 steps
                    for (int i = 0; i < n; i += 7) {
                        a.refractory[i] = b.refractory[i] = 13;
                        a.vars[0][i] = b.vars[0][i] = m.vReset();
                    }
                    a.refractoryChanged();
                }
                int ca = 0;
                for (int p = 0; p + 1 < cuts.length; p++) {
                    ca = k.update(a, cuts[p], cuts[p + 1], sa, ca);
                }
                int cb = reference(m, b, sb);
                int[] ga = Arrays.copyOf(sa, ca);
                Arrays.sort(ga);
                assertArrayEquals(Arrays.copyOf(sb, cb), ga, "spikes at step " + step + ", cuts " + Arrays.toString(cuts));
                assertArrayEquals(b.vars[0], a.vars[0], "v at step " + step);
                assertArrayEquals(b.refractory, a.refractory, "countdowns at step " + step);
                total += cb;
            }
            assertTrue(total > 10 * n, "the test drives plenty of spikes: " + total);
        }
    }

    @Test
    void zeroRefractoryPeriodNeverHoldsTheNeuron() {
        LifCurrentNeuron m = LifCurrentNeuron.builder().tRef(0).build(); // vRest above threshold: fires repeatedly
        NeuronState s = new NeuronState(m, 1);
        m.initialise(s);
        NeuronKernel k = m.kernel(DT);
        int[] buf = new int[1];
        assertEquals(1, k.update(s, 0, 1, buf, 0));
        assertEquals(0, s.refractory[0]);
        k.update(s, 0, 1, buf, 0);
        assertTrue(s.vars[0][0] > m.vReset(), "integrates on the very next step");
    }
}
