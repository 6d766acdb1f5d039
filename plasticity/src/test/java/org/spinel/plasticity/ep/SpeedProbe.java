package org.spinel.plasticity.ep;

/** Development probe: free-phase steps per second of one workspace (run by hand). */
public final class SpeedProbe {
    public static void main(String[] a) {
        EquilibriumNetwork net = EquilibriumNetwork.create(new int[] {784, 256, 256, 10}, 10, RateActivation.SIGMOID, true, 0, Double.NaN, 1);
        EquilibriumModel model = new EquilibriumModel(net, EpEstimator.holomorphic(0.5, 4), new RelaxationPhases(150, 20, 0), JacobianHomeostasis.none(), 1);
        EquilibriumModel.Workspace ws = model.workspace();
        float[] x = new float[784];
        for (int i = 0; i < 784; i++) x[i] = (i % 3 == 0) ? 0 : (float) ((i * 37 % 101) / 101.0);
        float[] m = new float[256 * 256], y = new float[256], s = new float[256];
        for (int i = 0; i < m.length; i++) m[i] = (float) Math.sin(i);
        for (int i = 0; i < 256; i++) s[i] = (float) Math.cos(i);
        for (int rep = 0; rep < 6; rep++) {
            long t0 = System.nanoTime();
            for (int k = 0; k < 50; k++) ws.forward(x);
            double free = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            for (int k = 0; k < 50; k++) ws.backward(k % 10);
            double back = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            for (int k = 0; k < 50 * 150 * 2; k++) FloatKernels.axpyRows(m, 256, 256, s, y);
            double kern = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            for (int k = 0; k < 50 * 150 * 2; k++) FloatKernels.activate(RateActivation.SIGMOID, y, s, 256);
            double act = (System.nanoTime() - t0) / 1e9;
            System.out.printf("free %.1f us/step, backward %.2f ms/sample, kernel-only %.1f us/step, act %.1f us/step%n",
                    free / 50 / 150 * 1e6, back / 50 * 1e3, kern / 50 / 150 * 1e6, act / 50 / 150 * 1e6);
        }
    }
}
