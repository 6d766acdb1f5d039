package org.spinel.neurons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** COBA kernel: exactness for frozen conductances, first-order convergence, stability. */
class LifConductanceNeuronTest {

    @Test
    void exactForConstantConductances() {
        LifConductanceNeuron m = LifConductanceNeuron.builder().tauE(1e12).tauI(1e12).vThreshold(1e3).build();
        double ge = 7, gi = 13, dt = 0.1;
        NeuronState s = new NeuronState(m, 1);
        m.initialise(s);
        s.vars[LifConductanceNeuron.GE][0] = ge;
        s.vars[LifConductanceNeuron.GI][0] = gi;
        NeuronKernel k = m.kernel(dt);
        double g = 10 + ge + gi, vInf = (10 * -60 + ge * 0 + gi * -80) / g, tau = 10 * 20 / g;
        for (int n = 1; n <= 500; n++) {
            k.update(s, 0, 1, new int[1], 0);
            double exact = vInf + (-60 - vInf) * Math.exp(-n * dt / tau);
            assertEquals(exact, s.vars[LifConductanceNeuron.V][0], 1e-9, "step " + n);
        }
    }

    static double runTo(double dt, double tEnd) {
        LifConductanceNeuron m = LifConductanceNeuron.builder().vThreshold(1e3).build();
        NeuronState s = new NeuronState(m, 1);
        m.initialise(s);
        s.vars[LifConductanceNeuron.GE][0] = 30;
        s.vars[LifConductanceNeuron.GI][0] = 5;
        NeuronKernel k = m.kernel(dt);
        long steps = Math.round(tEnd / dt);
        for (long n = 0; n < steps; n++) {
            k.update(s, 0, 1, new int[1], 0);
        }
        return s.vars[LifConductanceNeuron.V][0];
    }

    @Test
    void convergesAtFirstOrder() {
        double ref = runTo(0.0005, 8);
        double e1 = Math.abs(runTo(0.1, 8) - ref), e2 = Math.abs(runTo(0.05, 8) - ref), e3 = Math.abs(runTo(0.025, 8) - ref);
        assertTrue(e1 > 1e-4, "the scheme is not exact with decaying conductances: " + e1);
        assertEquals(2.0, e1 / e2, 0.2);
        assertEquals(2.0, e2 / e3, 0.2);
    }

    @Test
    void staysBetweenReversalPotentialsForHugeConductances() {
        LifConductanceNeuron m = LifConductanceNeuron.builder().vThreshold(1e3).build();
        NeuronState s = new NeuronState(m, 2);
        m.initialise(s);
        s.vars[LifConductanceNeuron.GE][0] = 1e6;
        s.vars[LifConductanceNeuron.GI][1] = 1e6;
        NeuronKernel k = m.kernel(1.0);
        for (int n = 0; n < 50; n++) {
            k.update(s, 0, 2, new int[2], 0);
            for (int i = 0; i < 2; i++) {
                double v = s.vars[LifConductanceNeuron.V][i];
                assertTrue(v >= -80 - 1e-9 && v <= 0 + 1e-9, "v = " + v);
            }
        }
        assertEquals(m.stepV(0.1, -55, 3, 4, 20), oneStep(m, -55, 3, 4, 20), 1e-12);
    }

    /** One kernel step of a single neuron. */
    static double oneStep(LifConductanceNeuron m, double v, double ge, double gi, double in) {
        NeuronState s = new NeuronState(m, 1);
        s.vars[0][0] = v;
        s.vars[1][0] = ge;
        s.vars[2][0] = gi;
        s.input[0] = in;
        m.kernel(0.1).update(s, 0, 1, new int[1], 0);
        return s.vars[0][0];
    }
}
