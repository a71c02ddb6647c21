"""rustworkx's exact betweenness and closeness equal networkx's, the
reference, on graphs shaped like the app's (ties with strengths and states;
the analysis reads the active ones, unweighted)."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from caseboard.network.centrality import centrality
from caseboard.network.model import analysis_graph


def _like_the_app(G: nx.Graph, seed: int) -> nx.Graph:
    """Ties as ``network.graph.build`` draws them: a strength and a state."""
    rng = random.Random(seed)
    for u, v in G.edges():
        G.edges[u, v].update(
            weight=round(rng.random(), 4),
            state=rng.choice(["active", "active", "cooling", "cold"]),
        )
    return G


GRAPHS = {
    "random": lambda: nx.gnm_random_graph(300, 1200, seed=1),
    "hubs": lambda: nx.barabasi_albert_graph(400, 3, seed=2),
    "separate groups": lambda: nx.disjoint_union_all(
        [nx.gnm_random_graph(40, 90, seed=s) for s in range(4)]
        + [nx.empty_graph(5), nx.path_graph(2)]
    ),
    "communities": lambda: nx.connected_caveman_graph(12, 8),
}


@pytest.mark.parametrize("shape", sorted(GRAPHS))
@pytest.mark.parametrize("active_only", [True, False])
def test_rustworkx_scores_equal_networkx(shape, active_only):
    G = _like_the_app(GRAPHS[shape](), seed=len(shape))
    scores = centrality(G, active_only=active_only)
    H = analysis_graph(G, active_only)
    assert H.number_of_edges() > 0
    assert scores.betweenness_method == "exact"
    assert scores.betweenness == pytest.approx(nx.betweenness_centrality(H), abs=1e-12)
    assert scores.closeness == pytest.approx(nx.closeness_centrality(H), abs=1e-12)


def test_people_named_by_any_id_keep_their_scores():
    G = nx.relabel_nodes(nx.karate_club_graph(), lambda v: 1000 - 7 * v)
    scores = centrality(G, active_only=False)
    assert scores.betweenness == pytest.approx(nx.betweenness_centrality(G))
    assert scores.closeness == pytest.approx(nx.closeness_centrality(G))
    assert max(scores.betweenness, key=scores.betweenness.__getitem__) == 1000


def test_exact_at_any_size_by_default():
    G = nx.gnm_random_graph(700, 2100, seed=5)
    scores = centrality(G, active_only=False)
    assert scores.betweenness_method == scores.closeness_method == "exact"
    assert scores.betweenness_error is None and scores.sample_size is None
