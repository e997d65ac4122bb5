"""Finding what a person asked for: an id as given, in other case, or the closest ones."""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .errors import UnknownName

if TYPE_CHECKING:
    from .application import TimelineApp

# Ids read to suggest from: past this, a very large store suggests among the first ones.
SCANNED = 100_000
SHOWN = 3


def closest(given: str, candidates: Iterable[str], n: int = SHOWN) -> list[str]:
    """The candidates nearest ``given``, whatever the case: those it begins (or that
    begin it) first, then those a few edits away."""
    folded = {c.lower(): c for c in candidates}
    want = given.lower().strip()
    if not want:
        return []
    prefixed = sorted(
        c for c in folded if c.startswith(want) or (len(c) > 2 and want.startswith(c))
    )
    near = difflib.get_close_matches(want, list(folded), n=n, cutoff=0.6)
    # A mistyped start of a long id (``artcle`` for ``article-2024-02-27``).
    starts = [c for c in folded if _ratio(want, c[: len(want) + 1]) >= 0.8]
    found = list(dict.fromkeys([*near[:1], *prefixed, *near, *sorted(starts)]))
    return [folded[c] for c in found[:n]]


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def find_id(app: TimelineApp, kind: str, given: str) -> tuple[str, bool]:
    """The stored id of ``kind`` ("entity", "source") that ``given`` names, and whether
    it was found in another case (ids are lower case: ``Mistral-AI`` is ``mistral-ai``).

    Raises ``UnknownName`` naming the closest ids otherwise.
    """
    folded = given.strip().lower()
    found = app.index.lookup(kind, list({given, folded}))
    for candidate, changed in ((given, False), (folded, True)):
        entry = found.get(candidate)
        if entry is not None and entry.fingerprint is not None:
            return candidate, changed
    some = itertools.islice(app.ids(kind), SCANNED)
    raise UnknownName(kind, given, closest(given, some))
