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
        whole = line == 0 and field == "(file)"  # the file itself: no line, no field to name
        super().__init__(f"{file}: {message}" if whole else f"{file}:{line}: {field}: {message}")


class InputErrors(InputError):
    """Every error found in a batch, up to ``ErrorList.LIMIT``, one located line each;
    the first's file, line and field are this error's own."""

    def __init__(self, errors: list[InputError], stopped: bool) -> None:
        first = errors[0]
        super().__init__(first.file, first.line, first.field, first.message)
        self.errors = errors
        lines = [str(e) for e in errors]
        if stopped:
            lines.append(f"(stopped after {len(errors)} errors; nothing was stored)")
        self.args = ("\n".join(lines),)


class ErrorList:
    """Errors gathered while a batch is checked, so that a bad file tells all it can."""

    LIMIT = 20

    def __init__(self) -> None:
        self.found: list[InputError] = []

    def add(self, error: InputError) -> None:
        self.found += error.errors if isinstance(error, InputErrors) else [error]
        if len(self.found) >= self.LIMIT:
            raise InputErrors(self.found[: self.LIMIT], stopped=True)

    def raise_any(self) -> None:
        """One error as itself (a ConflictingFact stays one); several as ``InputErrors``."""
        if len(self.found) == 1:
            raise self.found[0]
        if self.found:
            raise InputErrors(self.found, stopped=False)


class ConflictingFact(InputError):
    """An id already stored with other content: changes go through corrections."""


class UnknownEntity(TimelineError):
    """No entity (or source) with that id in the store."""


class StoreError(TimelineError):
    """The store cannot be opened or read."""


class UnknownName(UnknownEntity):
    """An id or a field path asked for that is not on record, with the closest that are."""

    def __init__(self, kind: str, given: str, matches: list[str], listed: str = "") -> None:
        """``listed``: what there is, in words (``fields are: ...``), told after the matches."""
        self.kind, self.given, self.matches = kind, given, matches
        words = [f"no {kind} {given!r}" + ("" if kind == "field" else " in the store")]
        if matches:
            words.append(f"did you mean {' or '.join(repr(m) for m in matches)}?")
        text = "; ".join(words)
        if listed:
            text += f" {listed[0].upper()}{listed[1:]}" if matches else f"; {listed}"
        super().__init__(text)


class UnknownField(UnknownName):
    """A field path the entity's state has never had."""

    def __init__(self, given: str, matches: list[str], listed: str = "") -> None:
        super().__init__("field", given, matches, listed)


class NoStore(StoreError):
    """Nothing is stored at that location: reading it would create an empty store."""


class SettingError(TimelineError):
    """An environment variable with a value outside what it may take."""
