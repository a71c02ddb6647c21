"""The network analysis layer against graphs with known answers: networkx's
classic data sets (karate club, Florentine families, Les Misérables) and small
hand-built coalitions."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime
from itertools import pairwise

import networkx as nx
import pytest

from caseboard.network.centrality import centrality
from caseboard.network.communities import communities, structural_holes
from caseboard.network.explain import METRIC_MEANINGS
from caseboard.network.introductions import warm_introduction
from caseboard.network.model import active_ties, ego_graph, filter_graph
from caseboard.network.organizations import organization_matrix
from caseboard.network.resilience import single_points_of_failure
from caseboard.network.what_if import OrganizationPairCut, what_if_leaves

POLICE, FIRE, BARS, YOUTH, COUNCIL = (
    "Police",
    "Fire Marshal's Office",
    "Pine Street Bar Owners",
    "Youth Club",
    "City Council",
)
RUIZ, CHEN, PARK, DIAZ, WEBB, ANA, BEN, CAL, NG, DANA = range(1, 11)


def coalition() -> nx.Graph:
    """Police and the fire marshal's office are tied to each other in two
    ways; the Pine Street bar owners only through Sgt. Ruiz; the youth club
    only through Off. Chen; the councillor's one tie has gone cold."""
    G = nx.Graph()
    people = {
        RUIZ: ("Sgt. Ruiz", POLICE, "police"),
        CHEN: ("Off. Chen", POLICE, "police"),
        PARK: ("Lt. Park", POLICE, "police"),
        DIAZ: ("Marshal Diaz", FIRE, "agency"),
        WEBB: ("Insp. Webb", FIRE, "agency"),
        ANA: ("Ana Silva", BARS, "business"),
        BEN: ("Ben Okafor", BARS, "business"),
        CAL: ("Cal Moreno", BARS, "business"),
        NG: ("Councillor Ng", COUNCIL, "government"),
        DANA: ("Dana Reyes", YOUTH, "community"),
    }
    for pid, (name, org, kind) in people.items():
        G.add_node(pid, name=name, organization=org, organization_kind=kind)

    def tie(a, b, weight, state="active", types=("works_with",), **extra):
        G.add_edge(
            a,
            b,
            weight=weight,
            state=state,
            types=list(types),
            last_contact=date(2026, 5, 1),
            **extra,
        )

    tie(ANA, BEN, 0.7)
    tie(BEN, CAL, 0.6)
    tie(ANA, CAL, 0.5)
    tie(RUIZ, ANA, 0.8)
    tie(RUIZ, BEN, 0.6)
    tie(RUIZ, CHEN, 0.9)
    tie(RUIZ, PARK, 0.5)
    tie(CHEN, PARK, 0.7)
    tie(RUIZ, DIAZ, 0.7)
    tie(DIAZ, WEBB, 0.9)
    tie(PARK, WEBB, 0.4)
    tie(CHEN, DANA, 0.6, types=("mentor",))
    tie(PARK, CAL, 0.3, state="cold")
    tie(NG, DIAZ, 0.2, state="cold")
    return G


def two_triangles() -> nx.Graph:
    return nx.Graph([(0, 1), (1, 2), (0, 2), (2, 3), (3, 4), (4, 5), (3, 5)])


# ---------------------------------------------------------------- classic graphs


def test_karate_club_known_answers():
    G = nx.karate_club_graph()
    scores = centrality(G)
    assert scores.betweenness_method == "exact"
    assert scores.sample_size is None
    assert scores.betweenness[0] == pytest.approx(nx.betweenness_centrality(G)[0])
    assert scores.closeness == pytest.approx(nx.closeness_centrality(G))
    assert scores.degree == pytest.approx(nx.degree_centrality(G))
    assert scores.eigenvector == pytest.approx(nx.eigenvector_centrality(G))
    assert scores.eigenvector_note is None

    cuts = single_points_of_failure(G)
    assert {cut.person for cut in cuts.people} == set(nx.articulation_points(G)) == {0}
    (zero,) = cuts.people
    # Without node 0, node 11 and the group {4, 5, 6, 10, 16} are cut off.
    assert sorted(g.size for g in zero.groups) == [1, 5, 27]
    assert [g.people for g in zero.groups[1:]] == [[4, 5, 6, 10, 16], [11]]
    assert zero.cut_off == 6
    assert {(cut.a, cut.b) for cut in cuts.ties} == {(0, 11)}

    found = communities(G)
    assert 3 <= len(found.sizes) <= 5
    assert sorted(found.membership) == sorted(G)
    assert found.sizes == sorted(found.sizes, reverse=True)
    assert sum(found.sizes) == len(G)
    assert found.modularity > 0.35


def test_florentine_families_medici_broker_and_bridges():
    G = nx.florentine_families_graph()
    scores = centrality(G)
    assert max(scores.betweenness, key=scores.betweenness.get) == "Medici"
    assert scores.betweenness["Medici"] == pytest.approx(
        nx.betweenness_centrality(G)["Medici"]
    )

    cuts = single_points_of_failure(G)
    bridges = {frozenset((cut.a, cut.b)) for cut in cuts.ties}
    assert bridges == {frozenset(edge) for edge in nx.bridges(G)}
    assert frozenset(("Medici", "Acciaiuoli")) in bridges
    assert frozenset(("Medici", "Salviati")) in bridges
    assert {cut.person for cut in cuts.people} == set(nx.articulation_points(G))
    # The Medici cut off the most families: Salviati with Pazzi, and Acciaiuoli.
    assert cuts.people[0].person == "Medici"
    assert cuts.people[0].cut_off == 3
    medici_salviati = next(
        cut for cut in cuts.ties if {cut.a, cut.b} == {"Medici", "Salviati"}
    )
    assert sorted(side.size for side in medici_salviati.sides) == [2, 13]
    assert medici_salviati.explanation == (
        "The tie between Medici and Salviati is the only link from Salviati and"
        " Pazzi to 13 other people."
    )


def test_les_miserables_valjean_is_most_central():
    G = nx.les_miserables_graph()
    scores = centrality(G)
    for metric in (scores.degree, scores.betweenness, scores.closeness):
        assert max(metric, key=metric.get) == "Valjean"
    assert scores.betweenness == pytest.approx(nx.betweenness_centrality(G))


@pytest.mark.parametrize(
    "G",
    [
        nx.karate_club_graph(),
        nx.florentine_families_graph(),
        nx.les_miserables_graph(),
    ],
    ids=["karate", "florentine", "les-miserables"],
)
def test_structural_holes_match_networkx(G):
    holes = structural_holes(G)
    assert holes.constraint == pytest.approx(nx.constraint(G))
    assert holes.effective_size == pytest.approx(nx.effective_size(G))
    for v in G:
        assert holes.efficiency[v] == pytest.approx(
            holes.effective_size[v] / G.degree(v)
        )
    weighted = structural_holes(G, weight="weight")
    assert weighted.constraint == pytest.approx(nx.constraint(G, weight="weight"))


def test_own_shortest_path_pass_matches_networkx_when_every_source_is_used():
    # Above sample_above the single-pass estimator runs; with sample_size at
    # least the size of every group it uses every source and must be exact.
    G = nx.les_miserables_graph()
    G.add_edges_from([("X", "Y"), ("Y", "Z")])  # a second, separate group
    G.add_node("alone")
    scores = centrality(G, sample_above=10, sample_size=len(G))
    assert scores.betweenness_method == scores.closeness_method == "exact"
    assert scores.betweenness_error is None
    assert scores.betweenness == pytest.approx(nx.betweenness_centrality(G))
    assert scores.closeness == pytest.approx(nx.closeness_centrality(G))


def test_sampled_betweenness_on_a_larger_graph_is_flagged_and_close():
    G = nx.barabasi_albert_graph(600, 4, seed=7)
    exact = nx.betweenness_centrality(G)
    top = max(exact, key=exact.get)
    scores = centrality(G, sample_above=300, sample_size=150, seed=3)
    assert scores.betweenness_method == scores.closeness_method == "sampled"
    assert scores.sample_size == 150
    # Within 25% and 4 standard errors for every seed from 0 to 19 (checked
    # once by hand); the seed only keeps the test deterministic.
    estimate, error = scores.betweenness[top], scores.betweenness_error[top]
    assert 0 < error < 0.2 * exact[top]
    assert estimate == pytest.approx(exact[top], rel=0.25)
    assert abs(estimate - exact[top]) <= 4 * error
    ranked = sorted(scores.betweenness, key=scores.betweenness.get, reverse=True)
    assert top in ranked[:5]
    closeness = nx.closeness_centrality(G)
    assert scores.closeness[top] == pytest.approx(closeness[top], rel=0.1)
    assert 0 < scores.closeness_error[top] < 0.1 * closeness[top]
    again = centrality(G, sample_above=300, sample_size=150, seed=3)
    assert again.betweenness == scores.betweenness


# ---------------------------------------------------------------- hand-built


def test_bridge_between_two_triangles():
    cuts = single_points_of_failure(two_triangles())
    assert [(cut.a, cut.b) for cut in cuts.ties] == [(2, 3)]
    (bridge,) = cuts.ties
    assert [side.people for side in bridge.sides] == [[0, 1, 2], [3, 4, 5]]
    assert bridge.cut_off == 3
    assert [cut.person for cut in cuts.people] == [2, 3]
    assert [g.people for g in cuts.people[0].groups] == [[3, 4, 5], [0, 1]]
    assert cuts.people[0].explanation == (
        "If 2 leaves, 0 and 1 would lose their only link to 3, 4 and 5."
    )
    scores = centrality(two_triangles())
    assert scores.betweenness[2] == scores.betweenness[3] == pytest.approx(0.6)


def test_articulation_point_explained_by_organizations():
    cuts = single_points_of_failure(coalition())
    assert {cut.person for cut in cuts.people} == {RUIZ, CHEN}
    ruiz = next(cut for cut in cuts.people if cut.person == RUIZ)
    assert ruiz.name == "Sgt. Ruiz"
    assert [g.people for g in ruiz.groups] == [
        [CHEN, PARK, DIAZ, WEBB, DANA],
        [ANA, BEN, CAL],
    ]
    assert ruiz.groups[1].organizations == {BARS: 3}
    assert ruiz.explanation == (
        "If Sgt. Ruiz (Police) leaves, Ana Silva (Pine Street Bar Owners), Ben"
        " Okafor (Pine Street Bar Owners) and Cal Moreno (Pine Street Bar Owners)"
        " would lose their only link to 5 other people, including everyone from"
        " Fire Marshal's Office, Police and Youth Club."
    )
    (bridge,) = cuts.ties
    assert (bridge.a, bridge.b) == (CHEN, DANA)
    assert bridge.explanation == (
        "Dana Reyes (Youth Club) is tied to the rest of the network only through"
        " Off. Chen (Police)."
    )


def test_large_groups_are_summarized_by_organization():
    G = nx.Graph()
    G.add_node("hub", name="Sgt. Ruiz", organization=POLICE)
    G.add_node("marshal", name="Marshal Diaz", organization=FIRE)
    G.add_edge("hub", "marshal")
    bars = [f"bar{i}" for i in range(5)]
    for i, bar in enumerate(bars):
        G.add_node(bar, name=f"Owner {i}", organization=BARS)
        G.add_edge("hub", bar)
    G.add_edges_from(pairwise(bars))
    (cut,) = single_points_of_failure(G, people_limit=3).people
    assert cut.groups[0].people is None  # too big to list
    assert cut.explanation == (
        "If Sgt. Ruiz (Police) leaves, Marshal Diaz (Fire Marshal's Office) would"
        " lose their only link to 5 other people, including everyone from Pine"
        " Street Bar Owners."
    )


def test_many_groups_cut_off_by_one_person_are_summed_up():
    G = nx.complete_graph(4)  # 0 is tied to a close-knit core and five loners
    G.add_edges_from((0, loner) for loner in range(10, 15))
    (cut,) = single_points_of_failure(G).people
    assert cut.person == 0 and cut.cut_off == 5
    assert cut.explanation == (
        "If 0 leaves, 10 would lose their only link to 1, 2 and 3."
        " If 0 leaves, 11 would lose their only link to 1, 2 and 3."
        " If 0 leaves, 12 would lose their only link to 1, 2 and 3."
        " So would 2 more groups (2 people)."
    )


def test_cold_tie_is_not_an_active_tie():
    G = coalition()
    assert G.has_edge(NG, DIAZ)
    H = active_ties(G)
    assert not H.has_edge(NG, DIAZ) and NG in H
    scores = centrality(G)
    assert scores.degree[NG] == 0
    assert scores.betweenness[NG] == scores.closeness[NG] == 0
    holes = structural_holes(G)
    assert holes.constraint[NG] is None and holes.effective_size[NG] is None
    assert communities(G).sizes[-1] == 1  # the councillor alone
    everything = centrality(G, active_only=False)
    assert everything.degree[NG] == pytest.approx(1 / 9)
    # Without the cold Park–Cal tie, Ruiz is the bar owners' only link.
    assert RUIZ in {cut.person for cut in single_points_of_failure(G).people}
    loose = single_points_of_failure(G, active_only=False)
    assert RUIZ not in {cut.person for cut in loose.people}


def test_warm_introduction_prefers_two_strong_ties_over_one_weak_one():
    G = nx.Graph()
    for v in "ABCDE":
        G.add_node(v, name=f"Person {v}")
    G.add_edge("A", "B", weight=0.1, state="active")
    G.add_edge("A", "C", weight=0.9, state="active")
    G.add_edge("C", "B", weight=0.9, state="active")
    path = warm_introduction(G, "A", "B")
    assert path.path == ["A", "C", "B"]
    assert path.brokers == ["C"]
    assert path.names == ["Person A", "Person C", "Person B"]
    assert path.strengths == [0.9, 0.9]
    assert path.strength == pytest.approx(0.81)
    assert path.direct_strength == 0.1

    # A stronger chain through a strained relationship is not suggested...
    G.add_edge("A", "D", weight=0.95, state="active", types=["strained"])
    G.add_edge("D", "B", weight=0.95, state="active")
    assert warm_introduction(G, "A", "B").brokers == ["C"]
    assert warm_introduction(G, "A", "B", avoid_types=None).brokers == ["D"]
    # ...nor one through a cold tie.
    G.add_edge("A", "E", weight=1.0, state="cold")
    G.add_edge("E", "B", weight=1.0, state="active")
    assert warm_introduction(G, "A", "B").brokers == ["C"]
    assert warm_introduction(G, "A", "B", active_only=False).brokers == ["E"]

    G.add_node("F")
    assert warm_introduction(G, "A", "F") is None
    assert warm_introduction(G, "A", "A").path == ["A"]
    with pytest.raises(nx.NodeNotFound):
        warm_introduction(G, "A", "nobody")
    G.add_edge("A", "F", weight=3, state="active")
    with pytest.raises(ValueError, match="strength"):
        warm_introduction(G, "A", "B")


def test_what_if_splits_a_group_and_leaves_an_org_pair_without_a_tie():
    G = coalition()
    pairs = [
        ("Pine Street noise", ANA, PARK),
        ("Pine Street noise", CHEN, WEBB),
        ("Riverside fires", RUIZ, DIAZ),
        ("Youth outreach", DANA, ANA),
    ]
    result = what_if_leaves(G, RUIZ, pairs)
    assert result.name == "Sgt. Ruiz"
    assert [t.other for t in result.ties_lost] == [CHEN, ANA, DIAZ, BEN, PARK]
    assert result.ties_lost[0].strength == 0.9
    assert result.ties_lost[0].organization == POLICE

    assert [g.people for g in result.split_off] == [[ANA, BEN, CAL]]
    assert result.split_off[0].organizations == {BARS: 3}
    assert result.remaining == 5

    # Police keep a tie to the fire marshal's office (Park–Webb), not to the bars:
    # only the cold Park–Cal tie is left there.
    assert result.organization_pairs_cut == [
        OrganizationPairCut((POLICE, BARS), ties_lost=2, inactive_ties_left=1)
    ]

    assert [(c.case, c.reason) for c in result.cases_cut] == [
        ("Pine Street noise", "only link"),
        ("Riverside fires", "role holder leaves"),
        ("Youth outreach", "only link"),
    ]
    assert [(i.a, i.b) for i in result.introductions] == [(ANA, CHEN)]
    assert result.explanation[:3] == [
        "Sgt. Ruiz has 5 ties (5 active).",
        "Ana Silva (Pine Street Bar Owners), Ben Okafor (Pine Street Bar Owners)"
        " and Cal Moreno (Pine Street Bar Owners) would be cut off from the other"
        " 5 people.",
        "Police would have no active tie left to Pine Street Bar Owners"
        " (1 cooling or cold tie left).",
    ]


def test_what_if_for_someone_without_consequences():
    G = coalition()
    result = what_if_leaves(G, WEBB, [("Riverside fires", DIAZ, PARK)])
    assert [t.other for t in result.ties_lost] == [DIAZ, PARK]
    assert result.split_off == []
    assert result.organization_pairs_cut == []
    assert result.cases_cut == []
    with pytest.raises(nx.NodeNotFound):
        what_if_leaves(G, "nobody")


def test_organization_matrix():
    matrix = organization_matrix(coalition())
    police_bars = matrix[(BARS, POLICE)]
    assert police_bars.ties == 3  # Ruiz–Ana, Ruiz–Ben, cold Park–Cal
    assert police_bars.active_ties == 2
    assert police_bars.total_strength == pytest.approx(0.8 + 0.6 + 0.3)
    assert police_bars.mean_strength == pytest.approx((0.8 + 0.6 + 0.3) / 3)
    assert matrix[(FIRE, POLICE)].ties == 2
    assert matrix[(POLICE, POLICE)].ties == 3
    assert matrix[(COUNCIL, FIRE)].active_ties == 0
    assert (BARS, FIRE) not in matrix
    assert all(a == min(a, b, key=str) for a, b in matrix)
    across = organization_matrix(coalition(), include_within=False)
    assert all(a != b for a, b in across)


# ---------------------------------------------------------------- scoping


def test_filter_graph():
    G = coalition()
    strong = filter_graph(G, min_strength=0.7)
    assert set(strong) == set(G)  # everyone stays
    assert all(d["weight"] >= 0.7 for _, _, d in strong.edges(data=True))
    assert strong.number_of_edges() == 6
    assert filter_graph(G, min_strength=0.7, drop_isolates=True).number_of_nodes() == 7

    mentors = filter_graph(G, types=["mentor", "supervisor"])
    assert list(mentors.edges) == [(CHEN, DANA)]
    assert filter_graph(G, types=[]).number_of_edges() == G.number_of_edges()

    cold = filter_graph(G, states={"cold"})
    assert {frozenset(e) for e in cold.edges} == {
        frozenset((PARK, CAL)),
        frozenset((NG, DIAZ)),
    }

    G.edges[RUIZ, DIAZ]["since"] = date(2026, 3, 1)
    G.edges[CHEN, DANA]["until"] = date(2026, 2, 1)
    before = filter_graph(G, as_of=datetime(2026, 1, 15, 9, 30))
    assert not before.has_edge(RUIZ, DIAZ) and before.has_edge(CHEN, DANA)
    after = filter_graph(G, as_of=date(2026, 4, 1))
    assert after.has_edge(RUIZ, DIAZ) and not after.has_edge(CHEN, DANA)
    assert after.nodes[RUIZ]["name"] == "Sgt. Ruiz"
    after.nodes[RUIZ]["name"] = "changed"
    assert G.nodes[RUIZ]["name"] == "Sgt. Ruiz"  # a copy, not a view


def test_ego_graph():
    G = coalition()
    assert set(ego_graph(G, DANA, 1)) == {DANA, CHEN}
    assert set(ego_graph(G, DANA, 2)) == {DANA, CHEN, RUIZ, PARK}
    assert set(ego_graph(G, DANA, 3)) == set(G) - {NG}
    assert ego_graph(G, DANA, 2).has_edge(RUIZ, PARK)
    for radius in (0, 4, True, 1.5):
        with pytest.raises(ValueError):
            ego_graph(G, DANA, radius)
    with pytest.raises(nx.NodeNotFound):
        ego_graph(G, "nobody", 1)


# ---------------------------------------------------------------- edge cases


def test_eigenvector_on_separate_groups_matches_networkx_limit():
    G = nx.Graph([(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (5, 6)])
    with pytest.raises(nx.PowerIterationFailedConvergence):
        nx.eigenvector_centrality(G)  # networkx's default gives up here
    scores = centrality(G)
    limit = nx.eigenvector_centrality(G, max_iter=10_000, tol=1e-12)
    assert scores.eigenvector == pytest.approx(limit, abs=1e-6)
    assert scores.eigenvector[0] == 0
    assert "separate groups" in scores.eigenvector_note

    twins = nx.Graph([(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5)])
    even = centrality(twins)
    assert even.eigenvector == pytest.approx(dict.fromkeys(twins, 6**-0.5))
    assert even.eigenvector_note is None

    lonely = nx.empty_graph(3)
    assert centrality(lonely).eigenvector == {0: 0.0, 1: 0.0, 2: 0.0}
    assert communities(lonely).sizes == [1, 1, 1]
    assert communities(lonely).modularity is None


def test_empty_and_wrong_graphs():
    empty = nx.Graph()
    assert centrality(empty).betweenness == {}
    assert communities(empty).sizes == []
    assert structural_holes(empty).constraint == {}
    assert single_points_of_failure(empty).people == []
    assert organization_matrix(empty) == {}
    with pytest.raises(TypeError):
        centrality(nx.DiGraph([(1, 2)]))
    with pytest.raises(TypeError):
        single_points_of_failure(nx.MultiGraph([(1, 2)]))
    with pytest.raises(ValueError):
        centrality(empty, sample_size=1)


def test_communities_are_seeded():
    G = nx.les_miserables_graph()
    first, second = communities(G, seed=5), communities(G, seed=5)
    assert first == second
    assert first.membership["Valjean"] in range(len(first.sizes))
    assert Counter(first.membership.values()) == dict(enumerate(first.sizes))


def naive_pieces(G, removed_node=None, removed_edge=None):
    H = G.copy()
    if removed_node is not None:
        start = set(nx.node_connected_component(G, removed_node)) - {removed_node}
        H.remove_node(removed_node)
    else:
        start = set(nx.node_connected_component(G, removed_edge[0]))
        H.remove_edge(*removed_edge)
    return sorted(
        (
            (len(c), sorted(Counter(G.nodes[v]["organization"] for v in c).items()))
            for c in nx.connected_components(H.subgraph(start))
        ),
        reverse=True,
    )


def as_pieces(groups):
    return sorted(
        ((g.size, sorted(g.organizations.items())) for g in groups), reverse=True
    )


@pytest.mark.parametrize("seed", range(6))
def test_block_cut_tree_agrees_with_removing_each_cut_point(seed):
    rng = random.Random(seed)
    graphs = [
        nx.gnm_random_graph(60, 70, seed=seed),
        nx.random_labeled_tree(40, seed=seed),
        nx.disjoint_union(nx.path_graph(6), nx.star_graph(4)),
    ]
    for G in graphs:
        for v in G:
            G.nodes[v]["organization"] = rng.choice(["A", "B", "C"])
        cuts = single_points_of_failure(G, people_limit=1000)
        assert {c.person for c in cuts.people} == set(nx.articulation_points(G))
        assert {frozenset((c.a, c.b)) for c in cuts.ties} == {
            frozenset(e) for e in nx.bridges(G)
        }
        for cut in cuts.people:
            assert as_pieces(cut.groups) == naive_pieces(G, removed_node=cut.person)
            members = [v for g in cut.groups for v in g.people]
            assert sorted(members) == sorted(
                set(nx.node_connected_component(G, cut.person)) - {cut.person}
            )
        for cut in cuts.ties:
            assert as_pieces(cut.sides) == naive_pieces(G, removed_edge=(cut.a, cut.b))
            assert cut.a in cut.sides[0].people and cut.b in cut.sides[1].people


def test_every_metric_has_a_plain_meaning():
    assert set(METRIC_MEANINGS) == {
        "degree",
        "betweenness",
        "closeness",
        "eigenvector",
        "community",
        "constraint",
        "effective_size",
        "efficiency",
    }
    for meaning in METRIC_MEANINGS.values():
        assert meaning.endswith(".") and "\n" not in meaning and len(meaning) < 120
