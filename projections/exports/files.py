"""Files an export writes: whole or not at all, and never over what is not a regular file."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from company_timeline.domain.errors import TimelineError


class ExportError(TimelineError):
    pass


class BadRequest(ExportError):
    """Arguments that cannot go together (a bad argument, exit 2 at the command line)."""


class NeedsAFile(BadRequest):
    """A format that cannot go to stdout (a database) was asked for there."""


def is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError) as e:  # a name too long, or that the system cannot hold
        raise ExportError(f"cannot write {_shown(path)}: {getattr(e, 'strerror', e)}") from None


@contextlib.contextmanager
def atomic(path: Path) -> Iterator[TextIO]:
    """A file written beside ``path`` and renamed over it once complete.

    Only a regular file (or a new name) is replaced: a FIFO, a device or a socket
    is written into, as a shell's redirection would, never renamed over. The
    temporary file is removed on any failure (SIGTERM included, see the CLI);
    those a killed export left beside ``path`` are removed by the next one.
    """
    if _special(path):
        with _into(path) as stream:
            yield stream
        return
    with atomic_path(path) as temporary:
        try:
            with open(temporary, "w", encoding="utf-8", newline="") as stream:
                yield stream
        except OSError as e:
            raise ExportError(f"cannot write {_shown(path)}: {e.strerror}") from None


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """An empty file's path beside ``path``, made durable and renamed over it once the block
    ends well (a database is written by path); removed on any failure."""
    if _special(path):
        raise ExportError(f"cannot write {_shown(path)}: it is not a regular file")
    _sweep(path)
    try:
        fd, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.{os.getpid()}.", suffix=TEMPORARY, dir=path.parent
        )
    except OSError as e:
        raise ExportError(f"cannot write {_shown(path)}: {e.strerror}") from None
    os.close(fd)
    try:
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; exports are not
        yield Path(temporary)
        _fsync(temporary)
        os.replace(temporary, path)
    except OSError as e:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise ExportError(f"cannot write {_shown(path)}: {e.strerror}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _special(path: Path) -> bool:
    """Whether ``path`` is there and not a regular file (a FIFO, a device); a folder is refused."""
    try:
        found = os.stat(path)  # through a link: what it names is what is written
    except FileNotFoundError:
        return False
    except OSError as e:
        raise ExportError(f"cannot write {_shown(path)}: {e.strerror}") from None
    if stat.S_ISDIR(found.st_mode):
        raise ExportError(f"cannot write {_shown(path)}: it is a folder")
    return not stat.S_ISREG(found.st_mode)


def _fsync(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


TEMPORARY = ".tmp"


@contextlib.contextmanager
def _into(path: Path) -> Iterator[TextIO]:
    """Straight into a FIFO or a device, as ``> path`` would (a socket cannot be opened)."""
    try:
        with open(path, "w", encoding="utf-8", newline="") as stream:
            yield stream
    except OSError as e:
        raise ExportError(f"cannot write {_shown(path)}: {e.strerror}") from None


def _sweep(path: Path) -> None:
    """Remove the temporary files of exports to ``path`` whose process is gone (SIGKILL)."""
    prefix = f".{path.name}."
    try:
        names = os.listdir(path.parent)
    except OSError:
        return  # the write itself will say why
    for name in names:
        if not (name.startswith(prefix) and name.endswith(TEMPORARY)):
            continue
        pid = name[len(prefix) :].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            with contextlib.suppress(OSError):
                os.unlink(path.parent / name)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive
        return True
    return True


def _shown(path: Path) -> str:
    text = str(path)
    return text if len(text) <= 100 else f"{text[:48]}...{text[-49:]}"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
