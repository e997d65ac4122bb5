"""``--format prov``: W3C PROV-JSON, the provenance of every fact for other systems.

Each event is a PROV entity derived from its source (``wasDerivedFrom``), with
its three times as attributes: ``tl:valid`` (EDTF, with its first and last
day), ``tl:reported`` and ``tl:recorded``. A correction is a revision of what
it corrects (``prov:wasRevisionOf``: in PROV-JSON, a derivation of type
``prov:Revision``); a retraction invalidates its target
(``wasInvalidatedBy``, at its reported time). Sources are entities too, with
their title, address and publication time. Read back by the ``prov`` package
(``tests/exports/test_prov.py``).
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from company_timeline.domain import Fact
from company_timeline.domain.events import AMENDMENTS, content
from company_timeline.domain.facttypes import REGISTRY

from ..describe import summary
from ..knowledge import visible
from .pipeline import Export

FILES = ("provenance.json",)
UNIT = "events"

Json = dict[str, Any]
VOCABULARY = "https://github.com/company-timeline/company-timeline/blob/main/docs/prov.md#"


def write(export: Export, name: str, out: TextIO) -> int:
    r = export.request
    facts: dict[str, Fact] = {}
    records = list(export.records.values())  # every fact, whatever the state on the date
    for record in records:
        facts.update({f.fact_id: f for f in record.facts if visible(f, r.known, r.recorded)})
    sources = {s: rec.sources[s] for rec in records for s in rec.sources}
    names = {k: v for rec in records for k, v in ((e, i.name) for e, i in rec.entities.items())}
    head = export.head()
    document: Json = {
        "prefix": {
            "tl": VOCABULARY,
            "event": "urn:timeline:event:",
            "source": "urn:timeline:source:",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "entity": {},
        "activity": {},
        "wasDerivedFrom": {},
        "wasInvalidatedBy": {},
    }
    entity, derived = document["entity"], document["wasDerivedFrom"]
    for slug in sorted({f.source for f in facts.values()}):
        entity[f"source:{slug}"] = _source(slug, sources.get(slug))
    for i, fact in enumerate(sorted(facts.values(), key=lambda f: f.fact_id), 1):
        entity[f"event:{fact.fact_id}"] = _event(fact, names)
        derived[f"_:d{i}"] = {
            "prov:generatedEntity": f"event:{fact.fact_id}",
            "prov:usedEntity": f"source:{fact.source}",
        }
        target = getattr(fact, "target", None) if isinstance(fact, AMENDMENTS) else None
        if target is None or target not in facts:
            continue
        if REGISTRY.name_of(fact) == "report_retracted":
            document["activity"][f"event:{fact.fact_id}.act"] = {
                "prov:label": f"the retraction {fact.fact_id}",
                "prov:startTime": fact.reported.isoformat(),
            }
            document["wasInvalidatedBy"][f"_:x{i}"] = {
                "prov:entity": f"event:{target}",
                "prov:activity": f"event:{fact.fact_id}.act",
                "prov:time": fact.reported.isoformat(),
            }
        else:
            # PROV-JSON writes prov:wasRevisionOf as a derivation of type prov:Revision.
            derived[f"_:r{i}"] = {
                "prov:generatedEntity": f"event:{fact.fact_id}",
                "prov:usedEntity": f"event:{target}",
                "prov:type": _qualified("prov:Revision"),
            }
        export.progress(i, len(facts))
    entity["tl:export"] = {
        "prov:type": _qualified("tl:Export"),
        "prov:label": (
            f"timeline export --format prov ({head['schema']}) from {head['events']} events"
        ),
        "tl:arguments": json.dumps(head["arguments"], sort_keys=True),
        "tl:validAt": _typed(head["valid_at"], "xsd:date"),
        "tl:logDigest": head["log"]["digest"],
        "tl:logPosition": head["log"]["position"],
    }
    document = {k: v for k, v in document.items() if v}  # PROV-JSON leaves out empty kinds
    out.write(json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True))
    out.write("\n")
    return len(facts)


def _event(fact: Fact, names: dict[str, str]) -> Json:
    kind = REGISTRY.name_of(fact)
    v = fact.valid
    out: Json = {
        "prov:type": _qualified("tl:Fact"),
        "prov:label": summary(kind, content(fact), lambda e: names.get(e, e)),
        "tl:factType": kind,
        "tl:about": fact.entity,
        "tl:aboutName": names.get(fact.entity, fact.entity),
        "tl:reported": _typed(fact.reported.isoformat(), "xsd:dateTime"),
        "tl:recorded": _typed(fact.recorded.isoformat(), "xsd:dateTime"),
        "tl:verified": fact.verified,
        "tl:quote": list(fact.quotes) if len(fact.quotes) > 1 else fact.quotes[0],
    }
    if v is not None:
        out["tl:valid"] = str(v)
        if v.earliest:
            out["tl:validEarliest"] = _typed(v.earliest.isoformat(), "xsd:date")
        if v.latest:
            out["tl:validLatest"] = _typed(v.latest.isoformat(), "xsd:date")
    if fact.revision:
        out["tl:revision"] = fact.revision
    if fact.note:
        out["tl:note"] = fact.note
    return out


def _source(slug: str, source: Any) -> Json:
    out: Json = {
        "prov:type": _qualified("tl:Source"),
        "prov:label": source.title if source else slug,
    }
    if source is not None:
        out["tl:published"] = _typed(source.published.isoformat(), "xsd:dateTime")
        if source.url:
            out["tl:url"] = source.url
        if source.publisher:
            out["tl:publisher"] = source.publisher
    return out


def _typed(value: str, kind: str) -> Json:
    return {"$": value, "type": kind}


def _qualified(name: str) -> Json:
    return {"$": name, "type": "prov:QUALIFIED_NAME"}
