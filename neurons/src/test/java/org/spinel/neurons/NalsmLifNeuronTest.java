package org.spinel.neurons;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The NALSM LIF kernel against hand-computed values of the spec's Euler update (nalsm.md "Neurons": v ← v + Σ I_syn
 * + I_ext − v/64, I_syn = w·e^(−s/τ_u)/τ_u with τ_u = 1, threshold 20, reset 0, refractory 2 ms, dt = 1 ms).
 */
class NalsmLifNeuronTest {
    private static final NalsmLifNeuron M = NalsmLifNeuron.nalsm();

    private static NeuronState state(int n) {
        NeuronState s = new NeuronState(M, n);
        M.initialise(s);
        return s;
    }

    /** "The LIF current kernel": one synapse of weight 8 whose presynaptic neuron spiked, then silence. */
    @Test
    void synapticCurrentDecaysWithTauUAndIntegratesWithTheEulerLeak() {
        NeuronState s = state(1);
        NeuronKernel k = M.kernel(1.0);
        s.vars[NalsmLifNeuron.U][0] = 8; // the arrival of one spike of weight 8 (engine: added before the step)
        // Hand-computed: v1 = 0 + 8 − 0 = 8; v2 = 8 + 8/e − 8/64 = 10.8180355293715;
        // v3 = v2 + 8/e² − v2/64 = 11.7316859901180; v4 = 11.9466749434653; v5 = 11.9065332585836.
        double[] expected = {8.0, 10.818035529371539, 11.731685990118011, 11.946674943465329, 11.906533258583556};
        int[] buf = new int[1];
        for (int n = 0; n < expected.length; n++) {
            assertEquals(0, k.update(s, 0, 1, buf, 0));
            assertEquals(expected[n], s.vars[NalsmLifNeuron.V][0], 1e-12, "step " + (n + 1));
            assertEquals(8 * Math.exp(-(n + 1)), s.vars[NalsmLifNeuron.U][0], 1e-12, "u after step " + (n + 1));
        }
    }

    @Test
    void leakIsTheEulerFactor63Over64() {
        NeuronState s = state(1);
        s.vars[NalsmLifNeuron.V][0] = 19;
        NeuronKernel k = M.kernel(1.0);
        int[] buf = new int[1];
        k.update(s, 0, 1, buf, 0);
        assertEquals(18.703125, s.vars[NalsmLifNeuron.V][0], 0.0); // 19 − 19/64, exact in binary
        for (int n = 2; n <= 100; n++) {
            k.update(s, 0, 1, buf, 0);
        }
        assertEquals(19 * Math.pow(63.0 / 64, 100), s.vars[NalsmLifNeuron.V][0], 1e-12);
    }

    @Test
    void thresholdIsInclusiveAndResetIsZero() {
        NeuronState s = state(2);
        NeuronKernel k = M.kernel(1.0);
        s.vars[NalsmLifNeuron.X][0] = 20;         // v = 0 + 20 = 20 ≥ 20: spike
        s.vars[NalsmLifNeuron.X][1] = 19.999999;  // just below: no spike
        int[] buf = new int[2];
        assertEquals(1, k.update(s, 0, 2, buf, 0));
        assertEquals(0, buf[0]);
        assertEquals(0.0, s.vars[NalsmLifNeuron.V][0], 0.0);
        assertEquals(19.999999, s.vars[NalsmLifNeuron.V][1], 0.0);
        assertEquals(0.0, s.vars[NalsmLifNeuron.X][0], 0.0, "the pulse input lasts one step");
    }

    /**
     * An input neuron driven by 100 every ms (p = 1): spikes in steps 0, 3, 6, …; while refractory it keeps
     * integrating (v = 100, then 100 + 100 − 100/64 = 198.4375) and fires as soon as refractoriness ends.
     */
    @Test
    void refractoryNeuronIntegratesButCannotSpike() {
        NeuronState s = state(1);
        NeuronKernel k = M.kernel(1.0);
        int[] buf = new int[1];
        List<Integer> spikes = new ArrayList<>();
        double[] v = new double[4];
        for (int n = 0; n < 12; n++) {
            s.vars[NalsmLifNeuron.X][0] = 100;
            if (k.update(s, 0, 1, buf, 0) == 1) {
                spikes.add(n);
            }
            if (n < 4) {
                v[n] = s.vars[NalsmLifNeuron.V][0];
            }
        }
        assertEquals(List.of(0, 3, 6, 9), spikes);
        assertArrayEquals(new double[] {0, 100, 198.4375, 0}, v, 1e-12);
        assertEquals(2, M.refractorySteps(1.0));
    }

    @Test
    void externalCurrentIsIntegratedWithDt() {
        NeuronState s = state(1);
        s.input[0] = 3; // units of v per ms
        M.kernel(0.5).update(s, 0, 1, new int[1], 0);
        assertEquals(1.5, s.vars[NalsmLifNeuron.V][0], 1e-15);
        NeuronState t = state(1);
        t.vars[NalsmLifNeuron.U][0] = 4;
        M.kernel(0.5).update(t, 0, 1, new int[1], 0);
        assertEquals(0.5 * 4, t.vars[NalsmLifNeuron.V][0], 1e-15);
        assertEquals(4 * Math.exp(-0.5), t.vars[NalsmLifNeuron.U][0], 1e-15);
    }

    @Test
    void partitionsGiveTheSameResultAsOneRange() {
        NeuronState a = state(7), b = state(7);
        for (int i = 0; i < 7; i++) {
            a.vars[NalsmLifNeuron.X][i] = b.vars[NalsmLifNeuron.X][i] = 5 * i;
            a.vars[NalsmLifNeuron.U][i] = b.vars[NalsmLifNeuron.U][i] = i;
        }
        NeuronKernel k = M.kernel(1.0);
        int[] sa = new int[7], sb = new int[7];
        int na = k.update(a, 0, 7, sa, 0);
        int nb = k.update(b, 0, 3, sb, 0);
        nb = k.update(b, 3, 7, sb, nb);
        assertEquals(na, nb);
        assertArrayEquals(a.vars[NalsmLifNeuron.V], b.vars[NalsmLifNeuron.V], 0.0);
        assertTrue(na > 0);
    }

    @Test
    void badParametersAndNonFiniteStateAreReported() {
        ParameterException e = assertThrows(ParameterException.class, () -> NalsmLifNeuron.builder().tauV(0).build());
        assertTrue(e.getMessage().contains("tauV = 0.0 ms"), e.getMessage());
        e = assertThrows(ParameterException.class, () -> NalsmLifNeuron.builder().vReset(25).build());
        assertTrue(e.getMessage().contains("below vThreshold"), e.getMessage());
        NeuronState s = state(3);
        s.vars[NalsmLifNeuron.U][2] = Double.NaN;
        NonFiniteStateException f = assertThrows(NonFiniteStateException.class,
                () -> M.kernel(1.0).update(s, 0, 3, new int[3], 0));
        assertEquals(2, f.neuron());
    }
}
