"""An event whose shape changes reads its old events through eventsourcing's upcasting.

The stored log is never rewritten. A class whose fields change gets a
``class_version`` and a static ``upcast_v1_v2(state)`` that turns the stored
state of version 1 into its own; eventsourcing's mapper applies it on read,
and stores the class version beside each event written by the new class. The
stored name (``domain/topics.py``) stays what it was.

Here a version 2 of ``product_launched``, declared in this module and put
under the stored name of ``ProductLaunched`` for one test at a time, renames
``product`` to ``name`` and turns ``weights`` ("open"/"closed") into
``open_weights``.
"""

from __future__ import annotations

import dataclasses
import dataclasses as dc
import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from company_timeline.domain import Fact, ProductLaunched, TimelineApp, open_store
from company_timeline.domain import parsers as p
from company_timeline.domain.facttypes import REGISTRY
from company_timeline.domain.registry import Field

PINNED = REGISTRY["product_launched"].stored_name  # "timeline.domain.events:ProductLaunched"

LAUNCHES = """\
sources:
  - {id: wire, title: A wire story, published: 2021-02-01T09:00:00+00:00}
entities:
  - {id: acme, name: Acme Robotics, kind: company}
events:
  - {id: arm-one, type: product_launched, entity: acme, valid: 2021-01, source: wire,
     product: Acme Arm One, weights: open, channels: [Acme store], quote: Arm One is out.}
  - {id: arm-two, type: product_launched, entity: acme, valid: 2021-02, source: wire,
     product: Acme Arm Two, quote: Arm Two is out.}
"""


class ProductLaunchedV2(Fact):
    """``ProductLaunched`` as a later version might shape it."""

    class_version = 2

    name: str
    open_weights: bool | None = None
    channels: list[str] = dataclasses.field(default_factory=list)

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["name"] = state.pop("product")
        weights = state.pop("weights", None)
        state["open_weights"] = None if weights is None else weights == "open"


@pytest.fixture
def version_1_store(tmp_path: Path) -> str:
    """A store holding two launches, written by today's (version 1) ``ProductLaunched``."""
    facts = tmp_path / "launches.yaml"
    facts.write_text(LAUNCHES, encoding="utf-8")
    location = str(tmp_path / "store.sqlite")
    app = open_store(location)
    try:
        app.ingest_files([facts])
    finally:
        app.close()
    return location


@pytest.fixture
def version_2() -> Iterator[None]:
    """``ProductLaunchedV2`` read and written under ProductLaunched's stored name, for one test.

    In the code itself the class would keep its name and gain the version. Here it is
    another class, declared in place of today's for the test's scope.
    """
    v1 = REGISTRY["product_launched"]
    fields = (
        Field("name", p.text, "Widget", True),
        Field("open_weights", p.boolean, "true", shape="boolean"),
        next(f for f in v1.fields if f.name == "channels"),
    )
    v2 = dc.replace(v1, event=ProductLaunchedV2, fields=fields)
    with REGISTRY.scoped(v2):
        yield


@pytest.fixture
def app(version_1_store: str, version_2: None) -> Iterator[TimelineApp]:
    application = open_store(version_1_store)
    yield application
    application.close()


def launches(app: TimelineApp) -> list[Any]:
    return [e for e in app.stored_events() if getattr(e, "fact_id", "").startswith("arm-")]


def stored_states(location: str) -> list[dict[str, Any]]:
    with closing(sqlite3.connect(location)) as db:
        rows = db.execute("SELECT state FROM stored_events WHERE topic = ?", (PINNED,))
        return [json.loads(state) for (state,) in rows]


def test_version_1_events_are_read_as_version_2(app):
    one, two = launches(app)
    assert type(one) is ProductLaunchedV2 and type(two) is ProductLaunchedV2
    assert (one.name, one.open_weights, one.channels) == ("Acme Arm One", True, ["Acme store"])
    assert (two.name, two.open_weights, two.channels) == ("Acme Arm Two", None, [])
    assert not hasattr(one, "product") and not hasattr(one, "weights")
    assert (one.fact_id, str(one.valid), one.quotes) == ("arm-one", "2021-01", ["Arm One is out."])


def test_upcasting_rewrites_nothing_in_the_log(app, version_1_store):
    before = stored_states(version_1_store)
    launches(app)
    assert stored_states(version_1_store) == before
    assert [s["product"] for s in before] == ["Acme Arm One", "Acme Arm Two"]
    assert all("class_version" not in s for s in before)  # version 1 is not written down
    count, _ = app.verify()
    assert count == 4  # the source, the entity and the two launches, as appended


def test_a_version_2_event_keeps_the_stored_name_and_says_its_version(app):
    one, _ = launches(app)
    stored = app.mapper.to_stored_event(one)
    assert stored.topic == PINNED
    state = json.loads(stored.state)
    assert state["class_version"] == 2 and state["name"] == "Acme Arm One"
    assert "product" not in state
    again = app.mapper.to_domain_event(stored)  # at its own version: not upcast again
    assert type(again) is ProductLaunchedV2 and vars(again) == vars(one)


def test_without_version_2_the_same_store_reads_as_it_was_written(version_1_store):
    app = open_store(version_1_store)
    try:
        one, two = launches(app)
    finally:
        app.close()
    assert type(one) is ProductLaunched and (one.product, one.weights) == ("Acme Arm One", "open")
    assert type(two) is ProductLaunched and two.weights is None
