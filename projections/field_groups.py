"""Which facts each field can depend on, found by folding the facts one at a time.

History folds each group of fields over only the facts it can depend on. A
fact folded by itself shows the items it makes (``products.Le Chat``,
``funding_rounds.seed``, ``total_raised``); facts that make the same item
belong together, and an amendment reads as one version of the fact it amends.
Three sections are built from other items rather than straight from facts: an
investor from the rounds that name it and the stakes reported, the totals and
the valuation from the rounds. A field of those depends on every fact of the
items it is built from; the totals and the valuation on every round, since a
round reported as leaving the valuation unchanged makes no valuation alone.
The property test against the naive walk (tests/unit/test_history_laws.py)
guards these rules if the fold changes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from pendulum import Date, DateTime

from company_timeline.domain import Fact
from company_timeline.domain.events import AMENDMENTS
from company_timeline.domain.facttypes import REGISTRY

from .field_paths import BUILT, SECTION_TYPES, SINGLE, TYPED, items_of
from .folds import once
from .knowledge import Effective, effective_facts
from .model import EntityInfo, EntityState
from .roles import role_sections, roles
from .rules import fold_sections, plan

END_OF_TIME = Date(9999, 12, 31)

Version = tuple[Effective, ...]  # what of a fact can happen, as read at a moment


@dataclass
class Cluster:
    """A fact and every amendment that reaches it: one version at a time."""

    facts: list[Fact]
    versions: list[tuple[DateTime, Version]] = field(default_factory=list)

    def at(self, moment: DateTime) -> Version:
        found: Version = ()
        for when, version in self.versions:
            if when > moment:
                break
            found = version
        return found


@dataclass
class Group:
    """Items whose fields depend on the same facts, and on no other."""

    items: frozenset[str]
    clusters: list[Cluster]

    def arrivals(self) -> Iterator[tuple[DateTime, list[tuple[int, Version]]]]:
        """Each moment a version of one of the facts begins, with the versions that begin."""
        by_moment: dict[DateTime, list[tuple[int, Version]]] = defaultdict(list)
        for index, cluster in enumerate(self.clusters):
            for when, version in cluster.versions:
                by_moment[when].append((index, version))
        yield from sorted(by_moment.items())

    def happened(self, moment: DateTime, day: Date) -> list[Effective]:
        return [v for c in self.clusters for v in c.at(moment) if latest(v) <= day]


def latest(item: Effective) -> Date:
    assert item.fact.valid is not None and item.fact.valid.latest is not None
    return item.fact.valid.latest


def happened_state(info: EntityInfo, happened: list[Effective]) -> EntityState:
    """``entity_state``'s sections, for facts none retracted, that all happened by the day.

    History reads only the sections of the states it folds: the rest (evidence,
    sources, corrections), as long to make as the sections, is left empty.
    """
    happened = sorted(happened, key=_reported)
    own = [i for i in happened if i.fact.entity == info.id]
    theirs = [i for i in happened if i.fact.entity != info.id and _named(info.id, i)]
    sections = fold_sections(own, plan())
    sections.update(role_sections(info.id, theirs))
    return EntityState(info, bool(own or theirs), (), (), (), (), (), sections)


def _reported(item: Effective) -> tuple[DateTime, str]:
    fact = item.fact
    return (fact.reported, fact.fact_id)  # report_order's, without its call


def _named(entity: str, item: Effective) -> bool:
    # a correction may have taken its name away
    return once("roles " + entity, (item,), _names, entity, item)


def _names(entity: str, item: Effective) -> bool:
    return bool(roles(entity, item.fact))


def item_of(path: str) -> str:
    """The item a field belongs to: ``products.Le Chat.valid`` -> ``products.Le Chat``."""
    section = path.split(".", 1)[0]
    return section if section in SINGLE else path.rsplit(".", 1)[0]


def field_groups(own: list[Fact], info: EntityInfo, alone: dict[int, EntityState]) -> list[Group]:
    """The entity's facts in independent groups; ``alone`` gets each version folded by itself."""
    clusters = _clusters(own)
    made: dict[str, set[int]] = defaultdict(set)  # item -> clusters one of whose versions make it
    for index, cluster in enumerate(clusters):
        for _, version in cluster.versions:
            for item in version:
                alone[id(item)] = state = happened_state(info, [item])
                for name, _ in items_of(state):
                    made[name].add(index)
    parts = _Parts(len(clusters))
    for name, makers in made.items():
        if name.split(".", 1)[0] not in BUILT:
            parts.join(makers)
    kinds = [{REGISTRY.name_of(v.original) for _, vs in c.versions for v in vs} for c in clusters]
    by_deps: dict[frozenset[int], set[str]] = defaultdict(set)
    typed: dict[str, set[int]] = {}  # section -> the clusters with a fact of a type it folds
    for name, makers in made.items():
        section = name.split(".", 1)[0]
        if section in TYPED:
            # A total, or a declared section: a fact may end an item (person_left) or make none.
            if section not in typed:
                types = SECTION_TYPES[section]
                typed[section] = {i for i, k in enumerate(kinds) if k & types}
            makers = makers | typed[section]
        by_deps[frozenset(parts.find(i) for i in makers)].add(name)
    members = parts.members()
    return [
        Group(frozenset(names), [clusters[i] for part in sorted(deps) for i in members[part]])
        for deps, names in _fold_into_wider(by_deps).items()
    ]


def _fold_into_wider(by_deps: dict[frozenset[int], set[str]]) -> dict[frozenset[int], set[str]]:
    """Fold items built from several items within a group whose facts include all of theirs.

    That group's folds come at all their moments and days, and hold their
    fields unchanged (no item depends on facts outside its own), so their own
    folds, nearly as many and as wide, are saved. An item made from one item's
    facts folds cheaper by itself, so it stays.
    """
    kept: dict[frozenset[int], set[str]] = {}
    for deps in sorted(by_deps, key=len, reverse=True):
        wider = [k for k in kept if deps < k] if len(deps) > 1 else []
        home = min(wider, key=len) if wider else None
        kept.setdefault(home or deps, set()).update(by_deps[deps])
    return kept


def _clusters(own: list[Fact]) -> list[Cluster]:
    ids = {f.fact_id: n for n, f in enumerate(own)}
    parts = _Parts(len(own))
    for n, fact in enumerate(own):
        target = getattr(fact, "target", None) if isinstance(fact, AMENDMENTS) else None
        if target in ids:
            parts.join({n, ids[target]})
    clusters = [Cluster([own[n] for n in ns]) for ns in parts.members().values()]
    for cluster in clusters:
        for moment in sorted({f.reported for f in cluster.facts}):
            items = effective_facts(cluster.facts, known=moment)
            version = tuple(i for i in items if _can_happen(i))
            cluster.versions.append((moment, version))
    return clusters


def _can_happen(item: Effective) -> bool:
    """Only what happens by some day makes fields: no amendment, retracted or open-ended fact."""
    valid = item.fact.valid
    return (
        not isinstance(item.original, AMENDMENTS)
        and item.retraction is None
        and valid is not None
        and valid.latest is not None
    )


class _Parts:
    """Union-find over 0..n-1."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, group: set[int]) -> None:
        first, *rest = sorted(group)
        for other in rest:
            self.parent[self.find(other)] = self.find(first)

    def members(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.parent)):
            out[self.find(i)].append(i)
        return out
