"""The generator's documents, longer quotes and notes: what makes its files cost what real ones do.

Real event files (the shipped seeds) cite sources that ship their text beside the file,
and every quote is checked word for word against it on ingest; their quotes run to two
sentences and their notes say how a date was inferred. A source's document here is
every quote that cites it, in the order written, between sentences of the article's
own: written once the facts are, from quotes spilled to a few bucket files on the way,
so memory stays flat at a million events. Standard library only.
"""

from __future__ import annotations

import json
import random
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

BUCKETS = 64
# Sentences an article holds besides what the facts quote: its length, as a real one.
FILLER = [
    "The figures could not be independently confirmed, and the company declined to comment "
    "on its plans beyond what it announced.",
    "Investors in the sector have grown more selective this year, favouring companies with "
    "revenue over those with only a research agenda.",
    "Several of the deals described here were first reported by local outlets, whose accounts "
    "differ on the dates and, in places, on the amounts.",
    "Regulators on both sides of the Atlantic have said they are watching partnerships between "
    "large technology groups and younger companies.",
    "Analysts contacted for this article said the valuations quoted were in line with recent "
    "rounds, though none would give a figure on the record.",
]
# Context a quote often carries: a second sentence, in the words of the article.
CONTEXT = [
    "The company, which employs about {n} people, said the money would go to hiring engineers "
    "and to its expansion outside {city}, where most of its staff still work, and that it was "
    "not planning to raise again this year.",
    "{name} was founded in {year} and is based in {city}; it did not say how much it had raised "
    "in total, nor at what valuation, and its earlier backers did not reply to requests for "
    "comment before publication.",
    "A person familiar with the matter, who asked not to be named because the talks were "
    "private, said they had lasted several months before the terms were agreed by both boards.",
    "The announcement comes weeks after a rival said it was preparing a similar move in the "
    "same market, where customers have so far been slow to commit to long contracts with "
    "younger suppliers.",
    'In a statement, {name} said it would share more details "in the coming weeks", without '
    "giving a date, and added that the agreement did not change its plans for its own products "
    "in {city} or elsewhere.",
]
NOTES = [
    'Date inferred from the article\'s "last spring": some day of March to May, so the '
    "interval; the article gives no day.",
    "The source gives no day; the month is from its headline, and the report's own date is "
    "its publication, whose hour is an estimate.",
    'Amount as written, "about" in the source: kept approximate; the figure in the other '
    "currency is the source's own, not converted.",
    "Reported years later, in a profile of the company; the date is the profile's, which does "
    "not say how it knows it.",
    "The article names the investor only by its fund; the entity is the firm that manages it.",
    "Two outlets give different amounts; this is the one the later article attributes to a filing.",
]


def context(rng: random.Random, name: str, city: str, year: str) -> list[str]:
    """0 to 3 sentences of context after a fact's own quote: 1.7 quotes an event on average,
    as in the seeds."""
    r = rng.random()
    count = 0 if r < 0.45 else 1 if r < 0.85 else 2 if r < 0.96 else 3
    picks = rng.sample(CONTEXT, count)
    n = 10 * (2 + int(rng.random() * 60))
    return [s.format(n=n, city=city, name=name, year=year) for s in picks]


def note(rng: random.Random) -> str | None:
    """Two facts in three carry the analyst's note, as in the seeds."""
    return rng.choice(NOTES) if rng.random() < 0.62 else None


class Documents:
    """Quotes spilled by source, then written as one document per documented source."""

    def __init__(self, mix: Callable[[int], int], salt: int, share: float) -> None:
        self.mix, self.salt, self.cut = mix, salt, int(share * 1000)
        self.folder = Path(tempfile.mkdtemp(prefix="timeline-gen-"))
        self.buckets = [(self.folder / f"{b}").open("w", encoding="utf-8") for b in range(BUCKETS)]

    def name(self, k: int) -> str | None:
        """The document source ``k`` ships, if it ships one (about ``share`` of them)."""
        if self.mix(self.salt ^ k) % 1000 >= self.cut:
            return None
        return f"doc-{k:06d}.txt"

    def quoted(self, k: int, quotes: list[str]) -> None:
        if self.name(k) is not None:
            self.buckets[k % BUCKETS].write(json.dumps([k, quotes]) + "\n")

    def write(self, out: Path, sources: int) -> None:
        """Every documented source's text into ``out``; a source no fact cites gets its
        article's own sentences."""
        for handle in self.buckets:
            handle.close()
        try:
            for b in range(BUCKETS):
                said: dict[int, dict[str, None]] = {}
                with (self.folder / f"{b}").open(encoding="utf-8") as lines:
                    for line in lines:
                        k, quotes = json.loads(line)
                        said.setdefault(k, {}).update(dict.fromkeys(quotes))
                for k in range(b, sources, BUCKETS):
                    name = self.name(k)
                    if name is not None:
                        (out / name).write_text(_text(k, list(said.get(k, ()))), "utf-8")
        finally:
            shutil.rmtree(self.folder)


def _text(k: int, quotes: list[str]) -> str:
    """Paragraphs of a few quotes each, with the article's own sentences between them."""
    rng = random.Random(k)
    paragraphs = []
    for i in range(0, max(len(quotes), 1), 3):
        paragraphs.append(" ".join([*quotes[i : i + 3], rng.choice(FILLER)]))
    paragraphs.append(" ".join(rng.sample(FILLER, 3)))
    return "\n".join(paragraphs) + "\n"
