package org.spinel.plasticity.ep;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.spinel.networks.RandomStreams;

/** Prints cosines for seeds (a development probe, run by hand). */
public final class GradientCheckProbe {
    public static void main(String[] a) {
        for (long seed = 1; seed <= 8; seed++) {
            EquilibriumNetwork net = EquilibriumNetwork.create(new int[] {6, 4, 4, 4}, 4, RateActivation.SIGMOID, true, 0, 0.5, seed);
            UniformRandomProvider rng = new RandomStreams(seed).stream("toy/input");
            ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
            float[] x = new float[6];
            double m = 0;
            double[] xd = new double[6];
            for (int i = 0; i < 6; i++) { xd[i] = g.sample(); m = Math.max(m, Math.abs(xd[i])); }
            for (int i = 0; i < 6; i++) { x[i] = (float) (xd[i] / m); xd[i] = x[i]; }
            int label = rng.nextInt(4);
            double[][] ref = FreePhaseBackprop.gradient(net, xd, label, 100);
            StringBuilder sb = new StringBuilder("seed " + seed);
            { EquilibriumModel m0 = new EquilibriumModel(net, EpEstimator.classic(0.1), new RelaxationPhases(100, 100, 1e-6), JacobianHomeostasis.none(), 1); EquilibriumModel.Workspace w0 = m0.workspace(); w0.forward(x); sb.append(String.format(" free=%.1e/%d", w0.lastResidual(), w0.lastSteps())); }
            for (double beta : new double[] {0.01, 0.05, 0.1, 0.5, 1.0, 2.0}) {
                sb.append(String.format(" |b|=%.2f", beta));
                for (int n : new int[] {1, 2, 8}) {
                    EpEstimator est = n == 1 ? EpEstimator.classic(beta) : n == 2 ? EpEstimator.centred(beta) : EpEstimator.holomorphic(beta, n);
                    EquilibriumModel model = new EquilibriumModel(net, est, new RelaxationPhases(100, 100, 1e-6), JacobianHomeostasis.none(), 1);
                    EquilibriumModel.Workspace ws = model.workspace();
                    ws.forward(x);
                    ws.backward(label);
                    sb.append(String.format(" N%d=%.4f", n, EquilibriumPropagationTest.cosine(model, ws, ref)));
                    sb.append(model.statistics().nudgedNotConverged() > 0 ? "*" : "");
                }
            }
            System.out.println(sb);
        }
    }
}
