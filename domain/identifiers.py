"""An entity's identifiers in public registries, so a timeline joins other data.

``wikidata`` (an item, ``Q`` and digits), ``lei`` (a Legal Entity Identifier, ISO
17442: 20 letters and digits whose last two are check digits, ISO 7064 MOD 97-10)
and ``opencorporates`` (a jurisdiction code, ``gb`` or ``us_de``, then ``/`` and the
company number). Each is checked for shape only: whether it names this entity is the
event file's author's word.

Identifiers are stored in an event of their own after the entity's registration
(``Entity.IdentifiersStated``), as a source's document is: a registration's content
and fingerprint stay what they always were, and a store written before identifiers
learns them when a file giving them is ingested again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from .errors import TimelineError

if TYPE_CHECKING:
    from .drafts import Draft
    from .yamlnodes import Node, Where

_WIKIDATA = re.compile(r"Q[1-9][0-9]*")
_LEI = re.compile(r"[A-Z0-9]{18}[0-9]{2}")
_OPENCORPORATES = re.compile(r"([a-z]{2}(?:_[a-z]{2})?)/([A-Za-z0-9][A-Za-z0-9._-]*)")


def wikidata(value: str) -> str:
    if not _WIKIDATA.fullmatch(value):
        raise TimelineError(f"{value!r} is not a Wikidata item: write Q and its digits, e.g. Q95")
    return value


def lei(value: str) -> str:
    if not _LEI.fullmatch(value):
        raise TimelineError(
            f"{value!r} is not a LEI: 20 upper-case letters and digits, ending in two check digits"
        )
    # ISO 7064 MOD 97-10: letters as 10..35, the whole as a number, leaves 1 mod 97.
    if int("".join(str(int(c, 36)) for c in value)) % 97 != 1:
        raise TimelineError(f"{value!r} is not a LEI: its check digits do not match (ISO 17442)")
    return value


def opencorporates(value: str) -> str:
    if not _OPENCORPORATES.fullmatch(value):
        raise TimelineError(
            f"{value!r} is not an OpenCorporates company: write its jurisdiction code, "
            "'/' and its number, e.g. gb/00445790 or us_de/2073212"
        )
    return value


SCHEMES: dict[str, Callable[[str], str]] = {
    "wikidata": wikidata,
    "lei": lei,
    "opencorporates": opencorporates,
}


def read_identifiers(node: Node) -> tuple[dict[str, str], Where | None]:
    """An entity's ``identifiers`` mapping, each checked for its scheme's shape, and
    where it was written."""
    given = node.values.get("identifiers")
    if given is None:
        return {}, None
    if not isinstance(given, type(node)) or not given.values:
        raise node.error("identifiers", f"expected a mapping of {', '.join(SCHEMES)} to ids")
    given.check_keys(set(SCHEMES))
    ids = {scheme: given.need(scheme, _checked(SCHEMES[scheme])) for scheme in given.values}
    return ids, given.where()


def plan_identifiers(
    entities: list[Draft], stored: Mapping[tuple[str, str], str]
) -> tuple[dict[str, dict[str, str]], int]:
    """The identifiers to store, by entity: those the store does not hold yet; and how
    many entities gave only stored ones. A stored identifier never changes, and one
    entity is given one value per scheme."""
    new: dict[str, dict[str, str]] = {}
    given: dict[tuple[str, str], Draft] = {}
    for draft in entities:
        for scheme, value in draft.identifiers.items():
            assert draft.identifiers_at is not None
            first = given.setdefault((draft.id, scheme), draft)
            if first.identifiers[scheme] != value:
                at = first.identifiers_at
                assert at is not None
                where = f"{at.file}:{at.lines.get(scheme, at.line)}"
                other = first.identifiers[scheme]
                raise draft.identifiers_at.error(
                    scheme, f"{draft.id!r} is given the {scheme} {other!r} at {where}"
                )
            kept = stored.get((draft.id, scheme))
            if kept is not None and kept != value:
                raise draft.identifiers_at.error(
                    scheme,
                    f"{draft.id!r} is stored with the {scheme} {kept!r}; stored identifiers "
                    "never change",
                )
            if kept is None:
                new.setdefault(draft.id, {})[scheme] = value
    unchanged = {slug for slug, _ in given} - set(new)
    return {slug: merged([ids]) for slug, ids in new.items()}, len(unchanged)


def _checked(shape: Callable[[str], str]) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise TimelineError("expected an id as text")
        return shape(value.strip())

    return parse


def merged(stated: list[Mapping[str, str]]) -> dict[str, str]:
    """An entity's identifiers from its events stating them, in scheme order."""
    out: dict[str, str] = {}
    for ids in stated:
        out.update(ids)
    return {scheme: out[scheme] for scheme in SCHEMES if scheme in out}
