package org.spinel.neurons;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Chialvo map against a hand-written loop and the spec's reference regimes. */
class ChialvoNeuronTest {

    @Test
    void kernelEqualsTheMapExactly() {
        ChialvoNeuron m = ChialvoNeuron.builder().a(0.89).b(0.18).c(0.28).k0(0.03).build();
        NeuronState s = new NeuronState(m, 1);
        s.vars[0][0] = 0.5;
        s.vars[1][0] = 1.2;
        NeuronKernel k = m.kernel(1);
        double x = 0.5, y = 1.2;
        int spikesKernel = 0, spikesLoop = 0;
        int[] buf = new int[1];
        for (int n = 0; n < 20_000; n++) {
            double in = 0.001 * Math.sin(n);
            s.input[0] = in;
            spikesKernel += k.update(s, 0, 1, buf, 0);
            double xn = x * x * Math.exp(y - x) + 0.03 + in;
            double yn = 0.89 * y - 0.18 * x + 0.28;
            if (x < 1 && xn >= 1) {
                spikesLoop++;
            }
            x = xn;
            y = yn;
            assertEquals(x, s.vars[0][0], 0.0);
            assertEquals(y, s.vars[1][0], 0.0);
        }
        assertEquals(spikesLoop, spikesKernel);
        assertEquals(true, spikesKernel > 100, "chaotic bursting spikes: " + spikesKernel);
    }

    /** Largest Lyapunov exponent via the tangent map (written here from the spec's Jacobian). */
    static double lyapunov(double a, double b, double c, double k0) {
        double x = 0.1, y = 0.1;
        for (int n = 0; n < 10_000; n++) {
            double xn = x * x * Math.exp(y - x) + k0;
            y = a * y - b * x + c;
            x = xn;
        }
        double u = 1, v = 0, sum = 0;
        int steps = 100_000;
        for (int n = 0; n < steps; n++) {
            double e = Math.exp(y - x);
            double j11 = (2 * x - x * x) * e, j12 = x * x * e, j21 = -b, j22 = a;
            double un = j11 * u + j12 * v, vn = j21 * u + j22 * v;
            double norm = Math.hypot(un, vn);
            sum += Math.log(norm);
            u = un / norm;
            v = vn / norm;
            double xn = x * x * Math.exp(y - x) + k0;
            y = a * y - b * x + c;
            x = xn;
        }
        return sum / steps;
    }

    @Test
    void referenceRegimesOfTheSpec() {
        assertEquals(-0.139, lyapunov(0.89, 0.6, 0.28, 0.02), 0.005);
        assertEquals(0.0, lyapunov(0.89, 0.6, 0.28, 0.04), 0.005);
        assertEquals(0.050, lyapunov(0.89, 0.18, 0.28, 0.03), 0.005);
    }

    @Test
    void fixedPointOfTheNetworkSet() {
        ChialvoNeuron m = ChialvoNeuron.builder().a(0.89).b(0.6).c(0.28).k0(0.02).build();
        double x = 0.1, y = 0.1;
        for (int n = 0; n < 20_000; n++) {
            double xn = m.nextX(x, y, 0);
            y = m.nextY(x, y);
            x = xn;
        }
        assertEquals(0.02876, x, 1e-4);
        assertEquals((0.28 - 0.6 * x) / (1 - 0.89), y, 1e-9);
    }
}
