"""Exports of projections, one module per format.

A format is a module with ``FILES`` (the file names it writes into a folder;
one for most formats) and ``write(export, name, out)``. Adding a format is a
new module and one line here; the ``timeline export`` command, the head every
export carries and the atomic file writing (``base.py``) serve every format.
This file imports nothing, so the command can offer the formats without
loading them.
"""

FORMATS = {
    "json": "json_at",
    "jsonl": "jsonl_at",
    "csv": "csv_tables",
    "md": "markdown",
    "html": "html_page",
    "events": "event_file",
    "timelinejs": "timelinejs",
    "prov": "prov_json",
    "sqlite": "sqlite_db",
}
