"""Above 2,000 people the browser gets the best-connected ones and is told so."""

import networkx as nx

from caseboard.network.drawing import for_drawing


def test_small_networks_are_drawn_whole():
    graph = nx.path_graph(5)
    drawn = for_drawing(graph)
    assert drawn.nodes == list(graph) and len(drawn.edges) == 4 and not drawn.note


def test_big_networks_are_cut_to_the_best_connected_and_say_so():
    graph = nx.star_graph(30)  # node 0 is the hub
    nx.add_path(graph, [100, 101, 102])
    drawn = for_drawing(graph, max_people=10, max_ties=5)
    assert len(drawn.nodes) == 10 and drawn.nodes[0] == 0
    assert len(drawn.edges) == 5
    assert all(a in drawn.nodes and b in drawn.nodes for a, b, _ in drawn.edges)
    assert "Drawing the 10 best-connected of 34 people" in drawn.note
    assert "the 5 strongest of 8 ties" in drawn.note
