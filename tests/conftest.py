"""Stores for the tests: a temporary SQLite file, and a real PostgreSQL database.

PostgreSQL comes from ``tests/pgserver.sh`` (or ``TIMELINE_TEST_PG_URL``). Where
no server can be had the PostgreSQL cases are skipped, except under CI, where
that is a failure: both engines must pass the same suite.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from company_timeline.domain import TimelineApp, open_store

HERE = Path(__file__).parent
SEEDS = HERE.parent / "seeds"
_pg: dict[str, str] = {}  # "url", or "failed": the reason, told once and then at once


def postgres_url() -> str:
    """The server's URL, starting it once per session; a failed start is not retried."""
    if not _pg:
        url = os.environ.get("TIMELINE_TEST_PG_URL")
        if url:
            _pg["url"] = url
        else:
            run = subprocess.run(
                [str(HERE / "pgserver.sh"), "start"], capture_output=True, text=True
            )
            if run.returncode == 0:
                _pg["url"] = run.stdout.strip()
            else:
                _pg["failed"] = f"no PostgreSQL for the tests: {run.stderr.strip()[-2000:]}"
    if "failed" in _pg:
        if os.environ.get("CI"):
            pytest.fail(_pg["failed"])
        pytest.skip(_pg["failed"])
    return _pg["url"]


@pytest.fixture
def postgres_database() -> Iterator[str]:
    """A fresh, empty database; dropped afterwards."""
    import psycopg

    server = postgres_url()
    name = f"timeline_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    yield server.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where an empty store lives, once per engine."""
    if request.param == "sqlite":
        return str(tmp_path / "store.sqlite")
    return str(request.getfixturevalue("postgres_database"))


@pytest.fixture
def app(store_location: str) -> Iterator[TimelineApp]:
    application = open_store(store_location)
    yield application
    application.close()


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    """``tmpfs(size)``: a folder on a file system of that size, to fill or make read-only.

    Mounting needs root: elsewhere the test is skipped.
    """
    mounted: list[Path] = []

    def mount(size: str) -> Path:
        folder = tmp_path / f"tmpfs-{len(mounted)}"
        folder.mkdir()
        command = ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)]
        if os.geteuid() != 0 or subprocess.run(command, capture_output=True).returncode != 0:
            pytest.skip("mounting a small file system needs root")
        mounted.append(folder)
        return folder

    yield mount
    for folder in mounted:
        subprocess.run(["umount", "--lazy", str(folder)], check=False)


@pytest.fixture
def seed_file() -> Path:
    return SEEDS / "mistral-ai.yaml"


def seeded(location: str) -> str:
    """``location`` holding the shipped seed, loaded as a user would: ``timeline seed``.

    Only the default store seeds itself; the tests' stores start empty.
    """
    from click.testing import CliRunner

    from company_timeline.cli.main import cli

    result = CliRunner().invoke(cli, ["--store", location, "seed"])
    assert result.exit_code == 0, result.output
    return location


@pytest.fixture
def seeded_store(tmp_path: Path) -> str:
    """A SQLite store holding the shipped seed."""
    return seeded(str(tmp_path / "store.sqlite"))
