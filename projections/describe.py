"""One line in words for any fact, for listings and for facts left uncertain."""

from __future__ import annotations

from timeline.domain import (
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


def summary(fact: Fact) -> str:
    if isinstance(fact, CompanyFounded):
        founders = f" by {', '.join(fact.founders)}" if fact.founders else ""
        return f"{fact.entity} founded{founders}"
    if isinstance(fact, FundingRoundAnnounced):
        figures = [str(m) for m in ([fact.amount] if fact.amount else []) + list(fact.equivalents)]
        amount = f" of {' / '.join(figures)}" if figures else ""
        lead = f", led by {', '.join(fact.lead_investors)}" if fact.lead_investors else ""
        return f"{fact.round} round{amount}{lead}"
    if isinstance(fact, StakeReported):
        share = f" {fact.share}" if fact.share else " a stake"
        return f"{fact.holder} holds{share} of {fact.entity}"
    if isinstance(fact, ProductLaunched):
        return f"{fact.product} launched"
    if isinstance(fact, PartnershipSigned):
        return f"{fact.kind} partnership with {fact.partner}"
    if isinstance(fact, RegulatorStatementMade):
        return f"{fact.authority} will examine {fact.examines}"
    if isinstance(fact, RegulatoryScrutinyReported):
        return f"{', '.join(fact.authorities)} scrutinise {fact.subject}"
    if isinstance(fact, ReportCorrected):
        changes = ", ".join(f"{k}={v}" for k, v in sorted(fact.changes.items()))
        return f"corrects {fact.target}: {changes}"
    if isinstance(fact, ReportRetracted):
        return f"retracts {fact.target}"
    return type(fact).__name__
