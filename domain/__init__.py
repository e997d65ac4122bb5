"""Events, aggregates and rules of the timeline engine.

The public names a user's own code and tests need are re-exported here.
"""

from __future__ import annotations

from .aggregates import Entity, Revision, Source
from .application import TimelineApp
from .batch import Batch, Plan
from .dates import Status, ValidTime, parse_instant
from .errors import (
    ConflictingFact,
    InputError,
    InvalidDate,
    InvalidQuantity,
    StoreError,
    TimelineError,
    UnknownEntity,
)
from .events import (
    FACT_TYPES,
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
from .quantities import Money, Share
from .seedfile import load_file, load_files
from .store import open_store, seed_if_empty

__all__ = [
    "FACT_TYPES",
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
    "seed_if_empty",
]
