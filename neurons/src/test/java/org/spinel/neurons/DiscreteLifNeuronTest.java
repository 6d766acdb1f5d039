package org.spinel.neurons;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The discrete-time LIF against closed forms. A drive of one event of weight w at every step t &ge; 0 gives
 * I_t = w (1 − α^t)/(1 − α) and, without reset, U_t = Σ_{s&lt;t} β^(t−1−s) I_s
 * = w/(1 − α) · [(1 − β^t)/(1 − β) − (β^t − α^t)/(β − α)]. Reset by subtraction is linear: each spike at s adds
 * −ϑ β^(t−1−s) to U_t. Reset to zero restarts the sum at the step after the last spike t₁:
 * U_t = w/(1 − α) · [(1 − β^m)/(1 − β) − α^(t₁+1) (β^m − α^m)/(β − α)], m = t − 1 − t₁.
 */
class DiscreteLifNeuronTest {
    static final double DT = 1, W = 0.15625, TH = 1;
    static final double A = Math.exp(-1 / 5.0), B = Math.exp(-1 / 10.0);

    /** U_t of the constant drive with the last reset-to-zero spike at t1 (−1: none). */
    static double zeroForm(int t, int t1) {
        int m = t - 1 - t1;
        return W / (1 - A) * ((1 - Math.pow(B, m)) / (1 - B) - Math.pow(A, t1 + 1) * (Math.pow(B, m) - Math.pow(A, m))
                / (B - A));
    }

    /** The spike steps below {@code steps} from the closed forms, checking that no U_t is within 1e-9 of ϑ. */
    static List<Integer> closedFormSpikes(DiscreteLifNeuron.Reset reset, int steps) {
        List<Integer> spikes = new ArrayList<>();
        int last = -1;
        for (int t = 0; t < steps; t++) {
            double u;
            if (reset == DiscreteLifNeuron.Reset.ZERO) {
                u = zeroForm(t, last);
            } else {
                u = zeroForm(t, -1);
                for (int s : spikes) {
                    u -= TH * Math.pow(B, t - 1 - s);
                }
            }
            assertTrue(Math.abs(u - TH) > 1e-9, "closed form too close to threshold at step " + t);
            if (u > TH) {
                spikes.add(t);
                last = t;
            }
        }
        return spikes;
    }

    /** Runs the kernel with one event of weight W per step (added to i after each update, as a one-step delay). */
    static List<Integer> simulate(DiscreteLifNeuron m, int steps, double[] uTrace) {
        NeuronState s = new NeuronState(m, 1);
        m.initialise(s);
        s.inputActive = false;
        NeuronKernel k = m.kernel(DT);
        int[] buf = new int[1];
        List<Integer> spikes = new ArrayList<>();
        for (int t = 0; t < steps; t++) {
            if (uTrace != null) {
                uTrace[t] = s.vars[DiscreteLifNeuron.U][0];
            }
            if (k.update(s, 0, 1, buf, 0) == 1) {
                spikes.add(t);
            }
            s.vars[DiscreteLifNeuron.I][0] += W;
        }
        return spikes;
    }

    @Test
    void constantDriveReachesThresholdAtTheHandComputedStep() {
        // U_4 = 0.774, U_5 = 1.175 (see the class comment): the first spike is S_5, for either reset.
        for (DiscreteLifNeuron.Reset r : DiscreteLifNeuron.Reset.values()) {
            DiscreteLifNeuron m = DiscreteLifNeuron.builder().tauMem(10).tauSyn(5).threshold(TH).reset(r).build();
            double[] u = new double[6];
            List<Integer> spikes = simulate(m, 6, u);
            assertEquals(List.of(5), spikes, r.toString());
            assertEquals(0.774, u[4], 5e-4);
            assertEquals(1.175, u[5], 5e-4);
            for (int t = 0; t < 6; t++) {
                assertEquals(zeroForm(t, -1), u[t], 1e-12, "U_" + t);
            }
        }
    }

    @Test
    void zeroAndSubtractResetsFollowTheirClosedForms() {
        int steps = 60;
        List<Integer> zero = simulate(DiscreteLifNeuron.builder().reset(DiscreteLifNeuron.Reset.ZERO).build(), steps, null);
        List<Integer> sub = simulate(DiscreteLifNeuron.builder().reset(DiscreteLifNeuron.Reset.SUBTRACT).build(), steps,
                null);
        assertEquals(closedFormSpikes(DiscreteLifNeuron.Reset.ZERO, steps), zero);
        assertEquals(closedFormSpikes(DiscreteLifNeuron.Reset.SUBTRACT, steps), sub);
        assertEquals(List.of(5, 8, 11, 14), zero.subList(0, 4), "reset to zero: every third step");
        assertEquals(List.of(5, 7, 9, 11, 12), sub.subList(0, 5), "subtraction keeps the excess: fires more often");
        assertTrue(sub.size() > zero.size());
    }

    @Test
    void readoutIsTheLeakyIntegralOfOneEvent() {
        DiscreteLifNeuron m = DiscreteLifNeuron.builder().spiking(false).threshold(-1e9).build();
        NeuronState s = new NeuronState(m, 1);
        s.inputActive = false;
        NeuronKernel k = m.kernel(DT);
        int[] buf = new int[1];
        for (int t = 0; t < 40; t++) {
            // U_t = w (β^(t−1) − α^(t−1))/(β − α) after one event at step 0 (U_0 = U_1 = 0).
            double want = t == 0 ? 0 : W * (Math.pow(B, t - 1) - Math.pow(A, t - 1)) / (B - A);
            assertEquals(want, s.vars[DiscreteLifNeuron.U][0], 1e-14, "U_" + t);
            assertEquals(0, k.update(s, 0, 1, buf, 0), "a readout never spikes");
            if (t == 0) {
                s.vars[DiscreteLifNeuron.I][0] += W;
            }
        }
    }

    @Test
    void thresholdEqualityIsASpikeOnlyWhenAsked() {
        // U_2 = I_1 = w exactly; with ϑ = w, Θ(0) decides.
        for (boolean at : new boolean[] {false, true}) {
            DiscreteLifNeuron m = DiscreteLifNeuron.builder().threshold(0.5).spikeAtThreshold(at).build();
            NeuronState s = new NeuronState(m, 1);
            s.inputActive = false;
            NeuronKernel k = m.kernel(DT);
            int[] buf = new int[1];
            int[] counts = new int[3];
            for (int t = 0; t < 3; t++) {
                counts[t] = k.update(s, 0, 1, buf, 0);
                if (t == 0) {
                    s.vars[DiscreteLifNeuron.I][0] += 0.5;
                }
            }
            assertArrayEquals(new int[] {0, 0, at ? 1 : 0}, counts, "spikeAtThreshold " + at);
        }
    }

    @Test
    void externalDriveAddsToTheCurrentAndSpikesAreAscending() {
        DiscreteLifNeuron m = DiscreteLifNeuron.builder().build();
        NeuronState s = new NeuronState(m, 4);
        NeuronKernel k = m.kernel(DT);
        s.vars[DiscreteLifNeuron.U][0] = 2;
        s.vars[DiscreteLifNeuron.U][3] = 1.5;
        s.input[1] = 0.25;
        int[] buf = new int[4];
        assertEquals(2, k.update(s, 0, 4, buf, 0));
        assertArrayEquals(new int[] {0, 3}, new int[] {buf[0], buf[1]});
        assertEquals(0.25, s.vars[DiscreteLifNeuron.I][1], 0.0, "I_1 = α·0 + drive");
        assertEquals(0.0, s.vars[DiscreteLifNeuron.U][0], 0.0, "reset to zero");
    }

    @Test
    void badParametersAndBlowUpsAreNamed() {
        ParameterException e = assertThrows(ParameterException.class, () -> DiscreteLifNeuron.builder().tauSyn(0).build());
        assertTrue(e.getMessage().contains("tauSyn"), e.getMessage());
        assertThrows(ParameterException.class, () -> DiscreteLifNeuron.builder().threshold(Double.NaN).build());
        assertThrows(ParameterException.class, () -> DiscreteLifNeuron.builder().reset(null).build());
        DiscreteLifNeuron m = DiscreteLifNeuron.builder().build();
        NeuronState s = new NeuronState(m, 1);
        s.vars[DiscreteLifNeuron.U][0] = -1.7e308;
        s.vars[DiscreteLifNeuron.I][0] = -1.7e308;
        NonFiniteStateException x = assertThrows(NonFiniteStateException.class, () -> m.kernel(1).update(s, 0, 1,
                new int[1], 0));
        assertEquals("u", x.variable());
    }
}
