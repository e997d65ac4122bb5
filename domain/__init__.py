"""Events, aggregates and rules of the timeline engine.

The public names a user's own code and tests need are re-exported here.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # for type checkers and readers; at run time names load on first use
    from .aggregates import Entity, Revision, Source
    from .application import TimelineApp
    from .dates import Status, ValidTime, parse_instant
    from .drafts import Batch, Plan
    from .errors import (
        ConflictingFact,
        InputError,
        InvalidDate,
        InvalidQuantity,
        StoreError,
        TimelineError,
        UnknownEntity,
    )
    from .eventfile import load_file, load_files
    from .events import (
        CompanyFounded,
        Fact,
        FundingRoundAnnounced,
        PartnershipSigned,
        ProductLaunched,
        RegulatorStatementMade,
        RegulatoryScrutinyReported,
        ReportCorrected,
        ReportRetracted,
        StakeReported,
    )
    from .facttypes import REGISTRY
    from .quantities import Money, Share
    from .store import open_store

# Each name loads its module on first use, so a command imports what it needs
# (``timeline --version`` loads neither eventsourcing nor YAML).
_WHERE = {
    "Batch": "drafts",
    "CompanyFounded": "events",
    "ConflictingFact": "errors",
    "Entity": "aggregates",
    "REGISTRY": "facttypes",
    "Fact": "events",
    "FundingRoundAnnounced": "events",
    "InputError": "errors",
    "InvalidDate": "errors",
    "InvalidQuantity": "errors",
    "Money": "quantities",
    "PartnershipSigned": "events",
    "Plan": "drafts",
    "ProductLaunched": "events",
    "RegulatorStatementMade": "events",
    "RegulatoryScrutinyReported": "events",
    "ReportCorrected": "events",
    "ReportRetracted": "events",
    "Revision": "aggregates",
    "Share": "quantities",
    "Source": "aggregates",
    "StakeReported": "events",
    "Status": "dates",
    "StoreError": "errors",
    "TimelineApp": "application",
    "TimelineError": "errors",
    "UnknownEntity": "errors",
    "ValidTime": "dates",
    "load_file": "eventfile",
    "load_files": "eventfile",
    "open_store": "store",
    "parse_instant": "dates",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{_WHERE[name]}", __name__), name)


__all__ = [
    "REGISTRY",
    "Batch",
    "CompanyFounded",
    "ConflictingFact",
    "Entity",
    "Fact",
    "FundingRoundAnnounced",
    "InputError",
    "InvalidDate",
    "InvalidQuantity",
    "Money",
    "PartnershipSigned",
    "Plan",
    "ProductLaunched",
    "RegulatorStatementMade",
    "RegulatoryScrutinyReported",
    "ReportCorrected",
    "ReportRetracted",
    "Revision",
    "Share",
    "Source",
    "StakeReported",
    "Status",
    "StoreError",
    "TimelineApp",
    "TimelineError",
    "UnknownEntity",
    "ValidTime",
    "load_file",
    "load_files",
    "open_store",
    "parse_instant",
]
