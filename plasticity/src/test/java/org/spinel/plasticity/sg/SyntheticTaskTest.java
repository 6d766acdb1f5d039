package org.spinel.plasticity.sg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import org.spinel.networks.RandomStreams;
import org.spinel.neurons.DiscreteLifNeuron;
import org.spinel.plasticity.optim.Adam;
import org.spinel.plasticity.surrogate.FastSigmoid;

/**
 * The synthetic task of the spec (SpyTorch tutorial 1): 100-4-2, 200 steps of 1 ms, 5 Hz Poisson inputs, 256
 * samples with random labels, Adam 2e-3 on the whole batch, reset by subtraction (detached) as in that tutorial. With the fast-sigmoid surrogate (slope 100) the network
 * memorises the labels (mean training accuracy ≥ 0.80); with the true, almost-everywhere-zero derivative only the readout
 * learns (the hidden weights end as initialised, up to float rounding) and it stays near chance (≤ 0.65; the readout
 * alone fits a few random labels), for each of five seeds.
 */
class SyntheticTaskTest {
    static final int IN = 100, HID = 4, OUT = 2, T = 200, B = 256, ITERATIONS = 1000;

    static double[][] inputs(long seed) {
        UniformRandomProvider rng = new RandomStreams(seed).stream("synthetic/inputs");
        double[][] x = new double[B][T * IN];
        for (double[] s : x) {
            for (int k = 0; k < s.length; k++) {
                s[k] = rng.nextDouble() < 0.005 ? 1 : 0;
            }
        }
        return x;
    }

    static int[] labels(long seed) {
        UniformRandomProvider rng = new RandomStreams(seed).stream("synthetic/labels");
        int[] y = new int[B];
        for (int k = 0; k < B; k++) {
            y[k] = rng.nextInt(OUT);
        }
        return y;
    }

    static double[] train(SpikeFunction f, int threads, int iterations, long seed) {
        SurrogateGradientNetwork net = new SurrogateGradientNetwork(IN, List.of(new LayerConfig(HID, 10, 5, 1, DiscreteLifNeuron.Reset.SUBTRACT, true, false, true),
                LayerConfig.readout(OUT)), 1, f);
        net.initialise(seed, 7);
        double[][] x = inputs(seed);
        int[] y = labels(seed);
        try (BatchTrainer t = new BatchTrainer(net, Adam.builder().learningRate(2e-3), Loss.MAX_OVER_TIME_CE, T, threads)) {
            for (int it = 0; it < iterations; it++) {
                t.trainBatch(x, y);
            }
            double acc = t.accuracy(x, y);
            double[] w = net.weights(0);
            double[] out = java.util.Arrays.copyOf(w, w.length + 1);
            out[w.length] = acc;
            return out;
        }
    }

    @Test
    void surrogateLearnsRandomLabelsAndTheTrueGradientDoesNot() {
        // Five data/initialisation seeds: single runs vary (0.50 to 0.996 here: with 4 hidden neurons an initialisation
        // can leave the hidden layer silent; the tutorial's one run reached 0.86), so the surrogate's criterion is on
        // the mean. The true gradient is checked for every seed: its derivative is zero wherever it is evaluated (never
        // exactly at the threshold), so the hidden weights end where they started (up to one rounding to float) and only
        // the readout learns.
        double sum = 0, tgSum = 0;
        for (long seed = 1; seed <= 5; seed++) {
            double[] start = train(SpikeFunction.trueGradient(), 1, 0, seed);
            double[] sg = train(SpikeFunction.surrogate(new FastSigmoid(100)), 2, ITERATIONS, seed);
            double[] tg = train(SpikeFunction.trueGradient(), 2, ITERATIONS, seed);
            double accSg = sg[sg.length - 1], accTg = tg[tg.length - 1];
            System.out.printf("synthetic task, seed %d: surrogate %.3f, true gradient %.3f%n", seed, accSg, accTg);
            double tgMove = 0, sgMove = 0;
            for (int i = 0; i < start.length - 1; i++) {
                // The trainer holds weights in float: a weight that never moves may still round to float once.
                assertEquals(start[i], tg[i], Math.ulp((float) start[i]),
                        "the true gradient leaves hidden weight " + i + " where it started (seed " + seed + ")");
                tgMove = Math.max(tgMove, Math.abs(tg[i] - start[i]));
                sgMove = Math.max(sgMove, Math.abs(sg[i] - start[i]));
            }
            assertTrue(sgMove > 1000 * Math.max(tgMove, 1e-9), "the surrogate trains the hidden weights (seed " + seed
                    + "): max |Δw| " + sgMove + ", true gradient " + tgMove);
            // The readout alone, on the hidden spikes of the untrained layer, fits a few random labels beyond half
            // (0.53 to 0.61 over these seeds); the surrogate reaches 0.93 to 0.996 where the hidden layer is active.
            assertTrue(accTg <= 0.65, "true-gradient training accuracy " + accTg + " (seed " + seed + ")");
            tgSum += accTg;
            sum += accSg;
        }
        assertTrue(sum / 5 >= 0.80, "mean surrogate training accuracy " + sum / 5);
        assertTrue(sum / 5 - tgSum / 5 >= 0.25, "the surrogate learns far more: " + sum / 5 + " against " + tgSum / 5);
    }

    @Test
    void sameSeedSameWeightsForOneAndTwoThreads() {
        double[] one = train(SpikeFunction.surrogate(new FastSigmoid(100)), 1, 5, 1);
        double[] two = train(SpikeFunction.surrogate(new FastSigmoid(100)), 2, 5, 1);
        assertArrayEquals(one, two);
    }
}
