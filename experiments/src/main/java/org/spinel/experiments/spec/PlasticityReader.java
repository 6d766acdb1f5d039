package org.spinel.experiments.spec;

import java.util.List;

import org.spinel.networks.plasticity.PlasticityPipeline;
import org.spinel.networks.plasticity.WeightBounds;
import org.spinel.plasticity.StdpRule;

/**
 * Reads {@code projections[i].plasticity}: {@code {"rule": {...}, "bounds": {...}, "application": ...}} into a
 * {@link PlasticityPipeline} (rule → modulators → projector → bounds). Rules: {@code stdp}. Later issues add
 * modulators (astrocyte), projectors (HLOP) and gradient rules here.
 */
public final class PlasticityReader {
    private static final double INF = Double.POSITIVE_INFINITY, NEG = Double.NEGATIVE_INFINITY;

    private PlasticityReader() {
    }

    /** @param weightDim dimension of the projection's weights (the target variable's unit) */
    public static PlasticityPipeline read(Obj o, Dimension weightDim, Problems problems) {
        int before = problems.size();
        Obj r = o.object("rule", false);
        String type = r.string("type", null, "stdp");
        StdpRule rule = null;
        if (type != null) {
            StdpRule d = StdpRule.builder().build();
            try {
                rule = StdpRule.builder()
                        .aPlus(r.quantity("aPlus", weightDim, d.aPlus(), 0, INF))
                        .aMinus(r.quantity("aMinus", weightDim, d.aMinus(), 0, INF))
                        .tauPlus(r.quantity("tauPlus", Dimension.TIME, d.tauPlus(), Double.MIN_VALUE, INF))
                        .tauMinus(r.quantity("tauMinus", Dimension.TIME, d.tauMinus(), Double.MIN_VALUE, INF))
                        .pairing("nearest".equals(r.string("pairing", "all-to-all", "all-to-all", "nearest"))
                                ? StdpRule.Pairing.NEAREST : StdpRule.Pairing.ALL_TO_ALL)
                        .weightDependence("multiplicative".equals(r.string("weightDependence", "additive", "additive",
                                "multiplicative")) ? StdpRule.WeightDependence.MULTIPLICATIVE
                                        : StdpRule.WeightDependence.ADDITIVE)
                        .range(r.quantity("wMin", weightDim, d.wMin(), NEG, INF), r.quantity("wMax", weightDim, d.wMax(), NEG, INF))
                        .build();
            } catch (IllegalArgumentException e) {
                if (problems.size() == before) {
                    problems.addText(r.pointer(), "invalid rule", e.getMessage());
                }
            }
        } else {
            r.allow("aPlus", "aMinus", "tauPlus", "tauMinus", "pairing", "weightDependence", "wMin", "wMax");
        }
        r.finish();
        WeightBounds bounds = WeightBounds.none();
        Obj b = o.object("bounds", true);
        if (b != null) {
            String bt = b.string("type", "hard", "none", "hard");
            if ("hard".equals(bt)) {
                double lo = b.quantity("min", weightDim, null, NEG, INF), hi = b.quantity("max", weightDim, null, NEG, INF);
                if (lo > hi) {
                    problems.add(b.at("max"), b.raw("max"), "a value >= min");
                } else if (!Double.isNaN(lo) && !Double.isNaN(hi)) {
                    bounds = WeightBounds.hard(lo, hi);
                }
            }
            b.finish();
        }
        String app = o.string("application", "online", "online", "per-trial");
        o.finish();
        if (problems.size() != before || rule == null) {
            return null;
        }
        return new PlasticityPipeline(rule, List.of(), null, bounds,
                "per-trial".equals(app) ? PlasticityPipeline.Application.PER_TRIAL : PlasticityPipeline.Application.ONLINE);
    }
}
