"""The demo's relationships and contact log: who talks to whom, and how often.

The files in ``data/network/`` (read in the order of their names) tell three
stories, one per coalition, and a few that cross:

* **Water Street.** Sgt. Elena Ruiz is the broker between the bar owners and
  the city agencies (ABC Board, Fire Marshal, Zoning): she walks the block,
  calls the managers and runs joint checks with the inspectors. The Blue Heron
  and the Copper Kettle stayed out of the licensee group and never come to the
  partners' meeting, so Elena is their only tie to the city: if she
  transfers, they lose every path to the Fire Marshal's office.
* **Homeless outreach.** Marcus Bell (DHS) and Jamal Carter (Street Reach)
  hold the coalition together; most partners talk to them, not to each other.
* **Eastgate.** Lt. Dana Okafor and Andre Washington (Peacekeepers) broker
  the housing authority, the resident council, the youth centre and the
  schools; the DA's office and the council office reach the partnership
  through Dana alone.

Some ties are going cold (the Housing Authority's director and the resident
council president; the library and Street Reach's program director), and some
cases have partners with no working tie at all (the Fire Marshal's office on
the Route 9 overpass case; Harbor Transit, the bus stop's place manager, and
the school that leads that case).

People are named as in the case files: a key person's full name, or
``{organization, title}``. ``{staff = organization}`` is anyone on an
organization's current staff (optionally with one of some ``titles``): a
contact picks one at random, with the demo's seed. Days count back from the
day the demo is loaded. Meeting attendance (``meeting_data``) adds its own
contacts on top of these. ``data/network.toml`` holds the settings.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .records import DATA, Post, Traversable, build, read, read_folder


@dataclass(frozen=True)
class Staff:
    """Anyone on an organization's current staff, or only those with a title."""

    staff: str  # the organization
    titles: tuple[str, ...] = ()


Someone = str | Post | Staff
Group = tuple[Someone, ...]


@dataclass(frozen=True)
class Channel:
    """``count`` contacts, each between someone of ``left`` and someone of
    ``right``, on days ``newest``–``oldest`` ago. ``skew`` above 1 crowds
    them towards the recent end (a tie kept warm); ``extra`` is the chance a
    second person of ``right`` joins, ``along_chance`` that one of ``along``
    does. Naming someone twice in a group makes them come up twice as often.
    ``by``: the user who logs it when no participant signs in."""

    left: Group
    right: Group
    count: int
    kinds: tuple[str, ...]
    newest: int
    oldest: int
    notes: tuple[str, ...]
    by: str
    skew: float = 1.0
    extra: float = 0.0
    along: Group = ()
    along_chance: float = 0.0
    case: str | None = None


@dataclass(frozen=True)
class Declared:
    """A relationship someone recorded. ``since``: days ago. Unless it is
    ``cold`` (left to fade on purpose), the loader makes sure the pair has
    been in touch lately: people who work together talk."""

    person: str | Post
    other: str | Post
    kind: str
    since: int
    notes: str = ""
    cold: bool = False


@dataclass(frozen=True)
class Network:
    channels: tuple[Channel, ...] = ()
    relationships: tuple[Declared, ...] = ()


@dataclass(frozen=True)
class KeepWarm:
    """Two to four contacts, ``newest``–``oldest`` days ago, for a declared
    relationship whose pair the channels left without one in that time."""

    newest: int
    oldest: int
    kinds: tuple[str, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class Settings:
    history_days: int  # how far back the contact log goes
    keep_warm: KeepWarm


def load_network(root: Traversable = DATA) -> Network:
    """Every network file's channels and relationships, in order."""
    parts = [build(Network, raw, name) for name, raw in read_folder("network", root)]
    return Network(
        channels=tuple(c for part in parts for c in part.channels),
        relationships=tuple(r for part in parts for r in part.relationships),
    )


def load_settings(root: Traversable = DATA) -> Settings:
    return build(Settings, read("network.toml", root), "network.toml")


@functools.cache
def network() -> Network:
    return load_network()


@functools.cache
def settings() -> Settings:
    return load_settings()
