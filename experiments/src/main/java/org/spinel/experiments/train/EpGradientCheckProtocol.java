package org.spinel.experiments.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.spinel.experiments.protocol.Outcome;
import org.spinel.experiments.protocol.Protocol;
import org.spinel.experiments.protocol.ProtocolInput;
import org.spinel.experiments.protocol.RunContext;
import org.spinel.experiments.spec.EpGradientCheckReader;
import org.spinel.experiments.spec.EpGradientCheckSpec;
import org.spinel.experiments.spec.Experiment;
import org.spinel.experiments.spec.ExperimentReader;
import org.spinel.networks.RandomStreams;
import org.spinel.plasticity.ep.EpEstimator;
import org.spinel.plasticity.ep.EquilibriumModel;
import org.spinel.plasticity.ep.EquilibriumNetwork;
import org.spinel.plasticity.ep.FreePhaseBackprop;
import org.spinel.plasticity.ep.JacobianHomeostasis;
import org.spinel.plasticity.ep.RelaxationPhases;
import org.spinel.results.export.NpyWriter;
import org.spinel.results.plot.ScanPlots;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code ep-gradient-check} protocol (spec learning-rules §3; ../shared/bench/ep_fmnist.py {@code --grad-check}):
 * on one sample of a small tied network (default the 6-4-4-4 toy, init N(0, 0.5²), biases 0; the input
 * {@code randn / max|x|} and a random label from the stream {@code toy/input} of the experiment seed, the network from
 * the seed itself), the cosine similarity between each estimator's gradient estimate ({@link EquilibriumModel}, the
 * forward and bias blocks; the readout's exact gradient is left out as in the reference) and the reference gradient
 * ({@link FreePhaseBackprop#gradient}, BPTT through the T1 free steps, in double), for every |β|.
 *
 * <p>Whether the nudged phases converged is judged by a second relaxation of each estimate with the tolerance
 * {@code convergenceThreshold} (the estimate itself runs with the phases' tolerance, 0 = every step): a phase that
 * is still above the threshold after T2 steps counts as not converged.
 *
 * <p>Outputs: {@code gradient_check.csv} and {@code .npy} (one row per |β| and estimator: beta, cosine, nudged
 * phases, not converged), {@code gradient_check.png} (cosine against |β| per estimator, log x), {@code metrics.json}
 * (per estimator the smallest cosine for |β| ≤ 0.5 and whether every nudged phase converged).
 */
public final class EpGradientCheckProtocol implements Protocol<EpGradientCheckSpec> {
    @Override
    public String name() {
        return "ep-gradient-check";
    }

    @Override
    public boolean ownsNetwork() {
        return true;
    }

    @Override
    public EpGradientCheckSpec read(ProtocolInput in) {
        return EpGradientCheckReader.read(in.protocol(), in.problems());
    }

    /** One estimate: its cosine with the reference and how its nudged phases went. */
    private record Row(double beta, String estimator, int nudges, double cosine, long phases, long notConverged) {
    }

    @Override
    public Outcome run(Experiment e, EpGradientCheckSpec s, RunContext run) throws IOException {
        long t0 = System.nanoTime();
        EquilibriumNetwork net = EquilibriumNetwork.create(s.sizes(), s.classes(), s.activation(), true, 0,
                s.initStd(), e.seed());
        UniformRandomProvider rng = new RandomStreams(e.seed()).stream("toy/input");
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        int ni = s.sizes()[0];
        double[] xd = new double[ni];
        float[] x = new float[ni];
        double max = 0;
        for (int i = 0; i < ni; i++) {
            xd[i] = g.sample();
            max = Math.max(max, Math.abs(xd[i]));
        }
        for (int i = 0; i < ni; i++) {
            x[i] = (float) (xd[i] / max);
            xd[i] = x[i];
        }
        int label = rng.nextInt(s.classes());
        RelaxationPhases phases = s.phases();
        double[][] ref = FreePhaseBackprop.gradient(net, xd, label, phases.freeSteps());
        List<Row> rows = new java.util.ArrayList<>();
        double freeResidual = Double.NaN;
        for (double beta : s.betas()) {
            for (EpEstimator kind : s.estimators()) {
                EpEstimator est = new EpEstimator(kind.kind(), beta, kind.nudges());
                EquilibriumModel model = new EquilibriumModel(net, est, phases, JacobianHomeostasis.none(), e.seed());
                EquilibriumModel.Workspace ws = model.workspace();
                ws.forward(x);
                freeResidual = ws.lastResidual();
                ws.backward(label);
                double cos = FreePhaseBackprop.cosine(model.blocks(), ws::credit, ref);
                EquilibriumModel check = new EquilibriumModel(net, est, new RelaxationPhases(phases.freeSteps(),
                        phases.nudgedSteps(), s.convergenceThreshold()), JacobianHomeostasis.none(), e.seed());
                EquilibriumModel.Workspace cw = check.workspace();
                cw.forward(x);
                cw.backward(label);
                rows.add(new Row(beta, EpGradientCheckSpec.label(kind), kind.nudges(), cos,
                        check.statistics().nudgedPhases(), check.statistics().nudgedNotConverged()));
            }
        }
        Path dir = run.directory();
        Experiment.Outputs out = e.outputs();
        if (out.csv()) {
            try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("gradient_check.csv"), StandardCharsets.UTF_8)) {
                w.write("beta,estimator,N,cosine,nudged_phases,nudged_not_converged\n");
                for (Row r : rows) {
                    w.write(r.beta() + "," + r.estimator() + "," + r.nudges() + "," + r.cosine() + "," + r.phases()
                            + "," + r.notConverged() + "\n");
                }
            }
        }
        if (out.npy()) {
            double[][] t = new double[rows.size()][];
            for (int i = 0; i < t.length; i++) {
                Row r = rows.get(i);
                t[i] = new double[] {r.beta(), r.nudges(), r.cosine(), r.phases(), r.notConverged()};
            }
            NpyWriter.write(dir.resolve("gradient_check.npy"), t);
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        int ne = s.estimators().size();
        for (int k = 0; k < ne; k++) {
            double[] c = new double[s.betas().length];
            for (int b = 0; b < c.length; b++) {
                c[b] = rows.get(b * ne + k).cosine();
            }
            series.put(EpGradientCheckSpec.label(s.estimators().get(k)), c);
        }
        if (out.plots()) {
            ScanPlots.curves(dir.resolve("gradient_check.png"), "EP estimates vs back-propagation through the free "
                    + "phase (" + EpTrainRunner.join(s.sizes()) + ", T1 = " + phases.freeSteps() + ", T2 = " + phases.nudgedSteps()
                    + ")", "|beta|", "cosine similarity", s.betas(), series);
        }
        ObjectNode m = ExperimentReader.MAPPER.createObjectNode();
        m.put("label", label);
        m.put("free_residual", freeResidual);
        boolean all = true;
        ObjectNode per = m.putObject("estimators");
        for (int k = 0; k < ne; k++) {
            String lab = EpGradientCheckSpec.label(s.estimators().get(k));
            double minCos = Double.POSITIVE_INFINITY;
            boolean conv = true;
            for (int b = 0; b < s.betas().length; b++) {
                Row r = rows.get(b * ne + k);
                if (r.beta() <= 0.5) {
                    minCos = Math.min(minCos, r.cosine());
                }
                conv &= r.notConverged() == 0;
            }
            ObjectNode o = per.putObject(lab);
            o.put("min_cosine_beta_le_0.5", minCos == Double.POSITIVE_INFINITY ? Double.NaN : minCos);
            o.put("all_nudged_converged", conv);
            ObjectNode byBeta = o.putObject("cosine");
            for (int b = 0; b < s.betas().length; b++) {
                byBeta.put(Double.toString(s.betas()[b]), series.get(lab)[b]);
            }
            all &= conv;
        }
        m.put("all_nudged_converged", all);
        m.put("wall_s", (System.nanoTime() - t0) / 1e9);
        return new Outcome(m, new Outcome.Execution("java", "the ep-gradient-check protocol relaxes a small rate "
                + "network on the CPU", "CPU (one thread)"));
    }

    @Override
    public String summary(ObjectNode metrics) {
        StringBuilder b = new StringBuilder("smallest cosine for |beta| <= 0.5:");
        metrics.path("estimators").fields().forEachRemaining(f -> b.append(' ').append(f.getKey()).append(' ')
                .append(String.format("%.4f", f.getValue().path("min_cosine_beta_le_0.5").asDouble())));
        return b + (metrics.path("all_nudged_converged").asBoolean() ? "; every nudged phase converged"
                : "; some nudged phases did not converge");
    }
}
