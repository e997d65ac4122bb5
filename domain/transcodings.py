"""How the values of events that are not JSON are stored: as the text they are parsed from."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pendulum
from eventsourcing.persistence import Transcoding

from .aggregates import Revision
from .dates import parse_instant
from .fingerprints import AS_TEXT, PENDULUM, REVISION  # the index reads values by these names


def transcodings() -> list[Transcoding]:
    """One of each, registered once on the application."""
    return [
        _PendulumDateTime(),
        _Revision(),
        *(_AsText(kind, name, kind.parse) for name, kind in AS_TEXT.items()),
    ]


class _PendulumDateTime(Transcoding):
    type = pendulum.DateTime
    name = PENDULUM

    def encode(self, obj: pendulum.DateTime) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> pendulum.DateTime:
        return parse_instant(data)  # stored in UTC with its offset; parsed once per moment


class _AsText(Transcoding):
    """A value stored as the text it is parsed from, so the store reads as the files do."""

    def __init__(self, kind: type[Any], name: str, parse: Callable[[str], Any]) -> None:
        self.type, self.name, self._parse = kind, name, parse

    def encode(self, obj: Any) -> str:
        return str(obj)

    def decode(self, data: str) -> Any:
        return self._parse(data)


class _Revision(Transcoding):
    type = Revision
    name = REVISION

    def encode(self, obj: Revision) -> dict[str, Any]:
        return {"id": obj.id, "published": obj.published, "note": obj.note}

    def decode(self, data: dict[str, Any]) -> Revision:
        return Revision(**data)
