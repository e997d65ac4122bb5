"""The index reads fingerprints and sort keys from stored JSON; they are the ones objects give."""

from __future__ import annotations

import json
from datetime import datetime
from types import SimpleNamespace
from typing import Any

import pendulum
import pytest
from factories import generated
from hypothesis import given, settings
from hypothesis import strategies as st

from company_timeline.domain import Revision, ValidTime, open_store
from company_timeline.domain.events import content
from company_timeline.domain.facttypes import REGISTRY
from company_timeline.domain.fingerprints import (
    fingerprint_of,
    stored_order_key,
    stored_spelling,
    utc_text,
    valid_order_key,
)
from company_timeline.domain.storage.rows import REGISTRATIONS, index_rows


@pytest.mark.parametrize("data", ["seed", "generated"])
def test_each_stored_event_has_the_fingerprint_and_sort_key_its_object_gives(
    data, seed_file, tmp_path
):
    files = [seed_file] if data == "seed" else generated(tmp_path / "files", 600)
    app = open_store(str(tmp_path / "store.sqlite"))
    app.ingest_files(files)
    compared = 0
    for stored in app.recorder.select_notifications(1, 100_000):
        event = app.mapper.to_domain_event(stored)
        rows = {(r.kind, r.id): r for r in index_rows([stored]).rows}
        kind = REGISTRATIONS.get(type(event))
        if kind is not None:
            row = rows[(kind, event.slug)]
        elif type(event) in REGISTRY.by_event():
            kind = REGISTRY.by_event()[type(event)].name
            row = rows[("fact", event.fact_id)]
            assert row.sort_key == valid_order_key(event)
        else:
            continue  # a document, or identifiers: no fingerprint of their own
        assert row.fingerprint == fingerprint_of(kind, content(event))
        compared += 1
    assert compared > (20 if data == "seed" else 600)  # each row a promise kept


@pytest.fixture(scope="module")
def transcoder(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The transcoder a store writes with: eventsourcing's and the engine's transcodings."""
    return open_store(str(tmp_path_factory.mktemp("t") / "store.sqlite")).mapper.transcoder


MOMENTS = st.datetimes(
    min_value=datetime(1900, 1, 2), max_value=datetime(2100, 12, 30), timezones=st.timezones()
)
VALUES = st.recursive(
    st.one_of(
        MOMENTS,
        MOMENTS.map(pendulum.instance),
        st.builds(Revision, st.text(max_size=5), MOMENTS.map(pendulum.instance)),
        st.text(max_size=5),
        st.integers(),
        st.none(),
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(value=VALUES)
def test_a_stored_value_is_spelled_as_the_object_it_decodes_to(transcoder, value):
    stored = json.loads(transcoder.encode({"v": value}))["v"]
    assert fingerprint_of("x", {"v": stored_spelling(stored)}) == fingerprint_of("x", {"v": value})


@given(
    fact_id=st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True),
    valid=st.sampled_from(
        [None, "2024", "2024-02", "2024-02-27", "2020/2024-03", "../2021", "2019~"]
    ),
    reported=MOMENTS.map(pendulum.instance),
)
def test_a_sort_key_from_stored_texts_is_the_one_from_objects(fact_id, valid, reported):
    parsed = None if valid is None else ValidTime.parse(valid)
    fact = SimpleNamespace(fact_id=fact_id, valid=parsed, reported=reported)
    assert stored_order_key(fact_id, valid, utc_text(reported)) == valid_order_key(fact)
