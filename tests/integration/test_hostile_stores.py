"""A store that fails, or is not what it seems, is one line naming the cause, and changes nothing.

SQLite: a full disk, a read-only, locked or damaged file, another program's
database. PostgreSQL: a server that refuses, a wrong password, an unknown
host or database, each told within seconds. Store locations are read strictly.
"""

from __future__ import annotations

import gc
import hashlib
import os
import socket
import sqlite3
import struct
import subprocess
import sys
import threading
import time
import uuid
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import seeded
from eventsourcing.domain import Aggregate
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteConnectionPool, SQLiteDatastore

from company_timeline.cli.main import cli
from company_timeline.domain import StoreError, open_store
from company_timeline.domain.aggregates import Entity, Source, stream_id
from company_timeline.domain.facttypes import REGISTRY
from company_timeline.domain.topics import stored_class, stored_name

ACME = """\
sources:
  - {id: wire, title: A wire story, published: 2024-01-10T09:00:00+00:00}
entities:
  - {id: acme, name: Acme, kind: company}
events:
  - {id: acme-founded, type: company_founded, entity: acme, valid: 2020-03, source: wire,
     quote: Acme was founded.}
"""


def timeline(*args: str, env: dict[str, str | None] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


def one_line_error(result: Result, *words: str) -> str:
    """The command failed with exit status 1 and one line, without a traceback."""
    assert isinstance(result.exception, SystemExit), result.exception  # no traceback
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr
    return result.stderr


def digest_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def the_log(location: str) -> tuple[object, ...]:
    """What the store holds: its head digest, checked against its events."""
    app = open_store(location)
    try:
        count, head = app.verify()
        return count, head
    finally:
        app.close()


@pytest.fixture
def acme(tmp_path: Path) -> Path:
    path = tmp_path / "acme.yaml"
    path.write_text(ACME, encoding="utf-8")
    return path


# ---- SQLite ------------------------------------------------------------------


def test_a_full_disk_is_one_line_and_stores_nothing(tmp_path, acme, monkeypatch):
    store = seeded(str(tmp_path / "store.sqlite"))
    before = the_log(store)
    pages = sqlite3.connect(store).execute("PRAGMA page_count").fetchone()[0]
    create = SQLiteConnectionPool._create_connection

    def no_room_to_grow(pool: SQLiteConnectionPool):  # what a full disk says to SQLite
        connection = create(pool)
        connection._sqlite_conn.execute(f"PRAGMA max_page_count = {pages}")
        return connection

    monkeypatch.setattr(SQLiteConnectionPool, "_create_connection", no_room_to_grow)
    big = tmp_path / "big.yaml"
    big.write_text(ACME.replace("Acme was founded.", "x" * 200_000), encoding="utf-8")
    one_line_error(timeline("--store", store, "ingest", str(big)), "the disk is full")
    monkeypatch.undo()
    assert the_log(store) == before


def test_a_full_filesystem_is_one_line_and_stores_nothing(tmpfs, acme):
    store = str(tmpfs("200k") / "store.sqlite")
    big = acme.parent / "big.yaml"
    big.write_text(ACME.replace("Acme was founded.", "x" * 400_000), encoding="utf-8")
    one_line_error(timeline("--store", store, "ingest", str(big)), "the disk is full")
    assert the_log(store)[0] == 0


def test_a_read_only_store_refuses_an_ingest_in_one_line_and_is_left_as_it_was(
    tmp_path, tmpfs, acme
):
    """Reading it works: tests/integration/test_read_only_stores.py."""
    if os.geteuid() == 0:  # root writes through file modes: a read-only mount instead
        folder = tmpfs("1m")
        store = seeded(str(folder / "store.sqlite"))
        gc.collect()  # the seeding command's connections, closed
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
    else:
        folder = tmp_path / "shelf"
        folder.mkdir()
        store = seeded(str(folder / "store.sqlite"))
        gc.collect()
        os.chmod(store, 0o444)
        folder.chmod(0o555)
    before = digest_of(Path(store))
    try:
        for args in (["ingest", str(acme)], ["rebuild"]):
            one_line_error(timeline("--store", store, *args), "the store is read-only")
        assert digest_of(Path(store)) == before
    finally:
        if os.geteuid() != 0:
            folder.chmod(0o755)  # so that the test's folder can be removed


def test_a_store_locked_by_another_program_is_one_line(tmp_path, acme, monkeypatch):
    store = seeded(str(tmp_path / "store.sqlite"))
    before = the_log(store)
    monkeypatch.setenv("SQLITE_LOCK_TIMEOUT", "1")  # eventsourcing's busy timeout: 5 s
    holder = sqlite3.connect(store, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        one_line_error(timeline("--store", store, "ingest", str(acme)), "locked by another program")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert the_log(store) == before


def damaged(tmp_path: Path, how: str) -> Path:
    path = tmp_path / f"{how}.sqlite"
    if how == "random":
        path.write_bytes(os.urandom(64 * 1024))
        return path
    store = seeded(str(tmp_path / "whole.sqlite"))
    gc.collect()  # the seeding command's connections, closed
    with closing(sqlite3.connect(store)) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the file itself
        size = db.execute("PRAGMA page_size").fetchone()[0]
        (root,) = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'stored_events'")
    data = bytearray(Path(store).read_bytes())
    if how == "truncated":
        data = data[: len(data) // 2]
    else:  # the log's pages overwritten, all but its last: the store opens, reads fail
        for page in _leaves_but_the_last(data, root[0], size):
            data[(page - 1) * size : page * size] = os.urandom(size)
    path.write_bytes(bytes(data))
    return path


def _leaves_but_the_last(data: bytearray, root: int, size: int) -> list[int]:
    """The pages a table's root points to, but for its right-most (SQLite's file format)."""
    page = data[(root - 1) * size : root * size]
    assert page[0] == 5, "the log fits one page: no interior page to read the leaves from"
    cells = int.from_bytes(page[3:5], "big")
    offsets = [int.from_bytes(page[12 + 2 * i : 14 + 2 * i], "big") for i in range(cells)]
    return [int.from_bytes(page[o : o + 4], "big") for o in offsets]


@pytest.mark.parametrize("how", ["random", "truncated", "middle"])
def test_a_damaged_file_is_one_line_and_left_as_it_was(tmp_path, how):
    path = damaged(tmp_path, how)
    before = digest_of(path)
    for args in (["events"], ["at", "2024-02-27", "--entity", "mistral-ai"]):
        one_line_error(timeline("--store", str(path), *args), str(path))
    assert digest_of(path) == before


def test_another_program_s_database_is_refused_and_left_as_it_was(tmp_path):
    other = tmp_path / "photos.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE albums (name TEXT)")
    before = digest_of(other)
    one_line_error(timeline("--store", str(other), "seed"), "not a timeline store", "albums")
    assert digest_of(other) == before


def test_an_empty_file_a_new_path_and_a_timeline_store_are_all_accepted_to_write(tmp_path):
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    for store in (empty, tmp_path / "new" / "store.sqlite", Path(seeded(str(tmp_path / "s")))):
        assert timeline("--store", str(store), "seed").exit_code == 0
        assert timeline("--store", str(store), "events").exit_code == 0


def test_reading_an_empty_file_is_no_store_and_leaves_it_empty(tmp_path):
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    result = timeline("--store", str(empty), "events")
    assert result.exit_code == 2 and "no store at" in result.stderr
    assert empty.stat().st_size == 0 and list(tmp_path.iterdir()) == [empty]


# ---- PostgreSQL --------------------------------------------------------------


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def password_server():
    """A server that asks for a password and refuses it, as PostgreSQL says so on the wire."""
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                _refuse_password(conn)

    threading.Thread(target=serve, daemon=True).start()
    yield listener.getsockname()[1]
    listener.close()


def _refuse_password(conn: socket.socket) -> None:
    while True:  # SSL and GSS encryption requests first, then the startup message
        (length,) = struct.unpack("!I", conn.recv(4))
        code = struct.unpack("!I", conn.recv(4))[0]
        conn.recv(length - 8)
        if code in (80877103, 80877104):
            conn.sendall(b"N")
            continue
        break
    conn.sendall(b"R" + struct.pack("!II", 8, 3))  # cleartext password, please
    conn.recv(1024)
    fields = b'SFATAL\0VFATAL\0C28P01\0Mpassword authentication failed for user "me"\0\0'
    conn.sendall(b"E" + struct.pack("!I", len(fields) + 4) + fields)


@pytest.mark.parametrize(
    ("url", "cause"),
    [
        ("postgresql://me:s3cret-pw@127.0.0.1:{closed}/db", "refused the connection"),
        ("postgresql://me:s3cret-pw@no-such-host.invalid:5432/db", "unknown host"),
        ("postgresql://me:s3cret-pw@127.0.0.1:{password}/db", "password authentication failed"),
    ],
)
def test_an_unreachable_server_is_one_line_with_its_host_and_port_within_seconds(
    url, cause, password_server
):
    url = url.format(closed=closed_port(), password=password_server)
    started = time.monotonic()
    result = timeline("--store", url, "at", "2024-02-27")
    elapsed = time.monotonic() - started
    port = url.rsplit(":", 1)[1].split("/")[0]
    line = one_line_error(result, cause, f":{port}")
    assert "s3cret-pw" not in line
    assert elapsed < 3.5, elapsed


@pytest.mark.postgres
def test_an_unknown_database_is_one_line_with_its_host_and_port(postgres_database):
    server = postgres_database.rsplit("/", 1)[0]
    host_port = server.rsplit("@", 1)[1]
    result = timeline("--store", f"{server}/no_such_db", "at", "2024-02-27")
    one_line_error(result, 'database "no_such_db" does not exist', host_port)


# ---- store locations -----------------------------------------------------------


@pytest.mark.parametrize(
    ("location", "words"),
    [
        ("postgresql://me@localhost:abc/db", "the port must be a number"),
        ("postgresql+psycopg2://me:pw@localhost/db", "through psycopg (3), not psycopg2"),
        ("mysql://me:pw@localhost/db", "not a mysql:// URL"),
        ("sqlite:///tmp/x.db", "not a sqlite:// URL"),
        ("HTTPS://example.com/store", "not a https:// URL"),
        (":memory:", "keeps nothing"),
        ("", "its path or URL is empty"),
    ],
)
def test_a_location_that_is_no_store_is_refused_and_creates_nothing(
    location, words, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    line = one_line_error(timeline("--store", location, "at", "2024-02-27"), words)
    assert ":pw@" not in line
    assert list(tmp_path.iterdir()) == []  # no folder named after the user and password


@pytest.mark.postgres
@pytest.mark.parametrize("scheme", ["POSTGRESQL", "Postgres", "postgresql+psycopg"])
def test_any_spelling_of_the_postgresql_scheme_opens_the_database(
    scheme, postgres_database, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    url = scheme + postgres_database[len("postgresql") :]
    assert "Stored 24 new events" in timeline("--store", url, "seed").stdout
    assert list(tmp_path.iterdir()) == []


def test_an_empty_timeline_store_variable_is_an_error_not_the_home_store(tmp_path):
    env = {"TIMELINE_STORE": "", "XDG_DATA_HOME": str(tmp_path)}
    result = timeline("at", "2024-02-27", env=env)
    assert result.exit_code == 2 and "TIMELINE_STORE is set but empty" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_refused_location_is_a_store_error_for_library_users():
    with pytest.raises(StoreError, match="keeps nothing"):
        open_store(":memory:")


# ---- stored topics ---------------------------------------------------------------


@pytest.mark.parametrize("topic", ["os:system", "timeline_probe_module:anything"])
def test_a_crafted_stored_topic_imports_nothing_and_is_one_line_naming_where_it_is(
    tmp_path, topic, monkeypatch
):
    probe = tmp_path / "modules"
    probe.mkdir()
    (probe / "timeline_probe_module.py").write_text(
        f"open({str(tmp_path / 'imported')!r}, 'w').close()\nanything = None\n"
    )
    monkeypatch.syspath_prepend(str(probe))
    store = seeded(str(tmp_path / "store.sqlite"))
    stream = stream_id("entity", "mistral-ai")
    (version,) = (
        sqlite3.connect(store)
        .execute(
            "SELECT MAX(originator_version) FROM stored_events WHERE originator_id = ?",
            (stream.hex,),
        )
        .fetchone()
    )
    with closing(sqlite3.connect(store)) as db, db:
        db.execute(
            "INSERT INTO stored_events VALUES (?, ?, ?, ?)",
            (stream.hex, version + 1, topic, b'{"timestamp": "x"}'),
        )
    result = timeline("--store", store, "at", "2024-02-27", "--entity", "mistral-ai")
    one_line_error(result, f"version {version + 1}", "unknown type", "not written by this engine")
    assert not (tmp_path / "imported").exists()
    assert "timeline_probe_module" not in sys.modules


VERSION_0_1 = [  # the topics version 0.1 stored: each event class's module path
    "timeline.domain.aggregates:Source.Registered",
    "timeline.domain.aggregates:Entity.Registered",
    *(f"timeline.domain.events:{name}" for name in (
        "CompanyFounded", "FundingRoundAnnounced", "StakeReported", "ProductLaunched",
        "PartnershipSigned", "RegulatorStatementMade", "RegulatoryScrutinyReported",
        "ReportCorrected", "ReportRetracted",
    )),
]  # fmt: skip


def test_every_event_class_of_the_engine_has_a_stored_name():
    """A class without one could not be stored: a new fact type needs its line in topics.py."""
    own = [  # eventsourcing gives each aggregate an Event and a Created of its own: not ours
        cls
        for aggregate in (Source, Entity)
        for name, cls in vars(aggregate).items()
        if isinstance(cls, type) and issubclass(cls, Aggregate.Event)
        and name not in ("Event", "Created")
    ]  # fmt: skip
    assert [cls for cls in [*REGISTRY.classes().values(), *own] if stored_name(cls) is None] == []


def test_the_names_version_0_1_stored_still_name_the_same_classes():
    for name in VERSION_0_1:
        cls = stored_class(name)
        assert cls is not None and cls.__qualname__ == name.partition(":")[2]


def test_a_log_written_without_index_or_chain_answers_and_verifies_once_chained(tmp_path):
    """As version 0.1 wrote it: eventsourcing's own recorder, nothing beside the log."""
    first = open_store(seeded(str(tmp_path / "first.sqlite")))
    count, head = first.verify()
    location = str(tmp_path / "old.sqlite")
    old = SQLiteApplicationRecorder(SQLiteDatastore(location))
    old.create_table()
    old.insert_events(list(first.recorder.select_notifications(1, 1000)))
    result = timeline("--store", location, "at", "2024-02-27", "--entity", "mistral-ai")
    assert result.exit_code == 0 and "EUR 385,000,000" in result.stdout
    one_line_error(timeline("--store", location, "verify"), "not chained from position 1")
    assert timeline("--store", location, "chain", "--start").exit_code == 0
    assert open_store(location).verify() == (count, head)


@pytest.mark.parametrize(
    "row",
    [("not-a-uuid", 1, "os:system", b"{}"), (uuid.uuid4().hex, 1, "x:y", b"\x00\xff not json")],
)
def test_a_crafted_row_is_never_a_traceback_and_verify_names_it(tmp_path, row):
    store = seeded(str(tmp_path / "store.sqlite"))
    with closing(sqlite3.connect(store)) as db, db:
        db.execute("INSERT INTO stored_events VALUES (?, ?, ?, ?)", row)
        (position,) = db.execute("SELECT MAX(rowid) FROM stored_events").fetchone()
    for args in (["events"], ["at", "2024-02-27"]):  # not read, or one line saying why
        result = timeline("--store", store, *args)
        if result.exit_code != 0:
            one_line_error(result, "an event this engine did not write")
    one_line_error(timeline("--store", store, "verify"), f"changed at position {position}")
