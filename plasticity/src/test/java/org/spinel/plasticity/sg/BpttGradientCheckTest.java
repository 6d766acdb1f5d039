package org.spinel.plasticity.sg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spinel.neurons.DiscreteLifNeuron;

/**
 * Back-propagation through time against central finite differences, with a smooth sigmoid forward and its exact
 * derivative (float64), on a small recurrent network over 50 steps: for every loss and reset variant. A detached
 * reset is checked against the finite differences of the network whose reset spikes are frozen at the reference
 * run's values (the function that detaching differentiates).
 */
class BpttGradientCheckTest {
    static final int IN = 4, HID = 5, OUT = 3, T = 50;

    static SurrogateGradientNetwork net(DiscreteLifNeuron.Reset reset, boolean detached, boolean spikingOutput, boolean regularized) {
        LayerConfig hidden = new LayerConfig(HID, 10, 5, 1, reset, detached, true, true);
        LayerConfig hidden2 = new LayerConfig(HID, 8, 4, 1, reset, detached, false, true);
        LayerConfig out = spikingOutput ? new LayerConfig(OUT, 10, 5, 1, reset, detached, false, true)
                : LayerConfig.readout(OUT);
        SurrogateGradientNetwork n = new SurrogateGradientNetwork(IN, List.of(hidden, hidden2, out), 1,
                SpikeFunction.smooth(4));
        n.initialise(3, 30);
        if (regularized) {
            // Per-neuron L2 upper bound on layer 0, population L1 lower bound on layer 1 (both active here).
            n.regularize(List.of(new RateRegularizer(0, true, 2, true, 1.0, 0.01),
                    new RateRegularizer(1, false, 1, false, 40.0, 0.1)));
        }
        return n;
    }

    static double loss(SurrogateGradientNetwork.Workspace ws, double[] in, String loss, double[] target, double[][] frozen) {
        ws.frozenReset = frozen;
        ws.forward(in);
        ws.frozenReset = null;
        return loss.equals("MSE_TRACE") ? ws.loss(target) : ws.loss(Loss.valueOf(loss), 1);
    }

    @ParameterizedTest
    @CsvSource({"MAX_OVER_TIME_CE, ZERO, false, false", "MAX_OVER_TIME_CE, ZERO, true, false", "MAX_OVER_TIME_CE, SUBTRACT, false, false",
            "MAX_OVER_TIME_CE, SUBTRACT, true, false", "MEAN_OVER_TIME_CE, ZERO, false, false", "MEAN_OVER_TIME_CE, SUBTRACT, true, false",
            "MSE_TRACE, ZERO, false, false", "MSE_TRACE, ZERO, true, false", "MSE_TRACE, SUBTRACT, false, false", "MSE_TRACE, SUBTRACT, true, false",
            "SPIKE_COUNT_CE, ZERO, false, false", "SPIKE_COUNT_CE, ZERO, true, false", "SPIKE_COUNT_CE, SUBTRACT, false, false",
            "MAX_OVER_TIME_CE, ZERO, true, true", "SPIKE_COUNT_CE, SUBTRACT, true, true", "MSE_TRACE, SUBTRACT, false, true"})
    void bpttEqualsCentralDifferences(String loss, DiscreteLifNeuron.Reset reset, boolean detached, boolean regularized) {
        boolean reg = regularized;
        SurrogateGradientNetwork n = net(reset, detached, loss.equals("SPIKE_COUNT_CE"), reg);
        SplittableRandom r = new SplittableRandom(9);
        double[] in = new double[T * IN], target = new double[T * OUT];
        for (int k = 0; k < in.length; k++) {
            in[k] = r.nextDouble() < 0.3 ? r.nextDouble() * 2 : 0;
        }
        for (int k = 0; k < target.length; k++) {
            target[k] = Math.sin(k * 0.1);
        }
        SurrogateGradientNetwork.Workspace ws = n.workspace(T);
        ws.forward(in);
        double[][] frozen = null;
        if (detached) {
            frozen = new double[3][];
            for (int l = 0; l < 3; l++) {
                frozen[l] = ws.s[l].clone();
            }
        }
        double l0 = loss.equals("MSE_TRACE") ? ws.backward(target) : ws.backward(Loss.valueOf(loss), 1);
        assertEquals(l0, loss(n.workspace(T), in, loss, target, frozen), 1e-12, "the frozen run is the same function value");
        if (reg) {
            SurrogateGradientNetwork plain = net(reset, detached, loss.equals("SPIKE_COUNT_CE"), false);
            assertTrue(l0 > loss(plain.workspace(T), in, loss, target, frozen) + 1e-3, "the penalties are active");
        }
        double gMax = 0;
        for (int l = 0; l < 3; l++) {
            for (double g : ws.weightGradient(l)) {
                gMax = Math.max(gMax, Math.abs(g));
            }
        }
        int checked = 0;
        double maxRel = 0;
        SurrogateGradientNetwork.Workspace probe = n.workspace(T);
        for (int l = 0; l < 3; l++) {
            for (double[][] pair : new double[][][] {{n.weights(l), ws.weightGradient(l)},
                    {n.recurrentWeights(l), ws.recurrentGradient(l)}}) {
                double[] wts = pair[0], grad = pair[1];
                if (wts == null) {
                    continue;
                }
                for (int k = 0; k < wts.length; k++) {
                    double h = 1e-5, w0 = wts[k];
                    wts[k] = w0 + h;
                    double lp = loss(probe, in, loss, target, frozen);
                    wts[k] = w0 - h;
                    double lm = loss(probe, in, loss, target, frozen);
                    wts[k] = w0;
                    double fd = (lp - lm) / (2 * h);
                    // Relative error, with a floor of 1e-4 of the largest gradient: components at the level of
                    // floating-point noise in the finite difference cannot be compared relatively.
                    double err = Math.abs(fd - grad[k]) / Math.max(1e-4 * gMax, Math.max(Math.abs(fd), Math.abs(grad[k])));
                    maxRel = Math.max(maxRel, err);
                    assertTrue(err < 1e-4, "layer " + l + " weight " + k + ": BPTT " + grad[k] + " vs finite difference "
                            + fd + " (" + loss + ", " + reset + (detached ? ", detached" : "") + ")");
                    checked++;
                }
            }
        }
        assertTrue(checked == 85, "checked " + checked + " weights, max relative error " + maxRel);
    }
}
