"""The settings a user may give through the environment, each checked before it is used."""

from __future__ import annotations

from collections.abc import Mapping

from .errors import SettingError

# eventsourcing settings a user may set in the environment: how long to wait, no more;
# each with the whole numbers it may take (eventsourcing would raise on others, or hang).
TUNABLE = {
    "SQLITE_LOCK_TIMEOUT": (0, 86_400),  # seconds
    "POSTGRES_LOCK_TIMEOUT": (0, 86_400),  # seconds
    "POSTGRES_POOL_SIZE": (1, 100),  # connections
}


def tunables(environ: Mapping[str, str]) -> dict[str, str]:
    """The ``TUNABLE`` settings found in ``environ``, each checked; an empty one is unset."""
    found = {}
    for name, (low, high) in TUNABLE.items():
        text = environ.get(name, "").strip()
        if not text:
            continue
        if not text.isascii() or not text.isdigit() or not low <= int(text) <= high:
            shown = text if len(text) <= 20 else text[:17] + "..."
            raise SettingError(
                f"environment variable {name}={shown!r}: a whole number from {low} to {high}"
            )
        found[name] = str(int(text))
    return found
