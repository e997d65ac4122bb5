"""The sections declared fact types fold into, by the generic rules of ``facttypes.Fold``.

A type declared with a ``Fold`` needs no code here or anywhere else: its facts
become items of its section, and history, why, diff, text and every export
read them from there.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable

from company_timeline.domain.events import TYPE_NAMES, content, own_fields, valid_order_key
from company_timeline.domain.facttypes import DECLARED, GENERATION, Fold

from .knowledge import Effective
from .model import EntityInfo, Item, Section
from .rounds import cite


def folds() -> tuple[tuple[str, Fold], ...]:
    """Each declared section once, with the fold that fills it, in declaration order."""
    return _folds(GENERATION[0])


@functools.lru_cache(maxsize=4)  # history asks for every state it folds
def _folds(generation: int) -> tuple[tuple[str, Fold], ...]:
    seen: dict[str, tuple[str, Fold]] = {}
    for kind in DECLARED.values():
        fold = kind.fold
        if fold is not None and fold.kind != "remove" and fold.section not in seen:
            seen[fold.section] = (kind.name, fold)
    return tuple(seen.values())


def also_on(item: Effective) -> str | None:
    """The other entity a fact shows on (its ``Fold.also`` field's value), if any."""
    rule = _fold_of(item)
    also = rule.also if rule else None
    return getattr(item.fact, also[0], None) if also else None


def also_sections() -> tuple[tuple[str, str, str], ...]:
    """(section, title, fact type) of each section a fact shows in on another entity."""
    return tuple(
        (kind.fold.also[1], kind.fold.also[2], kind.name)
        for kind in DECLARED.values()
        if kind.fold is not None and kind.fold.also is not None
    )


def fold_sections(
    happened: Iterable[Effective], theirs: Iterable[Effective] = ()
) -> dict[str, Section]:
    """Every declared section, from the facts that have happened, in valid-time order;
    and from other entities' facts that show on this one, a list keyed by their entity."""
    mine = [i for i in happened if _fold_of(i) is not None]
    items = sorted(mine, key=lambda i: valid_order_key(i.fact))
    out: dict[str, Section] = {}
    for _, fold in folds():
        mine = [i for i in items if getattr(_fold_of(i), "section", None) == fold.section]
        out[fold.section] = _section(fold, mine)
    shown = sorted(theirs, key=lambda i: valid_order_key(i.fact))
    for section, _, kind in also_sections():
        kept = {i.fact.entity: _item(i, i.fact.entity) for i in shown if _type(i) == kind}
        out[section] = tuple(kept.values())
    return out


def _type(item: Effective) -> str:
    return TYPE_NAMES[type(item.fact)]


def _fold_of(item: Effective) -> Fold | None:
    kind = DECLARED.get(TYPE_NAMES[type(item.fact)])
    return kind.fold if kind else None


def _section(fold: Fold, items: list[Effective]) -> Section:
    if fold.kind == "latest":
        return _item(items[-1], None) if items else None
    kept: dict[str, Item] = {}
    for i in items:
        rule = _fold_of(i)
        assert rule is not None
        key = ":".join(str(getattr(i.fact, k)) for k in rule.key)
        if rule.kind == "remove":
            kept.pop(key, None)
        else:
            kept[key] = _item(i, key)
    return tuple(kept.values())


def _item(item: Effective, key: str | None) -> Item:
    fact = item.fact
    values = content(fact)
    own = {name: values[name] for name in own_fields(type(fact))}
    return Item(key, TYPE_NAMES[type(fact)], str(fact.valid), own, cite([item]))


def named_at(
    info: EntityInfo, items: Iterable[Effective], happened: Iterable[Effective]
) -> EntityInfo:
    """The entity's name on the day: the last rename by then, or the name a later
    rename says it had before; the registered name where none is known."""
    done = {i.fact.fact_id for i in happened}
    renames = [i for i in items if TYPE_NAMES[type(i.fact)] == "company_renamed"]
    if not renames:
        return info
    renames.sort(key=lambda i: valid_order_key(i.fact))
    before = [i for i in renames if i.fact.fact_id in done]
    if before:
        return _renamed(info, str(content(before[-1].fact)["name"]))
    later = [content(i.fact)["previous_name"] for i in renames]
    return _renamed(info, str(later[0])) if later and later[0] else info


def _renamed(info: EntityInfo, name: str) -> EntityInfo:
    return dataclasses.replace(info, name=name)
