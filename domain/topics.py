"""The name each event class is stored under, and the only classes a stored name reads as.

eventsourcing stores an event's class as a topic (``module:Class``) and, read
back, imports whatever module a topic names: a crafted row could make the
engine import ``os``. Here a topic is looked up in ``STORED_NAMES`` and
nowhere else, and a class without a name there cannot be stored.

A stored name is a promise to every store already written: it never follows
the code. These are the topics version 0.1 wrote; a class that moves keeps
its name here, and a new fact type gets its own line.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.persistence import Mapper, MapperDeserialisationError, StoredEvent
from eventsourcing.utils import register_topic

from . import events
from .aggregates import Entity, Source
from .errors import StoreError

STORED_NAMES: dict[str, type[Any]] = {
    "timeline.domain.aggregates:Source.Registered": Source.Registered,
    "timeline.domain.aggregates:Entity.Registered": Entity.Registered,
    "timeline.domain.aggregates:Source.DocumentStored": Source.DocumentStored,
    "timeline.domain.events:CompanyFounded": events.CompanyFounded,
    "timeline.domain.events:FundingRoundAnnounced": events.FundingRoundAnnounced,
    "timeline.domain.events:StakeReported": events.StakeReported,
    "timeline.domain.events:ProductLaunched": events.ProductLaunched,
    "timeline.domain.events:PartnershipSigned": events.PartnershipSigned,
    "timeline.domain.events:RegulatorStatementMade": events.RegulatorStatementMade,
    "timeline.domain.events:RegulatoryScrutinyReported": events.RegulatoryScrutinyReported,
    "timeline.domain.events:ReportCorrected": events.ReportCorrected,
    "timeline.domain.events:ReportRetracted": events.ReportRetracted,
}
NAMES = {cls: name for name, cls in STORED_NAMES.items()}

for _name, _cls in STORED_NAMES.items():
    register_topic(_name, _cls)  # so eventsourcing finds each without importing anything


class UnreadableEvent(StoreError):
    """A stored event this engine did not write, or cannot read."""


class PinnedMapper(Mapper[UUID]):
    """eventsourcing's mapper, storing and reading event classes by ``STORED_NAMES`` only."""

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        stored = super().to_stored_event(domain_event)
        name = NAMES.get(type(domain_event))
        if name is None:
            raise StoreError(
                f"{type(domain_event).__qualname__} has no stored name: give it one in "
                f"{__name__}.STORED_NAMES"
            )
        if name == stored.topic:
            return stored
        return StoredEvent(stored.originator_id, stored.originator_version, name, stored.state)

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        if stored_event.topic not in STORED_NAMES:
            raise UnreadableEvent(
                f"the store's event at {position(stored_event)} has the unknown type "
                f"{stored_event.topic[:80]!r}: it was not written by this engine, and is not read"
            )
        try:
            return super().to_domain_event(stored_event)
        except MapperDeserialisationError as e:
            raise UnreadableEvent(
                f"the store's event at {position(stored_event)} cannot be read: {e.__cause__ or e}"
            ) from None


def position(stored: StoredEvent) -> str:
    """Where a stored event sits: its place in the log, when known, and its stream."""
    where = f"stream {stored.originator_id} version {stored.originator_version}"
    log_id = getattr(stored, "id", None)  # a Notification knows its place in the log
    return f"position {log_id} ({where})" if log_id is not None else where


# Every declared fact type adds its stored name (and the types beyond the ones above).
from . import facttypes  # noqa: E402, F401
