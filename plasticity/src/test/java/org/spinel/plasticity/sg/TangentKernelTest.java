package org.spinel.plasticity.sg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.spinel.neurons.DiscreteLifNeuron;
import org.spinel.plasticity.surrogate.FastSigmoid;

/** The tangent kernel against a Jacobian from central finite differences, and its basic properties. */
class TangentKernelTest {
    static final int IN = 6, HID = 5, OUT = 3, T = 30, P = 4;

    static SampleInput[] samples() {
        SplittableRandom r = new SplittableRandom(2);
        SampleInput[] xs = new SampleInput[P];
        for (int a = 0; a < P; a++) {
            double[] d = new double[T * IN];
            for (int k = 0; k < d.length; k++) {
                d[k] = r.nextDouble() < 0.3 ? r.nextDouble() * 2 : 0;
            }
            xs[a] = SampleInput.ofDense(IN, T, d);
        }
        return xs;
    }

    @Test
    void kernelEqualsFiniteDifferenceJacobianProducts() {
        // Smooth forward with its exact derivative, so the Jacobian is a true derivative finite differences can check.
        SurrogateGradientNetwork net = new SurrogateGradientNetwork(IN, List.of(
                new LayerConfig(HID, 10, 5, 1, DiscreteLifNeuron.Reset.SUBTRACT, false, true, true), LayerConfig.readout(OUT)), 1,
                SpikeFunction.smooth(4));
        net.initialise(7, 30);
        SampleInput[] xs = samples();
        for (Loss loss : new Loss[] {Loss.MAX_OVER_TIME_CE, Loss.MEAN_OVER_TIME_CE}) {
            double[][] k = TangentKernel.compute(net, xs, loss);
            double[][] expected = new double[P][P];
            SurrogateGradientNetwork.Workspace ws = net.workspace(T);
            double[][] blocks = {net.weights(0), net.recurrentWeights(0), net.weights(1)};
            for (int out = 0; out < OUT; out++) {
                double[][] jac = new double[P][];
                for (int a = 0; a < P; a++) {
                    jac[a] = new double[0];
                    for (double[] w : blocks) {
                        double[] col = new double[w.length];
                        for (int q = 0; q < w.length; q++) {
                            double w0 = w[q], h = 1e-5;
                            w[q] = w0 + h;
                            ws.forward(xs[a]);
                            double zp = ws.logit(loss, out);
                            w[q] = w0 - h;
                            ws.forward(xs[a]);
                            double zm = ws.logit(loss, out);
                            w[q] = w0;
                            col[q] = (zp - zm) / (2 * h);
                        }
                        double[] joined = java.util.Arrays.copyOf(jac[a], jac[a].length + col.length);
                        System.arraycopy(col, 0, joined, jac[a].length, col.length);
                        jac[a] = joined;
                    }
                }
                for (int a = 0; a < P; a++) {
                    for (int b = 0; b < P; b++) {
                        double dot = 0;
                        for (int q = 0; q < jac[a].length; q++) {
                            dot += jac[a][q] * jac[b][q];
                        }
                        expected[a][b] += dot;
                    }
                }
            }
            for (int a = 0; a < P; a++) {
                for (int b = 0; b < P; b++) {
                    assertEquals(expected[a][b], k[a][b], 1e-5 * Math.abs(expected[a][a]) + 1e-9,
                            loss + " K[" + a + "][" + b + "]");
                    assertEquals(k[a][b], k[b][a], 0.0, "symmetric");
                }
                assertTrue(k[a][a] > 0, "positive diagonal");
            }
        }
    }

    @Test
    void relativeChangeAndAlignment() {
        double[][] k0 = {{2, 1}, {1, 2}};
        double[][] scaled = {{4, 2}, {2, 4}};
        assertEquals(1.0, TangentKernel.relativeChange(k0, scaled), 1e-12);
        assertEquals(1.0, TangentKernel.alignment(k0, scaled), 1e-12);
        double[][] other = {{1, 0}, {0, 1}};
        assertEquals(4 / Math.sqrt(10 * 2), TangentKernel.alignment(k0, other), 1e-12);
    }
}
