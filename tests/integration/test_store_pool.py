"""A PostgreSQL store holds one connection open, or as many as POSTGRES_POOL_SIZE says."""

from __future__ import annotations

import pytest

from company_timeline.domain import open_store


@pytest.mark.parametrize(("setting", "held"), [(None, 1), ("3", 3)])
def test_a_postgres_store_holds_the_connections_its_setting_says(
    store_location, monkeypatch, setting, held
):
    if not store_location.startswith("postgresql://"):
        pytest.skip("SQLite has no pool")
    if setting is not None:
        monkeypatch.setenv("POSTGRES_POOL_SIZE", setting)
    app = open_store(store_location)
    try:
        pool = app.recorder.datastore.pool  # type: ignore[attr-defined]
        assert (pool.min_size, pool.max_size) == (held, held + 10)
    finally:
        app.close()
