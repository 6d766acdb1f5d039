package org.spinel.plasticity.surrogate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.math3.analysis.integration.IterativeLegendreGaussIntegrator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each analytic effective width equals ∫σ'(u) du / σ'(0) integrated numerically (u = tan θ over (−π/2, π/2)). */
class SurrogateWidthTest {
    @ParameterizedTest
    @CsvSource({"fast-sigmoid, 100", "fast-sigmoid, 5", "sigmoid, 25", "arctan, 2", "arctan, 0.5", "triangle, 1",
            "triangle, 0.3", "exponential, 1", "exponential, 4", "straight-through, 1", "straight-through, 0.25"})
    void analyticWidthEqualsNumericIntegral(String fn, double parameter) {
        SurrogateFunction f = Surrogates.byName(fn, parameter);
        IterativeLegendreGaussIntegrator integrator = new IterativeLegendreGaussIntegrator(64, 1e-10, 1e-12);
        double integral = 0;
        // Split at the kinks (u = 0, ±width of compact shapes) so the quadrature sees smooth pieces.
        double[] cuts = {-Math.PI / 2, Math.atan(-parameter), 0, Math.atan(parameter), Math.PI / 2};
        for (int i = 0; i + 1 < cuts.length; i++) {
            integral += integrator.integrate(1_000_000, th -> {
                double u = Math.tan(th), c = Math.cos(th);
                return f.derivative(u) / (c * c);
            }, cuts[i], cuts[i + 1]);
        }
        double numeric = integral / f.derivative(0);
        assertEquals(numeric, f.effectiveWidth(), 1e-6 * numeric, f.describe());
    }
}
