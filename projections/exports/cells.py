"""What a csv cell may hold: never a formula for a spreadsheet, never a control character.

A spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` as a
formula (``=HYPERLINK(...)`` from a hostile source would be a link, or worse),
and some take a leading TAB or CR the same way. As OWASP advises for CSV
injection, such a cell is written with a leading ``'``, which the spreadsheet
shows as text; ``--csv-raw`` leaves cells as stored, for programs. Control
characters are written as their escapes (``\\x1b``) in either case, line
breaks excepted (a cell of several quotes keeps one a line).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from company_timeline.domain.text import printable_lines

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: str, raw: bool = False) -> str:
    """``value`` as a csv cell: shown as text by a spreadsheet, unless ``raw``."""
    quoted = "'" + value if not raw and value.startswith(FORMULA_START) else value
    return printable_lines(quoted)


class SafeRows:
    """A ``csv.writer`` whose every cell goes through ``spreadsheet_cell``."""

    def __init__(self, writer: Any, raw: bool = False) -> None:
        self._writer, self._raw = writer, raw

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([spreadsheet_cell(str(cell), self._raw) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)
