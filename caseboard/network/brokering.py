"""The brokers page's reads: the groups a viewer may pick (organizations they
see, kinds of organization) and the brokers between two of them in the
coalition graph the viewer sees."""

from __future__ import annotations

from caseboard.forms.choices import organization_choices
from caseboard.models import OrganizationKind, User
from caseboard.network.brokers import Broker, brokers_between, members, parse_group
from caseboard.network.queries import coalition_graph


def group_choices(viewer: User) -> dict[str, str]:
    """Value ("org-12", "kind-business") to label, kinds first."""
    kinds = {f"kind-{k.value}": f"Kind: {k.label}" for k in OrganizationKind}
    orgs = {f"org-{c.value}": c.label for c in organization_choices(viewer)}
    return kinds | orgs


def find(
    viewer: User, groups: dict[str, str], a: str, b: str
) -> tuple[str | None, list[Broker], dict[int, dict]]:
    """(a message when the choice cannot be answered, the brokers, and each
    person's name and organization by id)."""
    if not a and not b:
        return None, [], {}
    if a not in groups or b not in groups:
        return "Choose two groups from the lists.", [], {}
    if a == b:
        return "Choose two different groups: these are the same.", [], {}
    graph, _ = coalition_graph(viewer)
    if graph is None:
        return None, [], {}
    side_a, side_b = (
        members(graph, *(parse_group(text) or ("", ""))) for text in (a, b)
    )
    found = brokers_between(graph, side_a, side_b)
    names = {node: data for node, data in graph.nodes(data=True)}
    return None, found, names
