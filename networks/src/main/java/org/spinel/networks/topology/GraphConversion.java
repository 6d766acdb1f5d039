package org.spinel.networks.topology;

import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.DirectedWeightedPseudograph;
import org.spinel.neurons.ParameterException;

/**
 * Conversion between Spinel synapse pairs and JGraphT graphs, so any JGraphT generator or importer (jgrapht-io:
 * GraphML, DOT, GML, CSV...) can define a projection and any projection can be exported or analysed with JGraphT.
 */
public final class GraphConversion {
    private GraphConversion() {
    }

    /**
     * Synapse pairs of a graph whose vertices are 0..n−1: a directed edge u→v gives pre u → post v; an undirected
     * edge gives both directions.
     */
    public static <E> SynapsePairs fromGraph(Graph<Integer, E> g) {
        int n = g.vertexSet().size();
        for (Integer v : g.vertexSet()) {
            if (v == null || v < 0 || v >= n) {
                throw new ParameterException("graph vertex " + v + ": expected vertices 0.." + (n - 1));
            }
        }
        boolean directed = g.getType().isDirected();
        SynapsePairs p = new SynapsePairs(directed ? g.edgeSet().size() : 2 * g.edgeSet().size());
        for (E e : g.edgeSet()) {
            int u = g.getEdgeSource(e), v = g.getEdgeTarget(e);
            p.add(u, v);
            if (!directed && u != v) {
                p.add(v, u);
            }
        }
        return p;
    }

    /** A directed weighted graph on vertices 0..n−1 (parallel synapses kept), weights 1 when {@code weights} is null. */
    public static Graph<Integer, DefaultWeightedEdge> toGraph(int n, SynapsePairs pairs, float[] weights) {
        Graph<Integer, DefaultWeightedEdge> g = new DirectedWeightedPseudograph<>(DefaultWeightedEdge.class);
        for (int v = 0; v < n; v++) {
            g.addVertex(v);
        }
        for (int k = 0; k < pairs.size(); k++) {
            DefaultWeightedEdge e = g.addEdge(pairs.pre(k), pairs.post(k));
            g.setEdgeWeight(e, weights == null ? 1.0 : weights[k]);
        }
        return g;
    }
}
