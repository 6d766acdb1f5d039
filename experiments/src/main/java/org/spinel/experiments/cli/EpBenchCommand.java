package org.spinel.experiments.cli;

import java.util.Arrays;
import java.util.concurrent.Callable;

import org.spinel.experiments.datasets.FashionMnist;
import org.spinel.experiments.datasets.LabeledImages;
import org.spinel.plasticity.ep.ConvergenceStatistics;
import org.spinel.plasticity.ep.EpEstimator;
import org.spinel.plasticity.ep.EquilibriumModel;
import org.spinel.plasticity.ep.EquilibriumNetwork;
import org.spinel.plasticity.ep.JacobianHomeostasis;
import org.spinel.plasticity.ep.RateActivation;
import org.spinel.plasticity.ep.RelaxationPhases;
import org.spinel.plasticity.optim.SgdMomentum;
import org.spinel.plasticity.train.MiniBatchTrainer;

import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code spinel bench ep}: equilibrium-propagation training speed on Fashion-MNIST, the set-up of
 * {@code ../shared/bench/ep_fmnist.py} (784-256-256-10, ρ = σ(4z − 2), tied, SGD 0.01 momentum 0.9, batch 50,
 * T1 = 150, T2 = 20, holomorphic N = 4, |β| = 0.5), one JSON line: seconds for the training samples, seconds per
 * 1000 samples and per 60 000-sample epoch, free-phase steps per second, the convergence statistics, the test
 * accuracy on {@code --test-limit} samples and a SHA-256 of the trained weights (equal for one and two threads).
 */
@Command(name = "ep", mixinStandardHelpOptions = true,
        description = "Train EP on Fashion-MNIST for --limit samples and print {bench, threads, samples, train_s, "
                + "seconds_per_1000, epoch_s_extrapolated, free_steps_per_s, ..., weights_sha256} as one JSON line.")
final class EpBenchCommand implements Callable<Integer> {
    @Mixin
    BenchCommand.RunOptions run;
    @Option(names = "--limit", defaultValue = "60000", description = "Training samples (default ${DEFAULT-VALUE}).")
    int limit;
    @Option(names = "--test-limit", defaultValue = "1000", description = "Test samples (default ${DEFAULT-VALUE}).")
    int testLimit;
    @Option(names = "--estimator", defaultValue = "holomorphic", description = "classic, centred or holomorphic.")
    String estimator;
    @Option(names = "--N", defaultValue = "4", description = "Nudges of the holomorphic estimator.")
    int nudges;
    @Option(names = "--beta", defaultValue = "0.5", description = "|beta| (default ${DEFAULT-VALUE}).")
    double beta;
    @Option(names = "--T1", defaultValue = "150", description = "Free-phase steps.")
    int t1;
    @Option(names = "--T2", defaultValue = "20", description = "Nudged-phase steps.")
    int t2;
    @Option(names = "--tolerance", defaultValue = "0", description = "Residual at which a phase stops early "
            + "(default ${DEFAULT-VALUE}: every step, as the PyTorch reference).")
    double tolerance;
    @Option(names = "--batch", defaultValue = "50", description = "Batch size.")
    int batch;
    @Option(names = "--untied", description = "Untied feedback (alpha 90 degrees).")
    boolean untied;
    @Option(names = "--homeostasis", defaultValue = "0", description = "Homeostasis lambda (stochastic, 5 draws).")
    double lambda;

    @Override
    public Integer call() throws Exception {
        int threads = ThreadCap.cap("--threads", run.threads, System.err);
        LabeledImages train = FashionMnist.train(), test = FashionMnist.test();
        int n = Math.min(limit, train.size()), nt = Math.min(testLimit, test.size());
        float[][] x = pixels(train, n), xt = pixels(test, nt);
        int[] y = Arrays.copyOf(train.labels(), n), yt = Arrays.copyOf(test.labels(), nt);
        EpEstimator est = switch (estimator) {
            case "classic" -> EpEstimator.classic(beta);
            case "centred" -> EpEstimator.centred(beta);
            case "holomorphic" -> EpEstimator.holomorphic(beta, nudges);
            default -> throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--estimator " + estimator + ": expected classic, centred or holomorphic");
        };
        EquilibriumNetwork net = EquilibriumNetwork.create(new int[] {784, 256, 256, 10}, 10, RateActivation.SIGMOID,
                !untied, untied ? 90 : 0, Double.NaN, run.seed);
        JacobianHomeostasis h = lambda > 0 ? new JacobianHomeostasis(lambda, JacobianHomeostasis.Estimate.STOCHASTIC,
                5, JacobianHomeostasis.Jacobian.ACTIVATION) : JacobianHomeostasis.none();
        EquilibriumModel model = new EquilibriumModel(net, est, new RelaxationPhases(t1, t2, tolerance), h, run.seed);
        double trainS;
        double testAcc;
        try (MiniBatchTrainer<float[], EquilibriumModel.Workspace> t = new MiniBatchTrainer<>(model,
                SgdMomentum.builder().learningRate(0.01).momentum(0.9), threads)) {
            long t0 = System.nanoTime();
            long step = 0;
            for (int b = 0; b + batch <= n; b += batch) {
                model.setStep(step++);
                t.trainBatch(Arrays.copyOfRange(x, b, b + batch), Arrays.copyOfRange(y, b, b + batch), null);
            }
            trainS = (System.nanoTime() - t0) / 1e9;
            ConvergenceStatistics st = model.statistics();
            model.resetStatistics();
            testAcc = t.evaluate(xt, yt, null).accuracy();
            ObjectNode o = org.spinel.experiments.spec.ExperimentReader.MAPPER.createObjectNode();
            o.put("bench", "spinel-ep-fmnist").put("kernels", EquilibriumModel.kernels()).put("threads", threads)
                    .put("samples", n).put("estimator", est.describe()).put("T1", t1).put("T2", t2)
                    .put("tolerance", tolerance).put("batch", batch).put("untied", untied).put("homeostasis", lambda)
                    .put("train_s", round(trainS)).put("seconds_per_1000", round(1000 * trainS / n))
                    .put("epoch_s_extrapolated", round(60000 * trainS / n))
                    .put("free_steps_per_s", Math.round(st.freeSteps() / trainS))
                    .put("mean_free_steps", round((double) st.freeSteps() / Math.max(1, st.freePhases())))
                    .put("free_not_converged", st.freeNotConverged())
                    .put("mean_free_residual", st.meanFreeResidual())
                    .put("nudged_steps_per_s", Math.round(st.nudgedSteps() / trainS))
                    .put("test_samples", nt).put("test_accuracy", testAcc).put("seed", run.seed)
                    .put("weights_sha256", weightsHash(net))
                    .put("cpu", System.getProperty("os.arch") + " x" + Runtime.getRuntime().availableProcessors());
            System.out.println(org.spinel.experiments.spec.ExperimentReader.MAPPER.writeValueAsString(o));
        }
        return 0;
    }

    /**
     * SHA-256 of every trained block's weights after training (the blocks in order, each value's IEEE bits big-endian):
     * equal for runs that trained to the same bits, e.g. one and two threads with the same seed.
     */
    static String weightsHash(EquilibriumNetwork net) throws java.security.NoSuchAlgorithmException {
        java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(8);
        for (org.spinel.plasticity.train.WeightBlock b : net.blocks()) {
            for (double v : b.weights()) {
                buf.clear();
                md.update(buf.putDouble(v).array());
            }
        }
        return java.util.HexFormat.of().formatHex(md.digest());
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static float[][] pixels(LabeledImages img, int n) {
        float[][] x = new float[n][img.pixelsPerImage()];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < x[i].length; p++) {
                x[i][p] = img.pixel(i, p) / 255f;
            }
        }
        return x;
    }
}
