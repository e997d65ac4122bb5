"""Text and JSON for history, why and diff."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pendulum import Date, DateTime

from company_timeline.domain.facttypes import REGISTRY

from .. import render
from ..describe import summary
from ..model import Evidence
from ..plain import plain
from ..render import Names, ids
from ..why_and_diff import Change, FieldHistory, Why

HISTORY_SCHEMA = "timeline.history/1"
WHY_SCHEMA = "timeline.why/1"
DIFF_SCHEMA = "timeline.diff/1"


def show(path: str, value: Any, names: Names = ids) -> str:
    """A field's plain JSON value in words, entities by name."""
    name = path.rsplit(".", 1)[-1]
    if name == "entity" or REGISTRY.roles().get(name):  # its values are entity ids
        value = [names(v) for v in value] if isinstance(value, list) else names(str(value))
    return render.value(value)


def _when(day: Date, known: DateTime | None) -> str:
    return f"{day.isoformat()}, as known {'at ' + known.isoformat() if known else 'now'}"


def history_text(entity: str, histories: Iterable[FieldHistory], names: Names = ids) -> str:
    lines = [
        f"History of {names(entity)}'s fields (valid: when it held; known: when it was reported)"
    ]
    for h in histories:
        lines.append(f"\n{h.path}")
        for v in h.values:
            valid = f" (valid {v.valid})" if v.valid else ""
            until = f" until {v.valid_until.isoformat()}" if v.valid_until else ""
            lines.append(
                f"  {show(h.path, v.value, names)}\n"
                f"      holds from {v.valid_from.isoformat()}{until}{valid}"
                f"; known from {v.known_from.isoformat()}; set by {', '.join(v.set_by)}"
            )
            if v.replaced_at:
                verb = "retracted" if v.retracted else "replaced"
                lines.append(
                    f"      {verb} {v.replaced_at.isoformat()} by {', '.join(v.replaced_by)}"
                )
    return "\n".join(lines) + "\n"


def history_document(entity: str, histories: Iterable[FieldHistory]) -> dict[str, Any]:
    return {"schema": HISTORY_SCHEMA, "entity": entity, "fields": plain(list(histories))}


def why_text(answer: Why, names: Names = ids) -> str:
    lines = [f"{answer.field} of {names(answer.entity)} on {_when(answer.valid, answer.known)}:"]
    if not answer.values:
        lines.append("  no value")
    lines += [f"  {v.path} = {show(v.path, v.value, names)}" for v in answer.values]
    for event, by in answer.corrections:
        lines.append(f"  {event} corrected by {', '.join(by)}")
    if answer.left_out_uncertain:
        lines.append(f"Left out, valid time uncertain on {answer.valid.isoformat()}:")
        for u in answer.left_out_uncertain:
            words = summary(u.type, {"entity": answer.entity, **u.fields}, names)
            lines.append(f"  {u.event} ({u.valid}): {words}")
    if answer.not_yet_reported:
        lines.append("Reported later, so not known then: " + ", ".join(answer.not_yet_reported))
    if answer.evidence:
        lines.append("Evidence:")
        lines += [_evidence(e) for e in answer.evidence]
    return "\n".join(lines) + "\n"


def _evidence(e: Evidence) -> str:
    head = (
        f"  {e.event} ({e.type}): valid {e.valid or 'that of its target'}, reported "
        f"{e.reported.isoformat()}, recorded {e.recorded.isoformat(timespec='seconds')}\n"
        f"    source {e.source}{' revision ' + e.revision if e.revision else ''}"
    )
    quotes = "".join(f"\n    « {q} »" for q in e.quotes)
    return head + quotes + (f"\n    note: {e.note}" if e.note else "")


def why_document(answer: Why) -> dict[str, Any]:
    return {"schema": WHY_SCHEMA, **plain(answer)}


def diff_text(
    entity: str, labels: tuple[str, str], changes: Iterable[Change], names: Names = ids
) -> str:
    lines = [f"{names(entity)}: {labels[0]}  ->  {labels[1]}"]
    for c in changes:
        mark = "+" if c.before is None else "-" if c.after is None else "~"
        value = (
            show(c.field, c.after, names)
            if c.before is None
            else show(c.field, c.before, names)
            if c.after is None
            else f"{show(c.field, c.before, names)}  ->  {show(c.field, c.after, names)}"
        )
        lines.append(f"  {mark} {c.field}: {value}\n      because of {', '.join(c.events)}")
    if len(lines) == 1:
        lines.append("  no differences")
    return "\n".join(lines) + "\n"


def diff_document(
    entity: str, labels: tuple[str, str], changes: Iterable[Change]
) -> dict[str, Any]:
    return {
        "schema": DIFF_SCHEMA,
        "entity": entity,
        "from": labels[0],
        "to": labels[1],
        "changes": plain(list(changes)),
    }
