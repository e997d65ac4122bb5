"""The name each event class is stored under, and the only classes a stored name reads as.

eventsourcing stores an event's class as a topic (``module:Class``) and, read
back, imports whatever module a topic names: a crafted row could make the
engine import ``os``. Here a topic is looked up in ``REGISTRATIONS`` and the
registry's declarations and nowhere else, and a class without a name there cannot be stored.

A stored name is a promise to every store already written: it never follows
the code. These are the topics version 0.1 wrote; a class that moves keeps
its name here, and a new fact type gets its own line.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.persistence import Mapper, MapperDeserialisationError, StoredEvent
from eventsourcing.utils import get_topic

from .aggregates import Entity, Source
from .errors import StoreError
from .facttypes import REGISTRY

# The registrations' stored names; each fact type's is in its declaration (facttypes.py).
REGISTRATIONS: dict[str, type[Any]] = {
    "timeline.domain.aggregates:Source.Registered": Source.Registered,
    "timeline.domain.aggregates:Entity.Registered": Entity.Registered,
    "timeline.domain.aggregates:Source.DocumentStored": Source.DocumentStored,
    "timeline.domain.aggregates:Entity.IdentifiersStated": Entity.IdentifiersStated,
}
_REGISTRATION_NAMES = {cls: name for name, cls in REGISTRATIONS.items()}


def stored_class(name: str) -> type[Any] | None:
    """The class a stored name reads as, or None: nothing else is ever imported."""
    return REGISTRATIONS.get(name) or REGISTRY.stored_names().get(name)


def stored_name(cls: type[Any]) -> str | None:
    """The name a class is stored under, or None if it has none."""
    if cls in _REGISTRATION_NAMES:
        return _REGISTRATION_NAMES[cls]
    kind = REGISTRY.by_event().get(cls)
    return kind.stored_name if kind else None


class UnreadableEvent(StoreError):
    """A stored event this engine did not write, or cannot read."""


class PinnedMapper(Mapper[UUID]):
    """eventsourcing's mapper, storing and reading event classes by their stored names only."""

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        name = stored_name(type(domain_event))
        if name is None:
            raise StoreError(
                f"{type(domain_event).__qualname__} has no stored name: declare its fact type"
            )
        stored = super().to_stored_event(domain_event)
        return StoredEvent(stored.originator_id, stored.originator_version, name, stored.state)

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        cls = stored_class(stored_event.topic)
        if cls is None:
            raise UnreadableEvent(
                f"the store's event at {position(stored_event)} has the unknown type "
                f"{stored_event.topic[:80]!r}: it was not written by this engine, and is not read"
            )
        try:
            # Read as the class's own topic, which eventsourcing knows without importing.
            as_class = StoredEvent(
                stored_event.originator_id,
                stored_event.originator_version,
                get_topic(cls),
                stored_event.state,
            )
            return super().to_domain_event(as_class)
        except MapperDeserialisationError as e:
            raise UnreadableEvent(
                f"the store's event at {position(stored_event)} cannot be read: {e.__cause__ or e}"
            ) from None


def position(stored: StoredEvent) -> str:
    """Where a stored event sits: its place in the log, when known, and its stream."""
    where = f"stream {stored.originator_id} version {stored.originator_version}"
    log_id = getattr(stored, "id", None)  # a Notification knows its place in the log
    return f"position {log_id} ({where})" if log_id is not None else where
