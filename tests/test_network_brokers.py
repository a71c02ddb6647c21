"""Brokers between two groups, on small graphs whose answer is plain."""

import networkx as nx

from caseboard.network.brokers import brokers_between, members


def graph() -> nx.Graph:
    g = nx.Graph()
    for person, org, kind in [
        (1, 10, "police"),
        (2, 10, "police"),
        (3, 20, "business"),
        (4, 20, "business"),
        (5, 30, "community_organization"),
        (6, 30, "community_organization"),
    ]:
        g.add_node(person, organization_id=org, organization_kind=kind)
    g.add_edge(1, 3, weight=0.9)  # a police officer who knows a bar owner
    g.add_edge(2, 5, weight=0.8)  # a go-between, not in either group ...
    g.add_edge(5, 4, weight=0.3)  # ... weakly tied to a bar owner
    g.add_edge(6, 1, weight=0.7)  # tied to one side only
    return g


def test_brokers_are_ranked_by_their_weaker_link_with_their_ties():
    g = graph()
    police, bars = members(g, "org", "10"), members(g, "kind", "business")
    assert police == {1, 2} and bars == {3, 4}
    found = brokers_between(g, police, bars)
    assert [b.person for b in found] == [1, 3, 5]
    first = found[0]
    assert first.in_a and first.ties_b == ((3, 0.9),) and first.reach == (1.0, 0.9)
    go_between = found[2]
    assert not go_between.in_a and not go_between.in_b
    assert go_between.ties_a == ((2, 0.8),) and go_between.ties_b == ((4, 0.3),)


def test_no_tie_across_means_no_brokers():
    g = graph()
    g.add_node(7, organization_id=40, organization_kind="faith")
    g.add_edge(7, 8, weight=1.0)  # tied, but not to anyone near the bars
    assert brokers_between(g, members(g, "org", "40"), members(g, "org", "20")) == []
