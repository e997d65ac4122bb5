"""Text that is safe to print: no character in it can drive the terminal.

A company name, a quote or a file name can hold ANSI escapes (clear the
screen, rewrite the title, make a link), a carriage return that overwrites
the line, or a right-to-left override that shows text in another order than
it is stored. Printed for people, each such character is written as its
Python escape (``\\x1b``, ``\\u202e``) instead: visible, and unable to act.
"""

from __future__ import annotations

import re

# C0 (line breaks too: a message is one line), DEL and C1; the bidirectional
# marks, embeddings, overrides and isolates; the Unicode line separators.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with every control character written as its escape (``\\x1b``, ``\\u202e``)."""
    if _UNSAFE.search(text) is None:  # the usual case, and the cheap one
        return text
    return _UNSAFE.sub(_escape, text)


def _escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable_lines(text: str) -> str:
    """``printable`` for text of many lines: its line breaks are kept, all else escaped."""
    return "\n".join(printable(line) for line in text.split("\n"))


# What JSON leaves raw (it escapes only C0) but a terminal or an editor acts on.
_RAW_IN_JSON = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)


def json_escaped(text: str) -> str:
    """JSON text with those characters written as ``\\uXXXX``: the same JSON value."""
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
