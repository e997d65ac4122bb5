"""company_timeline: an event-sourced timeline of company facts.

The import name is ``company_timeline``, not ``timeline``: that name belongs to
an unrelated package on the public index, and the ``timeline`` command must
never import someone else's code. Its parts: ``company_timeline.domain``
(events, rules, the store), ``.projections`` (folds and exports), ``.cli``.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from company_timeline.domain import Money, Share, TimelineError
    from company_timeline.projections.api import Timeline

# Loaded on first use, so that ``timeline --version`` imports none of the library.
_WHERE = {
    "Timeline": "company_timeline.projections.api",
    "TimelineError": "company_timeline.domain.errors",
    "Money": "company_timeline.domain.quantities",
    "Share": "company_timeline.domain.quantities",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_WHERE[name]), name)


__all__ = ["Money", "Share", "Timeline", "TimelineError"]
