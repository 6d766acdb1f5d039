package org.spinel.experiments.spec;

import java.util.function.Function;

import org.spinel.networks.topology.AllToAll;
import org.spinel.networks.topology.FixedInDegree;
import org.spinel.networks.topology.FixedProbability;
import org.spinel.networks.topology.OneToOne;
import org.spinel.networks.topology.RingStarTopology;
import org.spinel.networks.topology.RingTopology;
import org.spinel.networks.topology.StarTopology;
import org.spinel.networks.topology.Topology;
import org.spinel.networks.topology.WattsStrogatz;

/**
 * Reads {@code projections[i].topology}: {@code {"type": ..., parameters}}, one Java topology class per type.
 * {@code liquid} needs the lattice named in it and {@code fixed-total-number} may share one draw with other
 * projections, so the caller supplies both.
 */
public final class TopologyReader {
    /** Topology type names. */
    public static final String[] TYPES = {"all-to-all", "one-to-one", "fixed-probability", "fixed-in-degree", "ring",
            "star", "ring-star", "watts-strogatz", "liquid", "fixed-total-number"};

    private TopologyReader() {
    }

    /**
     * @param liquid builds a liquid topology from its object (lattice, c, lambda); used for type "liquid"
     * @param totalNumber builds a fixed-total-number topology from its object (fraction or n, optional group)
     * @param nPre   pre population size (for range checks), or -1 if unknown
     */
    public static Topology read(Obj o, int nPre, Function<Obj, Topology> liquid, Function<Obj, Topology> totalNumber,
            Problems problems) {
        String type = o.string("type", null, TYPES);
        if (type == null) {
            o.allow("p", "k", "autapses", "withReplacement", "range", "beta", "lattice", "c", "lambda", "fraction", "n",
                    "group");
            return null;
        }
        int before = problems.size();
        Topology t;
        try {
            t = switch (type) {
                case "all-to-all" -> new AllToAll(o.bool("autapses", false));
                case "one-to-one" -> new OneToOne();
                case "fixed-probability" -> new FixedProbability(o.quantity("p", Dimension.DIMENSIONLESS, null, 0, 1),
                        o.bool("autapses", false));
                case "fixed-in-degree" -> new FixedInDegree(o.intValue("k", null, 0, Integer.MAX_VALUE, 0),
                        o.bool("autapses", false), o.bool("withReplacement", false));
                case "ring" -> new RingTopology(o.intValue("range", 1, 1, Integer.MAX_VALUE, 1));
                case "star" -> new StarTopology();
                case "ring-star" -> new RingStarTopology(Math.max(nPre, 2), o.intValue("range", 1, 1, Integer.MAX_VALUE, 1));
                case "watts-strogatz" -> new WattsStrogatz(o.intValue("k", null, 2, Integer.MAX_VALUE, 2),
                        o.quantity("beta", Dimension.DIMENSIONLESS, null, 0, 1));
                case "fixed-total-number" -> totalNumber.apply(o);
                default -> liquid.apply(o);
            };
        } catch (IllegalArgumentException e) {
            if (problems.size() == before) {
                problems.addText(o.pointer(), "invalid topology", e.getMessage());
            }
            return null;
        }
        o.finish();
        return problems.size() == before ? t : null;
    }
}
