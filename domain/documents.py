"""Sources' documents, and the quotes checked word for word against them.

A source registered with a document keeps the document's text in its stream
(``Source.DocumentStored``), so a quote is checked whether the document ships
beside the file being ingested or was stored by an earlier ingest. A quote of
a source without a document cannot be checked: it is stored, and shown as
unverified.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from . import parsers as f
from .aggregates import new_document, sha256_of
from .errors import InputError, TimelineError

if TYPE_CHECKING:  # reading files is for ingest alone: other commands skip YAML's import
    from .drafts import Catalog, Draft, Plan
    from .yamlnodes import Node

# A document's text is stored in one event; an article is some kilobytes, a book a few MB.
MAX_DOCUMENT_BYTES = 16 << 20


def read_document(node: Node, folder: Path) -> tuple[str | None, str | None]:
    """The document's name and text: carried in the file (``document_text``, as an
    export to stdout writes it), or read from the event file's own folder and nowhere else."""
    name = node.take("document", f.text)
    carried = node.take("document_text", _carried_text)
    if name is None:
        if carried is not None:
            raise node.error("document_text", "needs `document`: the name its text is kept under")
        return None, None
    if name in (".", "..") or "/" in name or "\\" in name or not name.isprintable():
        raise node.error(
            "document",
            f"{name!r} is not a file name: documents are read from the event file's own "
            "folder, named without a path",
        )
    if carried is not None:
        return name, carried
    path = folder / name
    try:
        if not path.is_file():
            raise node.error("document", f"{name!r} is not a file beside {node.file}")
        if path.resolve().parent != folder.resolve():
            raise node.error("document", f"{name!r} links to a file outside {node.file}'s folder")
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            limit = MAX_DOCUMENT_BYTES >> 20
            raise node.error("document", f"{name!r} is over the limit of {limit} MiB a document")
        data = path.read_bytes()
    except (OSError, RuntimeError) as e:  # RuntimeError: a loop of links, before Python 3.13
        raise node.error("document", f"cannot read {name!r}: {e}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        message = f"{name!r} is not UTF-8 text: byte 0x{data[e.start]:02x} at offset {e.start}"
        raise node.error("document", message) from None
    if "\x00" in text:
        raise node.error("document", f"{name!r} is not text: it holds NUL bytes")
    return name, text


def _carried_text(value: object) -> str:
    """A document's text given in the event file itself, kept exactly as written."""
    if not isinstance(value, str) or not value:
        raise TimelineError("expected the document's text")
    if len(value.encode("utf-8", "surrogatepass")) > MAX_DOCUMENT_BYTES:
        raise TimelineError(f"over the limit of {MAX_DOCUMENT_BYTES >> 20} MiB a document")
    if "\x00" in value:
        raise TimelineError("not text: it holds NUL bytes")
    return f.unicode(value)


def plan_documents(sources: list[Draft], facts: list[Draft], catalog: Catalog, plan: Plan) -> None:
    """The documents to store with a batch's ``sources``, and the sources whose quotes are
    checked; refuses a quote of ``facts`` that its source's document does not hold."""
    texts = _texts(sources, catalog, plan)
    names = {d.id: d.values["document"] for d in sources}
    names.update({slug: s.document for slug, s in catalog.sources.items()})
    squashed: dict[str, str] = {}
    for fact in facts:
        slug = fact.values["source"]
        name = names.get(slug)
        if name is None:
            continue  # a source without a document: its quotes stay unverified
        if slug not in texts:
            raise fact.node.error(
                "source",
                f"source {slug!r} names the document {name!r}, whose text this store does not "
                "hold (it was registered by an earlier version): ingest once more a file that "
                "gives the source with its document beside it",
            )
        document = squashed.get(slug) or squashed.setdefault(slug, squash(texts[slug]))
        for quote in fact.values["quotes"]:
            if squash(quote) not in document:
                raise fact.node.error("quote", f"not found word for word in the source: {quote!r}")
        plan.documented.add(slug)


def _texts(sources: list[Draft], catalog: Catalog, plan: Plan) -> dict[str, str]:
    """Each source's document text; the plan appends the new ones: a new source's, or the
    text a source registered by an earlier version lacks, when its file ships it again."""
    texts = {slug: d.text for slug, d in catalog.documents.items() if d.text is not None}
    given: dict[str, Draft] = {}
    for draft in sources:
        text = draft.document
        if text is None:
            continue
        first = given.setdefault(draft.id, draft)
        stored = catalog.documents.get(draft.id)
        if stored is not None and stored.sha256 is not None:
            if stored.sha256 != sha256_of(text):
                raise _changed(
                    draft, "the one stored for this source; stored documents never change"
                )
            plan.unchanged += first is draft
        elif first is not draft:
            if first.document != text:
                raise _changed(draft, f"the one given at {first.node.file}:{first.node.line}")
        else:
            version = 1 if stored is None else stored.version
            name = draft.values["document"]
            plan.documents.append(new_document(draft.id, version + 1, name, text))
            texts[draft.id] = text
    return texts


def _changed(draft: Draft, other: str) -> InputError:
    name = draft.values["document"]
    return draft.node.error("document", f"{name!r} is not the same text as {other}")


def squash(text: str) -> str:
    """Text with its runs of white space made one space: line breaks are not words."""
    return re.sub(r"\s+", " ", text).strip()
