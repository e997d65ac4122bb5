"""The group's commands, each module imported when its command is first asked for."""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from importlib import import_module

import click


class Commands(MutableMapping[str, click.Command]):
    """A group's commands by name, each module imported when its command is first asked
    for: a command starts without the code of the others (start-up is user-visible)."""

    def __init__(self, where: dict[str, str]) -> None:
        self._where = dict(where)  # name -> "module:attribute", relative to this package
        self._made: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._made:
            module, attribute = self._where[name].split(":")
            self._made[name] = getattr(import_module(module, __package__), attribute)
        return self._made[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._where[name] = ""
        self._made[name] = command

    def __delitem__(self, name: str) -> None:
        del self._where[name]
        self._made.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)
