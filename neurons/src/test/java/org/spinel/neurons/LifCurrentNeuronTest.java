package org.spinel.neurons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** LIF (CUBA) kernel against closed forms. */
class LifCurrentNeuronTest {

    /** Independent closed form (written here, not calling the model). */
    static double closedForm(double t, double v0, double ge0, double gi0, double current, double tauM, double tauE,
            double tauI, double vRest, double cm) {
        double vInf = vRest + tauM / cm * current;
        double e = tauE == tauM ? ge0 * t / tauM * Math.exp(-t / tauM)
                : ge0 * tauE / (tauE - tauM) * (Math.exp(-t / tauE) - Math.exp(-t / tauM));
        double i = tauI == tauM ? gi0 * t / tauM * Math.exp(-t / tauM)
                : gi0 * tauI / (tauI - tauM) * (Math.exp(-t / tauI) - Math.exp(-t / tauM));
        return vInf + (v0 - vInf) * Math.exp(-t / tauM) + e + i;
    }

    @Test
    void subthresholdStepResponseEqualsClosedForm() {
        for (double tauE : new double[] {5, 20}) { // 20 = tauM: the degenerate case
            LifCurrentNeuron m = LifCurrentNeuron.builder().tauE(tauE).vThreshold(1e6).build();
            double dt = 0.1, current = 180, v0 = -65, ge0 = 4, gi0 = -3;
            NeuronState s = new NeuronState(m, 1);
            s.vars[LifCurrentNeuron.V][0] = v0;
            s.vars[LifCurrentNeuron.GE][0] = ge0;
            s.vars[LifCurrentNeuron.GI][0] = gi0;
            NeuronKernel k = m.kernel(dt);
            int[] spikes = new int[1];
            for (int n = 1; n <= 1000; n++) {
                s.input[0] = current;
                k.update(s, 0, 1, spikes, 0);
                double t = n * dt;
                double exact = closedForm(t, v0, ge0, gi0, current, 20, tauE, 10, -49, 250);
                assertEquals(exact, s.vars[LifCurrentNeuron.V][0], 1e-6 * Math.abs(exact), "t = " + t);
                assertEquals(exact, m.subthreshold(t, v0, ge0, gi0, current), 1e-9 * Math.abs(exact));
                assertEquals(ge0 * Math.exp(-t / tauE), s.vars[LifCurrentNeuron.GE][0], 1e-12);
                assertEquals(gi0 * Math.exp(-t / 10), s.vars[LifCurrentNeuron.GI][0], 1e-12);
            }
        }
    }

    @Test
    void firingRateMatchesTheAnalyticFiCurve() {
        LifCurrentNeuron m = LifCurrentNeuron.builder().vRest(-70).vThreshold(-50).vReset(-60).tRef(2).tauM(10)
                .cm(250).build();
        double dt = 0.01;
        double r = 10.0 / 250; // R = tauM / cm (GΩ), so R·I is in mV for I in pA
        double rheobase = (-50 - -70) / r;
        NeuronKernel k = m.kernel(dt);
        for (double current : new double[] {rheobase * 1.05, rheobase * 1.5, rheobase * 3, rheobase * 8}) {
            NeuronState s = new NeuronState(m, 1);
            m.initialise(s);
            int[] buf = new int[1];
            long first = -1, last = -1;
            int count = 0;
            for (long n = 0; n < 2_000_000 && count < 60; n++) {
                s.input[0] = current;
                if (k.update(s, 0, 1, buf, 0) == 1) {
                    if (first < 0) {
                        first = n;
                    }
                    last = n;
                    count++;
                }
            }
            double measured = (count - 1) / ((last - first) * dt / 1000);
            double ri = r * current;
            double expected = 1000 / (2 + 10 * Math.log((ri + -70 - -60) / (ri + -70 - -50)));
            assertEquals(expected, measured, 0.01 * expected, "I = " + current + " pA");
        }
        NeuronState s = new NeuronState(m, 1);
        m.initialise(s);
        int[] buf = new int[1];
        for (int n = 0; n < 100_000; n++) {
            s.input[0] = rheobase * 0.99;
            assertEquals(0, k.update(s, 0, 1, buf, 0), "below rheobase no spike");
        }
    }

    @Test
    void refractoryPeriodHoldsVAtReset() {
        LifCurrentNeuron m = LifCurrentNeuron.builder().tRef(2).build(); // vRest -49 > vThreshold -50: tonic
        double dt = 0.1;
        NeuronState s = new NeuronState(m, 1);
        m.initialise(s);
        NeuronKernel k = m.kernel(dt);
        int[] buf = new int[1];
        assertEquals(1, k.update(s, 0, 1, buf, 0)); // spike in step 0 (time 0); tRef = 20 steps
        assertEquals(-60.0, s.vars[LifCurrentNeuron.V][0], 0.0, "reset");
        for (int n = 1; n < 20; n++) {
            s.vars[LifCurrentNeuron.GE][0] = 50; // a large input must not move v while refractory
            assertEquals(0, k.update(s, 0, 1, buf, 0));
            assertEquals(-60.0, s.vars[LifCurrentNeuron.V][0], 0.0, "step " + n);
        }
        k.update(s, 0, 1, buf, 0);
        assertTrue(s.vars[LifCurrentNeuron.V][0] > -60, "integrates again in step 20, from t_spike + tRef (Brian 2)");
    }

    @Test
    void badParametersNameTheItemAndRange() {
        ParameterException e = assertThrows(ParameterException.class, () -> LifCurrentNeuron.builder().tauI(0).build());
        assertTrue(e.getMessage().contains("tauI = 0.0 ms") && e.getMessage().contains("> 0"), e.getMessage());
        e = assertThrows(ParameterException.class, () -> LifCurrentNeuron.builder().vReset(-40).build());
        assertTrue(e.getMessage().contains("vReset = -40.0 mV") && e.getMessage().contains("below vThreshold"));
        e = assertThrows(ParameterException.class, () -> LifCurrentNeuron.builder().tRef(Double.NaN).build());
        assertTrue(e.getMessage().contains("tRef = NaN"), e.getMessage());
        e = assertThrows(ParameterException.class, () -> LifCurrentNeuron.cuba().kernel(0));
        assertTrue(e.getMessage().contains("dt = 0.0"), e.getMessage());
        NeuronState s = new NeuronState(LifCurrentNeuron.cuba(), 2);
        e = assertThrows(ParameterException.class, () -> s.indexOf("w"));
        assertTrue(e.getMessage().contains("[v, ge, gi]"), e.getMessage());
    }

    @Test
    void nonFiniteInputIsReported() {
        LifCurrentNeuron m = LifCurrentNeuron.builder().vThreshold(1e6).build();
        NeuronState s = new NeuronState(m, 3);
        m.initialise(s);
        s.input[1] = Double.NaN;
        NonFiniteStateException e = assertThrows(NonFiniteStateException.class,
                () -> m.kernel(0.1).update(s, 0, 3, new int[3], 0));
        assertEquals(1, e.neuron());
        assertEquals("v", e.variable());
    }
}
