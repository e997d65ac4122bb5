"""One line in words for any fact, for listings and for facts left uncertain.

Each fact type declares its words (``domain/facttypes.py``); this reads a
type and values (not the event object), so a fact left uncertain, which the
state keeps as its values, reads as a listed one does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from company_timeline.domain import facttypes

from .render import Names, ids


def summary(fact_type: str, values: Mapping[str, Any], names: Names = ids) -> str:
    return facttypes.summary(fact_type, values, names)
