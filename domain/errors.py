"""The one family of errors the engine raises; the CLI turns them into messages."""

from __future__ import annotations


class TimelineError(Exception):
    """Anything the user can fix: bad input, an unknown name, a conflict."""


class InvalidDate(TimelineError, ValueError):
    """A date or timestamp that does not parse."""


class InvalidQuantity(TimelineError, ValueError):
    """An amount of money or a share that does not parse."""


class InputError(TimelineError):
    """Bad content in an event file, located by file, line and field."""

    def __init__(self, file: str, line: int, field: str, message: str) -> None:
        self.file, self.line, self.field, self.message = file, line, field, message
        super().__init__(f"{file}:{line}: {field}: {message}")


class ConflictingFact(InputError):
    """An id already stored with other content: changes go through corrections."""


class UnknownEntity(TimelineError):
    """No entity (or source) with that id in the store."""


class StoreError(TimelineError):
    """The store cannot be opened or read."""


class NoStore(StoreError):
    """Nothing is stored at that location: reading it would create an empty store."""


class SettingError(TimelineError):
    """An environment variable with a value outside what it may take."""
