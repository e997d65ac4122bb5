"""The pytest plugin: fixtures for a project's own facts, and assertions that explain.

Registered through the ``pytest11`` entry point, so installing the package is
enough. Fixtures are nouns, as pytest-django's are:

- ``timeline``: an empty ``Timeline.temporary()`` store, removed afterwards;
- ``timeline_seeded``: one holding the shipped seed files;
- ``timeline_from``: ``timeline_from(*paths)`` gives a store holding those event files.

``assert_state`` and ``assert_uncertain`` fail with the entity, field, expected and
actual values and the events behind the actual value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from company_timeline.projections.api import Timeline


def assert_state(
    timeline: Timeline,
    entity: str,
    field: str,
    expected: Any,
    at: Any = None,
    known: Any = None,
    recorded: Any = None,
) -> None:
    """``field`` of ``entity`` on ``at`` (as known at ``known``) is ``expected``:
    a value, or its text (``"EUR 2500000"``); None for no value."""
    from company_timeline.projections.expect import Expectation

    _assert(timeline, Expectation(entity, field, at, known, recorded, equals=expected))


def assert_uncertain(
    timeline: Timeline, entity: str, field: str, at: Any, known: Any = None
) -> None:
    """``field`` of ``entity`` has no value on ``at`` because a fact straddles the date."""
    from company_timeline.projections.expect import Expectation

    _assert(timeline, Expectation(entity, field, at, known, uncertain=True))


def _assert(timeline: Timeline, expectation: Any) -> None:
    from company_timeline.projections.expect import check

    failure = check(timeline, expectation)
    if failure is not None:
        raise AssertionError(str(failure))


@pytest.fixture
def timeline() -> Iterator[Timeline]:
    """An empty store of its own for the test, in a temporary folder."""
    from company_timeline.projections.api import Timeline

    with Timeline.temporary() as store:
        yield store


@pytest.fixture
def timeline_seeded(timeline: Timeline) -> Timeline:
    """A store holding the shipped seed files (Mistral AI, 2024; Motorola Mobility, 2012)."""
    from company_timeline.seeds import seed_files

    timeline.ingest(*seed_files())
    return timeline


@pytest.fixture
def timeline_from() -> Iterator[Callable[..., Timeline]]:
    """``timeline_from(*paths)``: a store of its own holding those event files."""
    from company_timeline.projections.api import Timeline

    made: list[Timeline] = []

    def make(*paths: str | Path) -> Timeline:
        store = Timeline.temporary()
        made.append(store)
        store.ingest(*paths)
        return store

    yield make
    for store in made:
        store.close()


def pytest_assertrepr_compare(op: str, left: Any, right: Any) -> list[str] | None:
    """Money compared in an assert reads as money, not as a dataclass repr."""
    from company_timeline.domain.quantities import Money

    if op == "==" and isinstance(left, Money) and isinstance(right, Money):
        return [f"{left} == {right}"]
    return None
