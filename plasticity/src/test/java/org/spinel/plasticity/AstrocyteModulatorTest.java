package org.spinel.plasticity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.spinel.networks.Network;
import org.spinel.networks.RandomStreams;
import org.spinel.networks.plasticity.ModulatorInstance;
import org.spinel.networks.plasticity.StepSpikes;
import org.spinel.neurons.LifCurrentNeuron;
import org.spinel.neurons.ParameterException;

/** The astrocyte unit on its own: fixed point, relaxation time, dt scaling, decays, density, validation. */
class AstrocyteModulatorTest {
    /** A liquid population and an input source, as in NALSM (sizes do not matter for the counts fed by hand). */
    static Network net(double dt) {
        return Network.builder().dt(dt).seed(5)
                .population("liquid", 100, LifCurrentNeuron.cuba())
                .spikeSource("input", 784, new int[0], new double[0]).build();
    }

    static AstrocyteModulator.Builder nalsm() {
        return AstrocyteModulator.builder().feed("liquid", +1).feed("input", -1);
    }

    /** Constant counts per step, all neurons of a feed counted (masks ignored). */
    static StepSpikes counts(Map<String, Integer> perStep) {
        return new StepSpikes() {
            @Override
            public int count(String name) {
                return perStep.get(name);
            }

            @Override
            public int count(String name, boolean[] selected) {
                throw new AssertionError("no density given: masks must not be used");
            }
        };
    }

    static double aMinus(ModulatorInstance m, AstrocyteModulator a) {
        return m.depressionGain() * a.initial();
    }

    @Test
    void equalLiquidAndInputDriveKeepsAMinusAtItsBias() {
        AstrocyteModulator a = nalsm().build();
        ModulatorInstance m = a.bind(net(1), 1);
        assertEquals(0.15, aMinus(m, a), 0);
        StepSpikes equal = counts(Map.of("liquid", 37, "input", 37));
        for (int n = 0; n < 2000; n++) {
            m.step(n, equal);
            assertEquals(0.15, aMinus(m, a), 1e-15, "step " + n);
            assertEquals(1.0, m.potentiationGain(), 0);
        }
    }

    /**
     * A constant excess of 10 liquid spikes per ms with w = 0.015 relaxes A₋ from 0.15 to 0.15 + 0.015·10 = 0.30 with
     * time constant τ = 100 ms: A₋(n) = 0.30 − 0.15·(1 − 1/100)^n, 1 − 1/e of the way after 100 steps.
     */
    @Test
    void constantExcessRelaxesToThirtyHundredthsWithTimeConstantHundredMs() {
        AstrocyteModulator a = nalsm().weight(0.015).bias(0.15).tau(100).build();
        ModulatorInstance m = a.bind(net(1), 1);
        StepSpikes excess = counts(Map.of("liquid", 25, "input", 15));
        int crossed = -1;
        double[] a100 = new double[3];
        for (int n = 1; n <= 3000; n++) {
            m.step(n - 1, excess);
            double got = aMinus(m, a);
            assertEquals(0.30 - 0.15 * Math.pow(0.99, n), got, 1e-12, "step " + n);
            if (crossed < 0 && 0.30 - got <= 0.15 / Math.E) {
                crossed = n;
            }
            if (n >= 99 && n <= 101) {
                a100[n - 99] = got;
            }
        }
        assertEquals(0.30, aMinus(m, a), 1e-12, "fixed point b + w·(L − I)");
        assertEquals(100, crossed, "1/e of the distance left after τ = 100 ms (one step = 1 ms)");
        // Time constant from the per-step contraction of the distance to the fixed point: −1/ln(0.99) = 99.5 ms.
        double tauFit = -1 / Math.log((0.30 - a100[2]) / (0.30 - a100[1]));
        assertEquals(100, tauFit, 1.0);
        // Depression scales by A₋(t)/A₋(0) = 2 at the fixed point.
        assertEquals(2.0, m.depressionGain(), 1e-11);
        m.reset();
        assertEquals(0.15, aMinus(m, a), 0);
    }

    /** dt = 0.5 ms: 5 excess spikes per step are 10 per ms, so the same fixed point and the same 100 ms. */
    @Test
    void timeStepScalesTheUpdate() {
        AstrocyteModulator a = nalsm().build();
        ModulatorInstance m = a.bind(net(0.5), 0.5);
        StepSpikes excess = counts(Map.of("liquid", 5, "input", 0));
        int crossed = -1;
        for (int n = 1; n <= 8000; n++) {
            m.step(n - 1, excess);
            if (crossed < 0 && 0.30 - aMinus(m, a) <= 0.15 / Math.E) {
                crossed = n;
            }
        }
        assertEquals(0.30, aMinus(m, a), 1e-12);
        assertEquals(100.0, crossed * 0.5, 0.5, "time constant in ms");
    }

    /** Phase-2 decays: the spec's per-ms loop, written out literally, against the gains. */
    @Test
    void decaysMultiplyEtaAMinusWeightAndBiasEveryMs() {
        AstrocyteModulator a = nalsm().decay(0.99).build();
        ModulatorInstance m = a.bind(net(1), 1);
        double aRef = 0.15, w = 0.015, b = 0.15, eta = 0.15;
        int[] liquid = {3, 40, 0, 12, 7};
        int[] input = {5, 10, 2, 0, 7};
        for (int n = 0; n < 250; n++) {
            int l = liquid[n % 5], in = input[n % 5];
            m.step(n, counts(Map.of("liquid", l, "input", in)));
            aRef = aRef + (w * (l - in) + b - aRef) / 100; // astrocyte
            aRef *= 0.99; // learning-rate decay (phase 2)
            w *= 0.99;
            b *= 0.99;
            eta *= 0.99;
            assertEquals(aRef, aMinus(m, a), 1e-13, "A- at step " + n);
            assertEquals(eta / 0.15, m.potentiationGain(), 1e-13, "eta gain at step " + n);
        }
        m.reset();
        assertEquals(1.0, m.depressionGain(), 0, "restored at a new sample");
        assertEquals(1.0, m.potentiationGain(), 0);
    }

    @Test
    void densitySelectsExactlyRoundRhoNOfEachFeedReproducibly() {
        AstrocyteModulator a = nalsm().density(0.3).build();
        boolean[][] seen = new boolean[2][];
        for (int rep = 0; rep < 2; rep++) {
            ModulatorInstance m = a.bind(net(1), 1);
            int rep2 = rep;
            // Every neuron of every feed spikes: the drive is the number of selected liquid minus input neurons.
            m.step(0, new StepSpikes() {
                @Override
                public int count(String name) {
                    throw new AssertionError("density < 1 must count through the mask");
                }

                @Override
                public int count(String name, boolean[] selected) {
                    int c = 0;
                    for (boolean s : selected) {
                        c += s ? 1 : 0;
                    }
                    if (name.equals("liquid")) {
                        seen[rep2] = selected.clone();
                        assertEquals(100, selected.length);
                    } else {
                        assertEquals(784, selected.length);
                    }
                    return c;
                }
            });
            // round(0.3·100) = 30 liquid, round(0.3·784) = 235 input neurons.
            assertEquals(0.15 + (0.015 * (30 - 235) + (0.15 - 0.15)) / 100, aMinus(m, a), 1e-15);
        }
        assertArrayEquals(seen[0], seen[1], "same seed, same subset");
        boolean[] other = AstrocyteModulator.select(100, 0.3, new RandomStreams(6).stream("modulator/astrocyte/liquid"));
        assertNotEquals(java.util.Arrays.toString(seen[0]), java.util.Arrays.toString(other), "another seed, another subset");
    }

    @Test
    void invalidDescriptionsNameTheItem() {
        ParameterException e = assertThrows(ParameterException.class, () -> nalsm().feed("liqid", 1).build()
                .bind(net(1), 1));
        assertTrue(e.getMessage().contains("\"liqid\" does not exist") && e.getMessage().contains("[liquid, input]"),
                e.getMessage());
        e = assertThrows(ParameterException.class, () -> AstrocyteModulator.builder().build());
        assertTrue(e.getMessage().contains("feeds"), e.getMessage());
        e = assertThrows(ParameterException.class, () -> nalsm().tau(-1).build());
        assertTrue(e.getMessage().contains("astrocyte \"astrocyte\".tau = -1.0 ms"), e.getMessage());
        e = assertThrows(ParameterException.class, () -> nalsm().density(0).build());
        assertTrue(e.getMessage().contains("density = 0.0"), e.getMessage());
        e = assertThrows(ParameterException.class, () -> nalsm().decay(1.5).build());
        assertTrue(e.getMessage().contains("decay = 1.5"), e.getMessage());
        e = assertThrows(ParameterException.class, () -> nalsm().feed("input", 0).build());
        assertTrue(e.getMessage().contains("feeds[\"input\"] = 0.0"), e.getMessage());
        e = assertThrows(ParameterException.class, () -> nalsm().bias(0).build());
        assertTrue(e.getMessage().contains("initial = 0.0"), e.getMessage());
        e = assertThrows(ParameterException.class, () -> nalsm().tau(0.5).build().bind(net(1), 1));
        assertTrue(e.getMessage().contains("expected a value >= dt"), e.getMessage());
    }

    @Test
    void equalDescriptionsAreEqual() {
        assertEquals(nalsm().build(), nalsm().build());
        assertEquals(nalsm().build().hashCode(), nalsm().build().hashCode());
        assertNotEquals(nalsm().build(), nalsm().weight(0.0075).build());
        assertTrue(nalsm().build().describe().contains("liquid=+1.0, input=-1.0"), nalsm().build().describe());
    }
}
