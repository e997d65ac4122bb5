"""What ingest works on: drafts read from files, the batch they make, what the store
already holds of them (the catalog) and what is to be appended (the plan).

Types only, below the modules that read files (eventfile), check documents and
identifiers (documents, identifiers) and plan a batch (batch), so none of those
import each other in a circle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .aggregates import Source
from .events import Fact, fingerprint_of, told_verified
from .facttypes import REGISTRY

if TYPE_CHECKING:  # reading YAML is for ingest alone: other commands skip its import
    from .yamlnodes import Where


@dataclass(frozen=True)
class StoredDocument:
    """What the store holds of a source registered with a document."""

    sha256: str | None  # None, and no text: stored by a version that did not keep documents
    text: str | None
    version: int  # the last version of the source's stream


@dataclass
class Draft:
    """A source, entity or fact read from a file, not yet stored."""

    kind: str | type[Fact]
    values: dict[str, Any]
    node: Where  # its place in the file, for errors; the file's text is not kept
    document: str | None = None
    # An entity's identifiers, and where they were written: stored apart from its
    # registration (identifiers.py), so they are not among its values.
    identifiers: dict[str, str] = field(default_factory=dict)
    identifiers_at: Where | None = None

    @property
    def id(self) -> str:
        return str(self.values.get("slug") or self.values["fact_id"])

    @property
    def type_name(self) -> str:
        """ "source", "entity", or the fact's type name (``funding_round``): never a class's."""
        return self.kind if isinstance(self.kind, str) else REGISTRY.name_of(self.kind)

    def fingerprint(self) -> str:
        return fingerprint_of(self.type_name, self.values)


@dataclass
class Batch:
    sources: list[Draft] = field(default_factory=list)
    entities: list[Draft] = field(default_factory=list)
    facts: list[Draft] = field(default_factory=list)

    def extend(self, other: Batch) -> None:
        self.sources += other.sources
        self.entities += other.entities
        self.facts += other.facts


@dataclass
class Catalog:
    """What the store holds of a batch's ids: each with its kind and fingerprint."""

    sources: dict[str, Source.Registered] = field(default_factory=dict)
    entities: dict[str, str] = field(default_factory=dict)
    facts: dict[str, tuple[str, type[Fact], str]] = field(default_factory=dict)
    # Facts not stored yet that a stored amendment names, with the entity it gives them.
    claims: dict[str, str] = field(default_factory=dict)
    # Stored sources registered with a document, and the stored amendments' targets
    # that the batch's amendments lead to (to refuse a cycle of amendments).
    documents: dict[str, StoredDocument] = field(default_factory=dict)
    targets: dict[str, str] = field(default_factory=dict)
    identifiers: dict[tuple[str, str], str] = field(default_factory=dict)  # (entity, scheme)


@dataclass
class Plan:
    sources: list[dict[str, Any]] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)
    facts: list[tuple[type[Fact], dict[str, Any]]] = field(default_factory=list)
    documents: list[Source.DocumentStored] = field(default_factory=list)  # ready to append
    identifiers: dict[str, dict[str, str]] = field(default_factory=dict)  # by entity: new ones
    documented: set[str] = field(default_factory=set)  # sources whose quotes were checked
    unchanged: int = 0
    appended: list[Any] = field(default_factory=list)  # the events, once stored

    def checked(self, event: Any) -> Any:
        """A stored event, a fact with ``Fact.verified`` told, as reading it back tells it."""
        return told_verified(event, getattr(event, "source", None) in self.documented)
