"""The permission cases, as a user who is not root (``nobody``, through ``setpriv``):
a store owned by another user answers every read and refuses writes in one line; paths
the user may not enter or write are one line; a FIFO and a device node survive
``export -o``. Root ignores file modes, so these cases only show as another user.

The command runs from a copy of the package in a folder anyone can read, with the
dependencies' folder bind-mounted beside it: the checkout and its virtual
environment may live where ``nobody`` cannot go (CI's temporary folders).
"""

from __future__ import annotations

import gc
import importlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import pytest
from conftest import seeded
from test_read_only_stores import OLD, OLD_HEAD, READS, state

import company_timeline

NOBODY = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
PACKAGES = ["company_timeline", "company_timeline.domain", "company_timeline.projections",
            "company_timeline.cli", "company_timeline.seeds"]  # fmt: skip

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="module")
def shared() -> Iterator[Path]:
    """A folder anyone can read, holding the package and (mounted) its dependencies."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("running as another user needs root and setpriv")
    root = Path(tempfile.mkdtemp(prefix="timeline-nobody-", dir="/tmp"))
    root.chmod(0o755)
    for name in PACKAGES:  # wherever each lives: an editable checkout or site-packages
        source = Path(importlib.import_module(name).__path__[0])
        target = root / "src" / name.replace(".", "/")
        shutil.copytree(source, target, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    site = root / "site"
    site.mkdir()
    dependencies = Path(importlib.import_module("eventsourcing").__path__[0]).parent
    subprocess.run(["mount", "--bind", "-o", "ro", str(dependencies), str(site)], check=True)
    for folder in (root / "home", root / "out"):
        folder.mkdir()
        folder.chmod(0o777)
    try:
        yield root
    finally:
        subprocess.run(["umount", str(site)], check=False)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def as_nobody(shared: Path) -> Run:
    python = os.path.realpath(sys.executable)  # the interpreter, not the venv's link to it
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(shared / "home"),
        "XDG_DATA_HOME": str(shared / "home"),
        "PYTHONPATH": f"{shared / 'src'}:{shared / 'site'}",
        "PYTHONDONTWRITEBYTECODE": "1",
        "LANG": "C.UTF-8",
    }

    def run(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
        command = [*NOBODY, python, "-s", "-m", "company_timeline", *args]
        return subprocess.run(command, capture_output=True, text=True, env=env, **kwargs)

    probe = run("--version")
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.startswith("timeline, version ")
    assert company_timeline.__name__ == "company_timeline"
    return run


def one_line(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode in (1, 2), done
    assert done.stderr.startswith("Error: ") and done.stderr.count("\n") == 1, done.stderr
    assert "Traceback" not in done.stderr
    for word in words:
        assert word in done.stderr, done.stderr


@pytest.fixture
def owned_by_root(shared: Path, request: pytest.FixtureRequest) -> Iterator[Path]:
    """A folder of root's (rwxr-xr-x) in the shared folder: others read, never write."""
    folder = shared / f"root-{request.node.name[:40]}"
    folder.mkdir()
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def root_store(folder: Path) -> Path:
    store = Path(seeded(str(folder / "store.sqlite")))
    gc.collect()
    with closing(sqlite3.connect(store)) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.chmod(0o644)
    return store


@pytest.mark.parametrize("args", READS, ids=[" ".join(a[:3]) for a in READS])
def test_a_store_of_another_user_answers_every_read_and_is_left_as_it_was(
    as_nobody, owned_by_root, args
):
    store = root_store(owned_by_root)
    before = state(owned_by_root)
    done = as_nobody("--store", str(store), *args)
    assert done.returncode == 0, done.stderr
    assert state(owned_by_root) == before


def test_a_store_of_another_user_exports_to_a_file_and_verifies_against_an_anchor(
    as_nobody, owned_by_root, shared
):
    store = root_store(owned_by_root)
    witness = shared / "out" / "witness.txt"
    assert as_nobody("--store", str(store), "verify", "--witness", str(witness)).returncode == 0
    checked = as_nobody("--store", str(store), "verify", "--expect-from", str(witness))
    assert checked.returncode == 0 and "Each of 1 anchors matches" in checked.stdout
    tables = shared / "out" / "tables"
    done = as_nobody("--store", str(store), "export", "--format", "csv", "-o", str(tables))
    assert done.returncode == 0, done.stderr
    assert (tables / "events.csv").exists()


def test_an_old_index_in_a_store_of_another_user_is_said_and_the_log_verifies(
    as_nobody, owned_by_root
):
    store = owned_by_root / OLD.name
    shutil.copyfile(OLD, store)
    store.chmod(0o644)
    before = state(owned_by_root)
    one_line(as_nobody("--store", str(store), "events"), "cannot be brought up to date here")
    verified = as_nobody("--store", str(store), "verify")
    assert verified.returncode == 0 and OLD_HEAD in verified.stdout
    assert state(owned_by_root) == before


def test_writing_to_a_store_of_another_user_is_one_line(
    as_nobody, owned_by_root, shared, seed_file
):
    store = root_store(owned_by_root)
    # A copy nobody can read (the sdist's own folder, in CI, is private to root).
    readable = shared / "seeds-to-write"
    shutil.copytree(seed_file.parent, readable, ignore=shutil.ignore_patterns("*.py", "__py*"))
    for path in [readable, *readable.iterdir()]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    before = state(owned_by_root)
    facts = str(readable / seed_file.name)
    for args in (["ingest", facts], ["rebuild"], ["seed"], ["chain", "--start"]):
        one_line(as_nobody("--store", str(store), *args), "the store is read-only")
    assert state(owned_by_root) == before


def test_a_new_store_where_the_user_may_not_write_is_one_line(as_nobody, owned_by_root):
    one_line(as_nobody("--store", str(owned_by_root / "new.sqlite"), "seed"), "read-only")
    one_line(as_nobody("--store", str(owned_by_root / "a" / "new.sqlite"), "seed"),
             "cannot create the folder", "Permission denied")  # fmt: skip
    assert list(owned_by_root.iterdir()) == []


def test_a_store_in_a_folder_the_user_may_not_enter_is_one_line(as_nobody, owned_by_root):
    private = owned_by_root / "private"
    private.mkdir()
    root_store(private)
    private.chmod(0o700)
    for args in (["events"], ["verify"], ["seed"]):
        one_line(as_nobody("--store", str(private / "store.sqlite"), *args), "Permission denied")


def test_a_fifo_and_a_device_node_survive_export_o(as_nobody, owned_by_root, shared):
    store = root_store(owned_by_root)
    folder = shared / "out" / "nodes"
    folder.mkdir()
    folder.chmod(0o777)
    fifo, null = folder / "pipe", folder / "null"
    os.mkfifo(fifo, 0o666)
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a private /dev/null
    fifo.chmod(0o666)
    null.chmod(0o666)
    read: list[bytes] = []
    reader = threading.Thread(target=lambda: read.append(fifo.read_bytes()))
    reader.start()
    into_fifo = as_nobody("--store", str(store), "export", "--format", "json", "-o", str(fifo),
                          timeout=60)  # fmt: skip
    reader.join(timeout=60)
    assert into_fifo.returncode == 0, into_fifo.stderr
    assert b'"schema": "timeline.export/1"' in read[0]
    into_null = as_nobody("--store", str(store), "export", "--format", "md", "-o", str(null))
    assert into_null.returncode == 0, into_null.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert stat.S_ISCHR(os.stat(null).st_mode) and os.stat(null).st_rdev == os.makedev(1, 3)
    assert sorted(os.listdir(folder)) == ["null", "pipe"]
