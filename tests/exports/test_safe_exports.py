"""``export -o`` writes regular files whole, and never replaces what is not one: a FIFO or
a device is written into (as ``> path`` would), a socket refused in one line. Killed
exports leave no temporary file behind for long: SIGTERM removes it at once, and the
next export to the same place removes those a SIGKILL left."""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import seeded

from company_timeline.cli.main import cli

BENCH = Path(__file__).parents[2] / "bench" / "generate.py"


def timeline(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def exported(store: str, target: Path, fmt: str = "json") -> Result:
    return timeline("--store", store, "export", "--format", fmt, "-o", str(target))


def temporaries(folder: Path) -> list[str]:
    return sorted(n for n in os.listdir(folder) if n.endswith(".tmp"))


def test_a_fifo_is_written_into_and_stays_a_fifo(seeded_store, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    read: list[bytes] = []
    reader = threading.Thread(target=lambda: read.append(fifo.read_bytes()))
    reader.start()
    result = exported(seeded_store, fifo)
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert b'"schema": "timeline.export/1"' in read[0]
    assert temporaries(tmp_path) == []


def mknod(path: Path, major: int, minor: int) -> None:
    """A private character device (as /dev/null is 1:3, /dev/full 1:7); root only."""
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(major, minor))
    except PermissionError:
        pytest.skip("making a device node needs root")


def test_a_device_is_written_into_and_stays_a_device(seeded_store, tmp_path):
    null = tmp_path / "null"
    mknod(null, 1, 3)
    result = exported(seeded_store, null)
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.stat(null).st_mode) and os.stat(null).st_rdev == os.makedev(1, 3)
    assert temporaries(tmp_path) == []


def test_a_full_device_is_one_line_and_stays_a_device(seeded_store, tmp_path):
    full = tmp_path / "full"
    mknod(full, 1, 7)
    result = exported(seeded_store, full)
    assert result.exit_code == 1 and result.stderr == (
        f"Error: cannot write {full}: No space left on device\n"
    )
    assert stat.S_ISCHR(os.stat(full).st_mode)


def test_a_socket_is_refused_in_one_line_and_left_in_place(seeded_store, tmp_path):
    path = tmp_path / "sock"
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(path))
        result = exported(seeded_store, path)
    assert result.exit_code == 1 and result.stderr.startswith(f"Error: cannot write {path}: ")
    assert result.stderr.count("\n") == 1 and stat.S_ISSOCK(os.stat(path).st_mode)


def test_an_empty_output_path_is_a_bad_argument_and_writes_nothing(
    seeded_store, tmp_path, monkeypatch
):
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    result = timeline("--store", seeded_store, "export", "--format", "json", "-o", "")
    assert result.exit_code == 2 and "the path is empty" in result.stderr
    assert os.listdir(here) == []


def test_a_failed_export_leaves_no_temporary_file(seeded_store, tmp_path):
    target = tmp_path / "events.yaml"
    result = timeline(
        "--store", seeded_store, "export", "--format", "events", "--at", "2024-01-01",
        "-o", str(target),
    )  # fmt: skip
    assert result.exit_code == 2  # --at with events: a bad argument, found before writing
    assert not target.exists() and temporaries(tmp_path) == []


# ---- killed exports ---------------------------------------------------------------


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store large enough that an export is still writing when it is killed."""
    folder = tmp_path_factory.mktemp("big")
    subprocess.run(
        [sys.executable, str(BENCH), "--events", "3000", "--format", "jsonl", "--out", str(folder)],
        check=True,
        capture_output=True,
    )
    store = str(folder / "store.sqlite")
    ingested = timeline("--store", store, "ingest", str(folder / "events-0001.jsonl"))
    assert ingested.exit_code == 0, ingested.output
    return store


def killed_while_writing(store: str, target: Path, how: signal.Signals) -> int:
    """Run an export in its own process, kill it once its temporary file is there."""
    process = subprocess.Popen(
        [sys.executable, "-m", "company_timeline", "--store", store, "export",
         "--format", "json", "-o", str(target)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not temporaries(target.parent) and process.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.005)
    process.send_signal(how)
    return process.wait(timeout=60)


def test_sigterm_removes_the_temporary_file_at_once(big_store, tmp_path):
    status = killed_while_writing(big_store, tmp_path / "out.json", signal.SIGTERM)
    assert status == 143, "the export ended before it could be killed"
    assert os.listdir(tmp_path) == []


def test_what_sigkill_leaves_is_removed_by_the_next_export_to_the_same_place(big_store, tmp_path):
    started = time.time()
    for _ in range(3):  # each one also sweeps what the one before it left
        assert killed_while_writing(big_store, tmp_path / "out.json", signal.SIGKILL) == -9
        assert len(temporaries(tmp_path)) == 1  # nothing could remove it: its process is gone
    assert exported(big_store, tmp_path / "out.json").exit_code == 0
    stale = [n for n in temporaries(tmp_path) if os.stat(tmp_path / n).st_mtime < started]
    assert stale == [] and temporaries(tmp_path) == []
    assert (tmp_path / "out.json").stat().st_size > 0


def test_a_temporary_file_of_a_running_export_is_left_alone(seeded_store, tmp_path):
    """Only the files of processes that are gone are swept: not another export's."""
    alive = tmp_path / f".out.json.{os.getppid()}.abc.tmp"
    alive.touch()
    assert exported(seeded_store, tmp_path / "out.json").exit_code == 0
    assert alive.exists()


@pytest.fixture
def seeded_store(tmp_path: Path) -> str:
    return seeded(str(tmp_path / "store.sqlite"))
