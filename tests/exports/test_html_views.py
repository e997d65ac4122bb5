"""The HTML page folds each entity only at its own facts' reported times, and reads
byte for byte as the naive walk does: every entity folded by ``state_at`` at every step."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pendulum
import pytest
from factories import generated

from company_timeline.domain import open_store
from company_timeline.projections.exports import html_data
from company_timeline.projections.exports.pipeline import Request, export
from company_timeline.projections.knowledge import visible
from company_timeline.projections.state import state_at

SEEDS = ["seeds/mistral-ai.yaml", "seeds/motorola-mobility.yaml"]


def naive_entity_views(
    export: Any, slug: str, moments: list[Any], stamps: list[str | None], kept: Any
) -> tuple[Any, list[list[Any]]]:
    """The walk the page made before: every step of the page, for every entity."""
    r = export.request
    own = sorted(
        {
            html_data.utc(f.reported): f.reported
            for f in export.records[slug].facts
            if visible(f, None, r.recorded)
        }.items()
    )
    changes: list[list[Any]] = []
    passed, last, state = 0, -1, None
    for i, (moment, stamp) in enumerate(zip(moments, stamps, strict=True)):
        if stamp is None:
            passed = len(own)
        else:
            while passed < len(own) and own[passed][0] <= stamp:
                passed += 1
        if passed == last:
            continue
        last = passed
        known = own[passed - 1][1] if passed else moment
        state, view = html_data._view(export, slug, known, kept[0], kept[2])
        key = kept[1].key(slug, view)
        if not changes or changes[-1][1] != key:
            changes.append([i, key])
    return state, changes


def page(app: Any, request: Request) -> str:
    out = io.StringIO()
    export(app, request, out)
    return out.getvalue()


@pytest.mark.parametrize("source", ["seeds", "generated"])
@pytest.mark.parametrize("known", [None, "2024-02-27T10:00:00+01:00", "2019-06-01T00:00:00Z"])
def test_the_page_reads_as_the_naive_walk_wrote_it(tmp_path, monkeypatch, source, known):
    root = Path(__file__).parents[2]
    files = [root / s for s in SEEDS] if source == "seeds" else generated(tmp_path / "g", 300)
    app = open_store(str(tmp_path / "store.sqlite"))
    for path in files:
        app.ingest_files([path])
    request = Request("html", known=pendulum.parse(known) if known else None)  # type: ignore[arg-type]
    quick = page(app, request)

    def folded(export: Any, slug: str, known: Any, events: Any, lines: Any) -> Any:
        """The step's view, its state folded by the library's own state_at."""
        r = export.request
        record = export.records[slug]
        (state,) = state_at(
            record.facts, record.entities, export.valid, known, r.recorded, slug
        ).entities
        monkeypatch.setattr(html_data, "_state", lambda info, items, day: state)
        return view(export, slug, known, events, lines)

    view = html_data._view
    monkeypatch.setattr(html_data, "_entity_views", naive_entity_views)
    monkeypatch.setattr(html_data, "_view", folded)
    assert quick == page(app, request)
    app.close()
