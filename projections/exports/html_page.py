"""``--format html``: one self-contained page for people, with a timeline to explore.

The page holds its data as JSON and its own script and style inline. Its
Content-Security-Policy lets only that script and that style run (named by
their hashes) and forbids every request, so it works from file:// and calls
nowhere. What it shows is folded and worded in Python (``html_data``); the
script only draws it, inserting text as text.
"""

from __future__ import annotations

import base64
import hashlib
import json
from html import escape
from importlib.resources import files
from typing import Any, TextIO

from company_timeline.domain.text import printable, printable_lines

from .html_data import page_data
from .pipeline import Export

FILES = ("timeline.html",)
UNIT = "entities"

# Colours for the declared fact types, in declaration order; the first six as before.
PALETTE = (
    "#0f766e", "#1d4ed8", "#92400e", "#15803d", "#7e22ce", "#c2410c", "#be185d", "#0369a1",
    "#4d7c0f", "#a16207", "#6d28d9", "#b91c1c", "#0e7490", "#9d174d", "#3f6212", "#1e3a8a",
)  # fmt: skip

# In a <script> block, JSON must not hold "</script" or "<!--"; U+2028/2029 end
# lines in older JavaScript. Escaped, they still parse to the same strings.
# (str.replace, one character at a time: far quicker than translate on megabytes.)
_SCRIPT_SAFE = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def script_safe(text: str) -> str:
    for raw, escaped in _SCRIPT_SAFE:
        text = text.replace(raw, escaped)
    return text


def write(export: Export, name: str, out: TextIO) -> int:
    data = _shown(page_data(export))
    script, style = _asset("html_page.js"), _asset("html_page.css") + _colours(data["legend"])
    policy = "; ".join(
        [
            "default-src 'none'",
            f"script-src '{_sha256(script)}'",
            f"style-src '{_sha256(style)}'",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    # printable: a stored name's control characters shown as escapes, in the tab's title too
    title = printable(_title([e["name"] for e in data["entities"]], data["head"]["valid_at"]))
    out.write(
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{escape(policy)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        '<link rel="icon" href="data:,">\n'
        f"<style>{style}</style>\n</head>\n<body>\n"
        f"{DEFS}"
        f'<header class="page-head">\n<h1>{escape(title)}</h1>\n'
        f'<p class="lede">{LEDE}</p>\n{_head(data)}</header>\n'
        f"{_controls(data)}{_legend(data['legend'])}{FINDER}"
        '<main id="entities" aria-live="polite"></main>\n'
        '<nav class="pager" id="pager" aria-label="Pages of entities"></nav>\n'
        f"{PANEL}"
        "<noscript><p>This page draws its timeline with JavaScript; "
        "the data is in the timeline-data block of its source.</p></noscript>\n"
        '<script type="application/json" id="timeline-data">'
        f"{script_safe(blob)}</script>\n"
        f"<script>{script}</script>\n</body>\n</html>\n"
    )
    return len(data["entities"])


def _shown(value: Any) -> Any:
    """Every text of the page's data as people are shown it: control characters (a
    right-to-left override, an escape) written as escapes, line breaks kept."""
    if isinstance(value, str):
        return printable_lines(value)
    if isinstance(value, dict):
        return {k: _shown(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shown(v) for v in value]
    return value


def _asset(name: str) -> str:
    text = files(__package__).joinpath(name).read_text(encoding="utf-8")
    closing = "</script" if name.endswith(".js") else "</style"
    if closing in text.lower():  # it would end its own block early
        raise ValueError(f"{name} must not contain {closing}")
    return text


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def _title(names: list[str], day: str) -> str:
    if not names:
        return f"Timeline on {day}: nothing on record"
    shown = names if len(names) <= 4 else [*names[:3], f"{len(names) - 3} more"]
    listed = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"
    return f"Timeline of {listed}, on {day}"


def _head(data: dict[str, Any]) -> str:
    """The export's head: its schema, the arguments asked, the events it was made from.
    The knowledge time and the events known follow the page's control (``head-*`` ids)."""
    head = data["head"]
    args = head["arguments"]
    shown, others = len(data["entities"]), len(data["others"])
    entities = ", ".join(args["entities"]) or "all on record"
    if others:
        entities += f" ({shown} best documented of {shown + others} shown: --entity ID for others)"
    step = data["steps"][data["default"]]
    rows = [
        (
            "State on",
            f"{head['valid_at']}" + ("" if args["at"] else " (the last day on record)"),
            "",
        ),
        ("As known at", step["label"] if step["known"] else "everything known", "head-known"),
        ("As recorded by", args["as_recorded_at"] or "everything recorded", ""),
        ("Entities", entities, ""),
        ("Events known", str(step["count"]), "head-events"),
        ("Schema", f"{head['schema']}, format {head['format']}", ""),
    ]
    items = "".join(
        f"<div><dt>{escape(k)}</dt><dd{_id(i)}>{escape(v)}</dd></div>" for k, v, i in rows
    )
    return f'<dl class="head" id="export-head">{items}</dl>\n'


def _id(name: str) -> str:
    return f' id="{name}"' if name else ""


def _controls(data: dict[str, Any]) -> str:
    options = "".join(
        f'<option value="{escape(step["known"] or "everything")}"'
        f"{' selected' if i == data['default'] else ''}>{escape(step['label'])}</option>"
        for i, step in enumerate(data["steps"])
    )
    return (
        '<nav class="controls" aria-label="Knowledge time">\n'
        '<label for="known">As known at</label>\n'
        '<button type="button" id="earlier" aria-label="Earlier knowledge">&#9664;</button>\n'
        f'<select id="known">{options}</select>\n'
        '<button type="button" id="later" aria-label="Later knowledge">&#9654;</button>\n'
        '<span id="step-note"></span>\n</nav>\n'
    )


LEDE = (
    "What the record says along valid time, and what was known when. "
    "Choose a knowledge time to see the page as it could be written then; "
    "click an event, or focus it and press Enter, for its quotes, its source and its three times."
)

# Shared by every drawing: a hatch for uncertain spans, fades for open ends, an arrow for links.
DEFS = """<svg class="defs" aria-hidden="true" focusable="false" width="0" height="0"><defs>
<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" \
patternTransform="rotate(45)"><rect width="2" height="6" fill="#fff" fill-opacity=".55"/></pattern>
<linearGradient id="fade-l"><stop offset="0" stop-color="#000"/>\
<stop offset=".6" stop-color="#fff"/></linearGradient>
<linearGradient id="fade-r"><stop offset=".4" stop-color="#fff"/>\
<stop offset="1" stop-color="#000"/></linearGradient>
<mask id="open-start" maskContentUnits="objectBoundingBox">\
<rect width="1" height="1" fill="url(#fade-l)"/></mask>
<mask id="open-end" maskContentUnits="objectBoundingBox">\
<rect width="1" height="1" fill="url(#fade-r)"/></mask>
<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" \
orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" class="arrow-head"/></marker>
</defs></svg>
"""


def _sample(shape: str) -> str:
    box = 'viewBox="0 0 44 16" width="44" height="16" aria-hidden="true"'
    return f'<svg class="sample" {box}>{shape}</svg>'


_DOT = '<circle cx="22" cy="8" r="5" class="dot t-{}"/>'
_SPAN = '<rect x="2" y="3" width="40" height="10" rx="5" class="span t-funding_round"/>'
SHAPES = [
    ('<circle cx="22" cy="8" r="5" class="dot t-funding_round"/>', "happened on that day"),
    (
        _SPAN.replace('class="span', 'class="span coarse')
        + '<rect x="2" y="3" width="40" height="10" rx="5" class="hatch"/>',
        "some day in the span (month, year, approximate ~ ? %, interval): uncertain",
    ),
    (
        '<circle cx="34" cy="8" r="5" class="dot t-funding_round"/>'
        '<path d="M28,8H6M11,4L5,8L11,12" class="open-end"/>',
        "open end: on or before the day shown (or on or after it)",
    ),
    (
        '<path d="M6,8L12,2L18,8L12,14z" class="amend"/>'
        '<path d="M19,8H42" class="link" marker-end="url(#arrow)"/>',
        "correction or retraction, on the day reported, pointing to what it amends",
    ),
    (
        '<circle cx="22" cy="8" r="5" class="dot t-funding_round"/>'
        '<path d="M10,8H34" class="strike"/>',
        "retracted: still on the record, no longer counted",
    ),
    ('<path d="M22,0V16" class="asked"/>', "the date asked"),
    ('<path d="M22,0V16" class="knew"/>', "the knowledge time shown"),
]


def _legend(kinds: list[list[str]]) -> str:
    """The marks, then a colour for every declared fact type."""
    items = [*SHAPES, *((_DOT.format(escape(k)), words) for k, words in kinds)]
    shown = "".join(f"<li>{_sample(shape)}<span>{escape(w)}</span></li>" for shape, w in items)
    return (
        f'<section class="legend" aria-label="Legend"><h2>Legend</h2><ul>{shown}</ul></section>\n'
    )


def _colours(kinds: list[list[str]]) -> str:
    rules = (
        f".t-{kind} {{ --c: {PALETTE[i % len(PALETTE)]}; }}"
        for i, (kind, _) in enumerate(kinds)
        if kind.replace("_", "").isalnum()  # a declared name; never CSS of its own
    )
    return "\n/* One colour per declared fact type (html_page.py). */\n" + "\n".join(rules) + "\n"


FINDER = """<section class="finder" aria-label="Find an entity">
<label for="find">Find an entity</label>
<input type="search" id="find" autocomplete="off" placeholder="name or id">
<p id="find-note" aria-live="polite"></p>
</section>
"""

PANEL = """<aside id="panel" class="panel" hidden role="dialog" aria-labelledby="panel-title">
<button type="button" class="close" id="panel-close" aria-label="Close the details">&#215;</button>
<p class="kicker" id="panel-kicker"></p>
<h2 id="panel-title" tabindex="-1"></h2>
<p class="badges" id="panel-badges"></p>
<h3>Quoted from the source</h3><div id="panel-quotes"></div>
<h3>Three times</h3><dl id="panel-times"></dl>
<h3>Source</h3><dl id="panel-source"></dl>
<div id="panel-note"></div>
</aside>
"""
