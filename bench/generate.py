#!/usr/bin/env python3
"""Write realistic event files (``timeline/1``) for benchmarks, reproducible from a seed.

    python bench/generate.py --events 100000 --seed 1 --format yaml --out /tmp/bench
    python bench/generate.py --events 1000000 --format jsonl --files 8 --big-entity 1000 --out D

Companies live realistic lives: founded (often only to the month or year), funding
rounds in several currencies from a shared pool of investors, products, partnerships
with other generated companies, regulators' statements and scrutiny, stakes, and
corrections and retractions reported later, often through a source's revision.
Facts are backfilled (reported months or years after they happened) and written
out of date order. ``--big-entity F`` adds a quiet company of F facts (launches and
deals), ``--busy-entity F`` a busy one (30% rounds, 15% corrections, headcounts,
valuations), for ``history`` and the other questions on one entity.

Shaped as the shipped seeds: ``python bench/shares.py seeds/*.yaml FILES`` measures
both, and bench/run.py prints both in its header. Seeds (24 events) / generated
(10,000 events, seed 1):

- quotes an event 1.7 / 1.8; quote characters an event 223 / 210;
- events citing a source that ships its document (quotes checked word for word on
  ingest, the document stored in the log) 92% / 91%; a document 2.8 KB / 5.1 KB (a
  source is cited by about 20 facts here, by 2 to 13 in the seeds);
- corrections 4.2% / 3.9%; retractions 0% / 0.8% (none in 24 events; a few are kept
  so their path is measured);
- valid times not one certain day (month, year, interval, approximate, open) 52% / 57%;
- events naming an entity in a role (investors, holders, partners, regulators,
  parties) 54% / 48%, 0.7 / 0.9 entities an event; events with a note 67% / 61%.

The same seed writes the same facts whatever the format or the number of files.

Standard library only, and it never imports ``timeline``: it stays fast (one
million events in seconds) and usable on any checkout. Memory stays flat: facts are
generated a few companies at a time and written as they come. Sources and entities
are derived from their index by hashing, so nothing of them is kept either; the
documents (``doc-NNNNNN.txt`` beside the files) are written last, from quotes spilled
to bucket files on the way (bench/gendocs.py).

The format is ``docs/event-files.md``. Every string is written double-quoted
(``encode_basestring`` output is also a valid YAML double-quoted scalar), so a quote
holding ``:``, ``#`` or ``"`` stays text.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from bisect import bisect_left
from collections.abc import Callable, Iterator
from datetime import date
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

import gendocs

FORMAT = "timeline/1"
M64 = (1 << 64) - 1

BASE = date(1996, 1, 1).toordinal()  # day tables start here, on a January 1st
FOUNDED_FROM = date(1998, 1, 1).toordinal()
FOUNDED_TO = date(2023, 6, 30).toordinal()
VALID_TO = date(2025, 3, 31).toordinal()  # the last day a generated fact happens
SOURCES_FROM = date(1998, 3, 1).toordinal()
SOURCES_TO = date(2025, 9, 30).toordinal()
TABLES_TO = date(2026, 12, 31).toordinal()
SPAN = SOURCES_TO - SOURCES_FROM + 1


def mix(x: int) -> int:
    """splitmix64: a well-spread 64-bit hash, for things derived from an index."""
    x = (x + 0x9E3779B97F4A7C15) & M64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & M64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & M64
    return x ^ (x >> 31)


# --- calendar: EDTF text for any day, by table lookup ---------------------------------

DAY: list[str] = []  # ISO text of day BASE + i
MONTH_OF: list[int] = []  # month number (0 = January 1996) of day BASE + i
MONTH_TEXT: list[str] = []
MONTH_FIRST: list[int] = []
MONTH_LAST: list[int] = []


def _build_calendar() -> None:
    for o in range(BASE, TABLES_TO + 1):
        d = date.fromordinal(o)
        DAY.append(d.isoformat())
        m = (d.year - 1996) * 12 + d.month - 1
        if m == len(MONTH_TEXT):
            MONTH_TEXT.append(d.isoformat()[:7])
            MONTH_FIRST.append(o)
            MONTH_LAST.append(o)
        MONTH_LAST[m] = o
        MONTH_OF.append(m)


_build_calendar()


def year_span(m: int, before: int = 0, after: int = 0) -> tuple[int, int]:
    first = m - m % 12
    return MONTH_FIRST[first - 12 * before], MONTH_LAST[first + 11 + 12 * after]


def valid_any(rng: random.Random, d: int) -> tuple[str, int | None, int]:
    """Day d written at a realistic precision: (EDTF text, earliest day, latest day)."""
    r = rng.random()
    if r < 0.45:
        return DAY[d - BASE], d, d
    m = MONTH_OF[d - BASE]
    if r < 0.70:
        return MONTH_TEXT[m], MONTH_FIRST[m], MONTH_LAST[m]
    if r < 0.77:
        lo, hi = year_span(m)
        return str(1996 + m // 12), lo, hi
    if r < 0.83:
        mark = "~" if r < 0.815 else "?"
        return MONTH_TEXT[m] + mark, MONTH_FIRST[m - 1], MONTH_LAST[m + 1]
    if r < 0.91:
        a, b = m - rng.randrange(4), m + 1 + rng.randrange(4)
        return f"{MONTH_TEXT[a]}/{MONTH_TEXT[b]}", MONTH_FIRST[a], MONTH_LAST[b]
    if r < 0.95:
        a, b = d - 1 - rng.randrange(20), d + 1 + rng.randrange(20)
        return f"{DAY[a - BASE]}/{DAY[b - BASE]}", a, b
    b = d + rng.randrange(60)
    return f"../{DAY[b - BASE]}", None, b


def valid_founding(rng: random.Random, d: int) -> tuple[str, int | None, int]:
    """Foundings are often known only to the month or the year."""
    r = rng.random()
    m = MONTH_OF[d - BASE]
    if r < 0.2:
        return DAY[d - BASE], d, d
    if r < 0.55:
        return MONTH_TEXT[m], MONTH_FIRST[m], MONTH_LAST[m]
    if r < 0.85:
        lo, hi = year_span(m)
        return str(1996 + m // 12), lo, hi
    if r < 0.95:
        return MONTH_TEXT[m] + "~", MONTH_FIRST[m - 1], MONTH_LAST[m + 1]
    lo, hi = year_span(m, 1, 1)
    return f"{1996 + m // 12}~", lo, hi


# --- the world: names, places, outlets, regulators -----------------------------------


def words(text: str) -> list[str]:
    return text.split()


FIRST_NAMES = words(
    "Anna Arthur Camille Chen Daniel Elena Fatima Guillaume Hana Ines Jonas Karim Lea "
    "Léa Lukas Łukasz Maria Mateo Nadia Noah Olga Priya Rahul Sofia Søren Timothée "
    "Yuki Zoë"
)
LAST_NAMES = words(
    "Almeida Bauer Bernard Chen Dubois Eriksson García Haddad Ivanova Kowalski "
    "Lacroix Lample Mensch Müller Nakamura Novak O'Brien Patel Rossi Schmidt Silva "
    "Smith Tanaka Weber Yılmaz"
)
SYLLABLES_A = words(
    "Lu Mar Ver Quan Ae Zen Ori Nov Tal Bri Kai Sol Fen Hex Ly Om Pra Vel Xan Yo Cor Dra Eli Fjor"
)
SYLLABLES_B = words("ma ri no la ve xi te do ka si be ru")
SYLLABLES_C = words("ra on ia ex ly io is al um ico a en")
NAME_WORDS = ["", "", "", " AI", " Labs", " Health", " Pay", " Robotics", " Energy", " Bio"]
# city, country, home currency
PLACES = [
    ("Paris", "FR", "EUR"),
    ("Berlin", "DE", "EUR"),
    ("Munich", "DE", "EUR"),
    ("Amsterdam", "NL", "EUR"),
    ("Lisbon", "PT", "EUR"),
    ("Barcelona", "ES", "EUR"),
    ("Helsinki", "FI", "EUR"),
    ("London", "GB", "GBP"),
    ("Cambridge", "GB", "GBP"),
    ("Zürich", "CH", "CHF"),
    ("San Francisco", "US", "USD"),
    ("New York", "US", "USD"),
    ("Austin", "US", "USD"),
    ("Toronto", "CA", "USD"),
    ("Tel Aviv", "IL", "USD"),
    ("Bangalore", "IN", "USD"),
    ("Singapore", "SG", "USD"),
    ("São Paulo", "BR", "USD"),
    ("Kraków", "PL", "EUR"),
    ("Stockholm", "SE", "EUR"),
]
USD_PER = {"USD": 1.0, "EUR": 1.1, "GBP": 1.27, "CHF": 1.12}
SYMBOL = {"USD": "$", "EUR": "€", "GBP": "£", "CHF": "CHF "}
INVESTOR_A = words(
    "Northwind Blue Harbor Granite Atlas Beacon Summit Cedar Meridian Aurora Redwood "
    "Lighthouse Kestrel Silverline Octave Polar Tidal Evergreen Fjord Sierra Helix"
)
INVESTOR_B = ["Capital", "Ventures", "Partners", "Growth", "Fund", "Investments", "& Co."]
REGULATORS = [
    ("european-commission", "European Commission", None),
    ("uk-cma", "Competition and Markets Authority", "GB"),
    ("uk-ico", "Information Commissioner's Office", "GB"),
    ("uk-fca", "Financial Conduct Authority", "GB"),
    ("us-ftc", "Federal Trade Commission", "US"),
    ("us-sec", "Securities and Exchange Commission", "US"),
    ("fr-autorite-concurrence", "Autorité de la concurrence", "FR"),
    ("fr-cnil", "CNIL", "FR"),
    ("de-bundeskartellamt", "Bundeskartellamt", "DE"),
    ("de-bafin", "BaFin", "DE"),
    ("nl-acm", "Autoriteit Consument & Markt", "NL"),
    ("ie-dpc", "Data Protection Commission", "IE"),
]
# slug, name, language, UTC offset in minutes
OUTLETS = [
    ("techwire", "TechWire", "en", 0),
    ("the-ledger", "The Ledger", "en", -300),
    ("bay-dispatch", "Bay Dispatch", "en", -480),
    ("city-tech-daily", "City Tech Daily", "en", 0),
    ("journal-des-startups", "Le Journal des start-up", "fr", 60),
    ("handelsblick", "Handelsblick", "de", 60),
    ("nordic-ventures", "Nordic Ventures News", "en", 60),
    ("asia-tech-review", "Asia Tech Review", "en", 480),
    ("deal-desk", "Deal Desk", "en", -300),
    ("el-capital", "El Capital Digital", "es", 60),
]
TITLES = {
    "en": [
        "Funding roundup: the week of {d}",
        "Deals #{n}: who raised what",
        "Startups to watch, #{n}",
        "Regulators and rivals: {d}",
        'The "AI" week: rounds, launches and probes',
    ],
    "fr": ["Levées de fonds : la semaine du {d}", "Les deals #{n} : qui a levé quoi"],
    "de": ["Finanzierungsrunden: die Woche vom {d}", "Start-ups im Blick #{n}"],
    "es": ["Rondas de financiación: semana del {d}", "Startups #{n}: quién levantó qué"],
}
LADDER = ["pre_seed", "seed"] + [f"series_{c}" for c in "abcdefghijk"]
ROUND_SIZE = [(0.1, 1.5), (0.5, 8), (4, 40), (15, 120), (40, 300), (80, 600)]  # millions
PRODUCT_WORDS = words("Cloud Pay Assist Studio Vision Edge Care Flow Pilot Core Insight Connect")
CHANNELS = ["App Store", "Google Play", "Azure", "AWS Marketplace", "web", "API", "retail"]
PARTNER_KINDS = ["distribution", "technology", "reseller", "research", "supply", "joint venture"]
SHARES = ["<1%", "1%", "2.5%", "<5%", "5%", "~10%", "12%", ">20%", "<=3%"]
KINDS = ["founded", "funding", "second_report", "product", "partnership", "stake"]
KINDS += ["statement", "scrutiny", "correction", "retraction", "headcount", "valuation"]
# Weights over KINDS (founded comes first, outside the draw). Corrections and retractions
# are about the seeds' share (4.2% and none of 24 events); a few retractions stay, so
# their path is measured.
COMPANY_MIX = [0, 18, 3, 27, 19, 9, 3, 4, 4, 1, 3, 3]
BIG_MIX = [0, 4, 1, 35, 30, 10, 5, 5, 7, 3, 0, 0]  # a quiet company: launches and deals
BUSY_MIX = [0, 28, 2, 4, 4, 4, 2, 2, 15, 2, 19, 18]  # rounds, corrections, headcounts...
DOCUMENTED = 0.93  # of sources ship their text: 92% of the seeds' events cite one that does


def company_name(salt: int, i: int) -> tuple[str, tuple[str, str, str]]:
    h = mix(salt ^ i)
    a, b = SYLLABLES_A[h % 24], SYLLABLES_B[(h >> 8) % 12]
    c, w = SYLLABLES_C[(h >> 16) % 12], NAME_WORDS[(h >> 24) % 10]
    return f"{a}{b}{c}{w}", PLACES[(h >> 32) % len(PLACES)]


def investor_name(i: int) -> str:
    a, b = INVESTOR_A[i % len(INVESTOR_A)], INVESTOR_B[(i // len(INVESTOR_A)) % len(INVESTOR_B)]
    series = i // (len(INVESTOR_A) * len(INVESTOR_B))
    return f"{a} {b}" + (f" {series + 1}" if series else "")


def money(cur: str, value: int, approx: bool = False) -> str:
    return f"{'~' if approx else ''}{cur} {value}"


def money_words(cur: str, value: int) -> str:
    sym = SYMBOL[cur]
    if value >= 1_000_000_000:
        return f"{sym}{value / 1e9:.3g}bn"
    if value >= 1_000_000:
        return f"{sym}{value / 1e6:.3g}m"
    return f"{sym}{value / 1e3:.3g}k"


def roundish(x: float, digits: int = 2) -> int:
    step: int = 10 ** max(0, len(str(int(x))) - digits)
    return max(step, int(x) // step * step)


def round_words(name: str) -> str:
    """``series_b_extension``: "Series B extension"."""
    parts = name.split("_")
    if parts[0] == "series":
        parts[:2] = ["Series", parts[1].upper()]
    return " ".join(parts)


# --- sources: articles derived from their index, in date order -----------------------


class Sources:
    """``count`` articles spread over 1998-2025, the k-th published on day(k)."""

    def __init__(self, seed: int, count: int) -> None:
        self.count = count
        self.salt = mix(seed * 7919 + 1)
        self.documents = gendocs.Documents(mix, mix(seed * 7919 + 3), DOCUMENTED)

    def id(self, k: int) -> str:
        return f"{OUTLETS[mix(self.salt ^ k) % len(OUTLETS)][0]}-{k:06d}"

    def day(self, k: int) -> int:
        return SOURCES_FROM + k * SPAN // self.count

    def first_on(self, day: int) -> int:
        """The first source published on or after ``day``."""
        return max(0, -((SOURCES_FROM - day) * self.count // SPAN))

    def info(self, k: int) -> tuple[int, int, int, int]:
        """(outlet, local minute of day, update delay, correction delay); 0: no revision."""
        h = mix(self.salt ^ k)
        kind = (h >> 20) % 100
        update = 60 + (h >> 28) % 600 if kind < 18 else 0
        correction = 1440 * (1 + (h >> 40) % 45) + (h >> 50) % 600 if 12 <= kind < 28 else 0
        return h % len(OUTLETS), 420 + (h >> 8) % 840, update, correction

    def minute(self, k: int, revision: str | None) -> int:
        """When source k (or its revision) was published, in UTC minutes."""
        outlet, local, update, correction = self.info(k)
        at = self.day(k) * 1440 + local - OUTLETS[outlet][3]
        return at + (update if revision == "update" else correction if revision else 0)

    def stamp(self, utc_minute: int, outlet: int) -> str:
        offset = OUTLETS[outlet][3]
        local = utc_minute + offset
        day, minute = divmod(local, 1440)
        sign, off = ("+" if offset >= 0 else "-"), abs(offset)
        clock = f"{minute // 60:02d}:{minute % 60:02d}:00"
        return f"{DAY[day - BASE]}T{clock}{sign}{off // 60:02d}:{off % 60:02d}"

    def record(self, k: int) -> dict[str, Any]:
        outlet, _, update, correction = self.info(k)
        slug, name, language, _ = OUTLETS[outlet]
        h = mix(self.salt ^ (k << 1))
        titles = TITLES[language]
        day = DAY[self.day(k) - BASE]
        src: dict[str, Any] = {
            "id": self.id(k),
            "title": titles[h % len(titles)].format(d=day, n=k),
            "publisher": name,
            "language": language,
        }
        if (h >> 8) & 3:
            src["url"] = f"https://{slug}.example/{day[:4]}/{day[5:7]}/{k}"
        base = self.minute(k, None)
        src["published"] = self.stamp(base, outlet)
        document = self.documents.name(k)
        if document is not None:
            src["document"] = document
        elif (h >> 10) & 3 == 0:
            src["note"] = "Generated for benchmarks: no document shipped, so quotes go unchecked."
        revisions = []
        if update:
            note = "Adds comment from the company." if h >> 14 & 1 else "Updated: see the end."
            revisions.append({"id": "update", "published": self.stamp(base + update, outlet)})
            revisions[-1]["note"] = note
        if correction:
            revisions.append(
                {
                    "id": "correction",
                    "published": self.stamp(base + correction, outlet),
                    "note": "Corrects an earlier version; see the correction note #1.",
                }
            )
        if revisions:
            src["revisions"] = revisions
        return src


class Feed:
    """Which sources a company's facts may cite: any, in date order."""

    def __init__(self, sources: Sources) -> None:
        self.sources = sources

    def after(self, rng: random.Random, day: int) -> int | None:
        """A source published on or after ``day``: often soon after, often years later."""
        n = self.sources.count
        k0 = self.sources.first_on(day)
        if k0 >= n:
            return None
        if rng.random() < 0.6:
            return min(n - 1, self.sources.first_on(day + int(rng.expovariate(1 / 25))))
        return rng.randint(k0, n - 1)

    def following(self, k: int) -> range:
        return range(k, min(self.sources.count, k + 40))


class Moments(Feed):
    """A fixed set of sources, for the big entity's facts reported at ~F/10 moments."""

    def __init__(self, sources: Sources, ks: list[int]) -> None:
        super().__init__(sources)
        self.ks = ks
        self.days = [sources.day(k) for k in ks]

    def after(self, rng: random.Random, day: int) -> int | None:
        i = bisect_left(self.days, day)
        if i == len(self.ks):
            return None
        return self.ks[i if rng.random() < 0.5 else rng.randrange(i, len(self.ks))]

    def following(self, k: int) -> list[int]:  # type: ignore[override]
        i = bisect_left(self.ks, k)
        return self.ks[i : i + 10]


# --- one company's life ----------------------------------------------------------------


class Target:
    """What an amendment needs to know about an earlier fact of the same entity."""

    __slots__ = ("id", "type", "k", "revision", "minute", "lo", "hi", "data", "key", "root", "last")

    def __init__(
        self,
        fid: str,
        kind: str,
        reported: tuple[int, str | None, int],
        valid: tuple[str, int | None, int] | None,
        data: dict[str, Any],
        key: float,
    ) -> None:
        self.id, self.type, self.data, self.key = fid, kind, data, key
        self.k, self.revision, self.minute = reported  # source, revision, UTC minute
        self.lo: int | None = valid[1] if valid else None
        self.hi: int | None = valid[2] if valid else None
        self.root: Target | None = None  # for a correction: the fact it finally corrects
        self.last = 0  # the UTC minute of its latest amendment so far


class World:
    """Everything shared by the companies: counts, pools, sources."""

    def __init__(self, seed: int, companies: int, investors: int, sources: Sources) -> None:
        self.seed = seed
        self.companies = companies
        self.investors = investors
        self.sources = sources
        self.name_salt = mix(seed * 104729 + 2)
        self.width = max(6, len(str(companies - 1)))

    def company_id(self, i: int) -> str:
        return f"c{i:0{self.width}d}"

    def investor_id(self, j: int) -> str:
        return f"i{j:05d}"

    def some_investor(self, rng: random.Random) -> int:
        return int(self.investors * rng.random() ** 2)  # a few invest often

    def entities(self) -> Iterator[dict[str, Any]]:
        for slug, name, country in REGULATORS:
            yield _drop_none({"id": slug, "name": name, "kind": "regulator", "country": country})
        for j in range(self.investors):
            yield {"id": self.investor_id(j), "name": investor_name(j), "kind": "investor"}
        for i in range(self.companies):
            name, (city, country, _) = company_name(self.name_salt, i)
            yield {
                "id": self.company_id(i),
                "name": name,
                "kind": "company",
                "city": city,
                "country": country,
            }


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


class Life:
    """Exactly ``n`` facts about one company, amendments after the facts they amend."""

    def __init__(
        self,
        world: World,
        rng: random.Random,
        cid: str,
        index: int,
        name: str,
        currency: str,
        feed: Feed,
        founded: int,
        last_day: int,
        round_gap: tuple[int, int],
    ) -> None:
        self.world, self.rng, self.cid, self.index = world, rng, cid, index
        self.name, self.currency, self.feed = name, currency, feed
        self.founded, self.last_day, self.round_gap = founded, last_day, round_gap
        self.events: list[tuple[float, dict[str, Any]]] = []
        self.targets: list[Target] = []  # facts that may be corrected or retracted
        self.corrections: list[Target] = []
        self.rounds: list[Target] = []
        self.retracted: set[str] = set()
        self.counters: dict[str, int] = {}
        self.products: dict[str, int] = {}  # product names used, so none launches twice
        self.founders: list[str] = []
        self.backers: list[str] = []
        self.ladder = 0 if rng.random() < 0.25 else 1
        self.last_round: Target | None = None
        self.city = "Paris"
        self.year = DAY[founded - BASE][:4]

    def live(self, n: int, weights: list[int]) -> list[dict[str, Any]]:
        makers: dict[str, Callable[[], bool]] = {k: getattr(self, k) for k in KINDS}
        cumulative = [sum(weights[: i + 1]) for i in range(len(weights))]
        total = cumulative[-1]
        for slot in range(n):
            if slot == 0 and (n > 1 or self.rng.random() < 0.7) and self.founded_fact():
                continue
            kind = KINDS[bisect_left(cumulative, self.rng.random() * total + 1e-9)]
            if not (makers[kind]() or self.product() or self.partnership() or self.stake()):
                raise RuntimeError(f"{self.cid}: no fact fits (is --sources too small?)")
        self.events.sort(key=lambda e: e[0])
        return [e[1] for e in self.events]

    # -- shared machinery

    def next_number(self, word: str) -> int:
        n = self.counters[word] = self.counters.get(word, 0) + 1
        return n

    def next_id(self, word: str) -> str:
        return f"{self.cid}-{word}-{self.next_number(word)}"

    def day_between(self, lo: int, hi: int) -> int:
        return lo + int((hi - lo) * self.rng.random())

    def report(self, hi: int) -> tuple[int, str | None, int] | None:
        """A source (and maybe its update) published after the day ``hi``."""
        k = self.feed.after(self.rng, hi + 1)
        if k is None:
            return None
        update = self.world.sources.info(k)[2]
        revision = "update" if update and self.rng.random() < 0.3 else None
        return k, revision, self.world.sources.minute(k, revision)

    def amend_report(self, t: Target) -> tuple[int, str | None, int] | None:
        """A report strictly later than ``t`` and its amendments so far: the correction
        of ``t``'s own source, or later news (often through a revision)."""
        sources, rng = self.world.sources, self.rng
        since = t.last or t.minute
        own = sources.minute(t.k, "correction") if sources.info(t.k)[3] else 0
        if own > since and rng.random() < 0.5:
            t.last = own
            return t.k, "correction", own
        day = since // 1440 + 2 + int(rng.expovariate(1 / 90))
        first = self.feed.after(rng, day)
        if first is None:
            return None
        for k in self.feed.following(first):
            _, _, update, correction = sources.info(k)
            if update or correction:
                revision = "correction" if correction else "update"
                t.last = sources.minute(k, revision)
                return k, revision, t.last
        t.last = sources.minute(first, None)
        return first, None, t.last

    def emit(
        self,
        fid: str,
        kind: str,
        own: dict[str, Any],
        valid: tuple[str, int | None, int] | None,
        reported: tuple[int, str | None, int],
        quote: str | list[str],
        data: dict[str, Any] | None = None,
        after: Target | None = None,
    ) -> Target:
        rng = self.rng
        k, revision, _ = reported
        event: dict[str, Any] = {"id": fid, "type": kind, "entity": self.cid, **own}
        if valid is not None:
            event["valid"] = valid[0]
        event["source"] = self.world.sources.id(k)
        if revision:
            event["revision"] = revision
        said = [quote] if isinstance(quote, str) else quote
        if after is None:
            said = said + gendocs.context(rng, self.name, self.city, self.year)
        event["quote"] = said[0] if len(said) == 1 else said
        self.world.sources.documents.quoted(k, said)
        note = gendocs.note(rng)
        if note is not None:
            event["note"] = note
        key = rng.random() if after is None else after.key + (1 - after.key) * rng.random()
        self.events.append((key, event))
        return Target(fid, kind, reported, valid, data or {}, key)

    # -- the kinds of fact: each returns False when it does not fit this company

    def founded_fact(self) -> bool:
        rng = self.rng
        valid = valid_founding(rng, self.founded)
        reported = self.report(valid[2])
        if reported is None:
            return False
        self.founders = [
            f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            for _ in range(1 + int(rng.random() * 2.6))
        ]
        year = DAY[self.founded - BASE][:4]
        quote = f"{self.name} was founded in {year} by {', '.join(self.founders)}."
        own = {"founders": list(self.founders)}
        self.targets.append(
            self.emit(f"{self.cid}-founded", "company_founded", own, valid, reported, quote, own)
        )
        return True

    def funding(self) -> bool:
        rng = self.rng
        last = self.last_round
        start = last.data["day"] if last else self.founded
        r = rng.random()
        if last and r < 0.1 and last.data["round"] in LADDER:
            name, day = last.data["round"] + "_extension", start + rng.randint(60, 300)
            size = last.data["size"] * (0.1 + 0.3 * rng.random())
        elif r < 0.16 and last:
            word = "venture_debt" if r < 0.14 else "grant"
            name = f"{word}_{self.next_number(word)}"
            day, size = start + rng.randint(60, 400), 10 ** rng.uniform(5.5, 7.5)
        else:
            name = self.next_round()
            day = start + rng.randint(*self.round_gap)
            lo, hi = ROUND_SIZE[min(self.ladder - 1, len(ROUND_SIZE) - 1)]
            size = 1e6 * lo * (hi / lo) ** rng.random()
        if day > self.last_day:
            return False
        valid = valid_any(rng, day)
        reported = self.report(valid[2])
        if reported is None:
            return False
        cur = self.currency if rng.random() < 0.8 else "USD"
        value = roundish(size / USD_PER[cur] * USD_PER[self.currency], 2 + (rng.random() < 0.3))
        own = self.terms(name, cur, value)
        leads = own.get("lead_investors")
        lead = self.backer_name(leads[0]) if leads else "undisclosed investors"
        what = f"{money_words(cur, value)} in a {round_words(name)} round"
        said = f"{self.name} has raised {what} led by {lead}."
        quote: str | list[str] = said
        if rng.random() < 0.25:
            quote = [said, f'"This is round #{self.ladder}: we will hire," the company said.']
        data = {"round": name, "day": day, "size": size, "cur": cur, "value": value, **own}
        fid = f"{self.cid}-{name.replace('_', '-')}"
        t = self.emit(fid, "funding_round", own, valid, reported, quote, data)
        self.targets.append(t)
        self.rounds.append(t)
        self.last_round = t
        return True

    def terms(self, name: str, cur: str, value: int) -> dict[str, Any]:
        """A round's fields: amount, equivalent, investors, instrument, valuation."""
        rng = self.rng
        own: dict[str, Any] = {"round": name, "amount": money(cur, value, rng.random() < 0.1)}
        if rng.random() < 0.15:
            other = "USD" if cur != "USD" else rng.choice(["EUR", "GBP"])
            equivalent = roundish(value * USD_PER[cur] / USD_PER[other], 3)
            own["equivalents"] = [money(other, equivalent, True)]
        leads = self.pick_backers(1 + (rng.random() < 0.2)) if rng.random() < 0.85 else []
        others = [b for b in self.pick_backers(rng.randrange(6)) if b not in leads]
        if leads:
            own["lead_investors"] = leads
        if others:
            own["investors"] = others
        instrument = self.instrument(name)
        if instrument:
            own["instrument"] = instrument
            if instrument == "convertible_note" and rng.random() < 0.5:
                own["conversion"] = "into equity at the next priced round"
        if name.endswith("extension") and rng.random() < 0.5:
            own["valuation_unchanged"] = True
        elif name.startswith("series") and rng.random() < 0.3:
            post = roundish(value * rng.uniform(3, 12), 2)
            own["post_money_valuation"] = money(cur, post, rng.random() < 0.3)
        elif rng.random() < 0.02:
            own["valuation_unchanged"] = False
        return own

    def next_round(self) -> str:
        self.ladder += 1
        if self.ladder <= len(LADDER):
            return LADDER[self.ladder - 1]
        return f"growth_{self.ladder - len(LADDER)}"

    def instrument(self, name: str) -> str | None:
        r = self.rng.random()
        if name.startswith("venture_debt"):
            return "debt"
        if name.startswith("grant"):
            return "grant"
        if name in ("pre_seed", "seed"):
            return (
                None
                if r > 0.85
                else "safe"
                if r < 0.25
                else "convertible_note"
                if r < 0.45
                else "equity"
            )
        if name.endswith("extension") and r < 0.4:
            return "convertible_note"
        return "equity" if r < 0.6 else "unknown" if r < 0.63 else None

    def pick_backers(self, n: int) -> list[str]:
        out: list[str] = []
        for _ in range(n):
            if self.rng.random() < 0.06 and self.world.companies > 1:
                b = self.world.company_id(self.other_company())
            else:
                b = self.world.investor_id(self.world.some_investor(self.rng))
            if b not in out:
                out.append(b)
        self.backers += out
        return out

    def backer_name(self, slug: str) -> str:
        if slug.startswith("i"):
            return investor_name(int(slug[1:]))
        return self.company_name(int(slug[1:]))

    def company_name(self, i: int) -> str:
        return company_name(self.world.name_salt, i)[0]

    def other_company(self) -> int:
        if self.index < 0:  # big-co is none of the numbered companies
            return self.rng.randrange(self.world.companies)
        j = self.rng.randrange(self.world.companies - 1)
        return j + 1 if j >= self.index else j

    def second_report(self) -> bool:
        """The same round from a second source, in another currency, dated more loosely."""
        live = [t for t in self.rounds if t.id not in self.retracted and "cur" in t.data]
        if not live:
            return False
        t = self.rng.choice(live)
        d = t.data
        other = "USD" if d["cur"] != "USD" else self.rng.choice(["EUR", "GBP"])
        value = roundish(d["value"] * USD_PER[d["cur"]] / USD_PER[other], 2)
        m = MONTH_OF[d["day"] - BASE]
        valid = (f"{MONTH_TEXT[m - 2]}/{MONTH_TEXT[m + 1]}", MONTH_FIRST[m - 2], MONTH_LAST[m + 1])
        reported = self.report(valid[2])
        if reported is None:
            return False
        own = {"round": d["round"], "amount": money(other, value, True)}
        quote = f"{self.name} raised about {money_words(other, value)} earlier this year."
        data = {**d, "cur": other, "value": value, "amount": own["amount"]}
        self.targets.append(
            self.emit(self.next_id("report"), "funding_round", own, valid, reported, quote, data)
        )
        return True

    def product(self) -> bool:
        rng = self.rng
        day = self.day_between(self.founded + 30, self.last_day)
        valid = valid_any(rng, day)
        reported = self.report(valid[2])
        if reported is None:
            return False
        product = f"{self.name.split()[0]} {rng.choice(PRODUCT_WORDS)}"
        n = self.products[product] = self.products.get(product, 0) + 1
        if n > 1:
            product += f" {n}"
        own: dict[str, Any] = {"product": product}
        if rng.random() < 0.25:
            own["weights"] = "open" if rng.random() < 0.4 else "closed"
        if rng.random() < 0.3:
            own["channels"] = rng.sample(CHANNELS, rng.randint(1, 3))
        said = f"{self.name} launched {product}, available today."
        quote: str | list[str] = said
        if "channels" in own:
            quote = [said, f"It ships on: {', '.join(own['channels'])}."]
        self.targets.append(
            self.emit(self.next_id("product"), "product_launched", own, valid, reported, quote, own)
        )
        return True

    def partnership(self) -> bool:
        rng = self.rng
        if self.world.companies < 2 - (self.index < 0):
            return False
        day = self.day_between(self.founded + 60, self.last_day)
        valid = valid_any(rng, day)
        reported = self.report(valid[2])
        if reported is None:
            return False
        j = self.other_company()
        partner = self.world.company_id(j)
        kind = rng.choice(PARTNER_KINDS)
        own: dict[str, Any] = {"partner": partner, "kind": kind}
        if rng.random() < 0.2:
            own["channels"] = rng.sample(CHANNELS, rng.randint(1, 2))
        other = self.company_name(j)
        quote = f"{self.name} and {other} signed a {kind} agreement # a first for both."
        t = self.emit(
            self.next_id("partnership"),
            "partnership_signed",
            own,
            valid,
            reported,
            quote,
            {**own, "other": other},
        )
        self.targets.append(t)
        return True

    def stake(self) -> bool:
        rng = self.rng
        day = self.day_between(self.founded + 90, self.last_day)
        valid = valid_any(rng, day)
        reported = self.report(valid[2])
        if reported is None:
            return False
        if self.backers and rng.random() < 0.6:
            holder = rng.choice(self.backers)
        else:
            holder = self.pick_backers(1)[0]
        own: dict[str, Any] = {"holder": holder, "share": rng.choice(SHARES)}
        if rng.random() < 0.15:
            own["vehicle"] = rng.choice(["its corporate venture arm", "a convertible note"])
        quote = f"{self.backer_name(holder)} holds {own['share']} of {self.name}, filings show."
        self.targets.append(
            self.emit(self.next_id("stake"), "stake_reported", own, valid, reported, quote, own)
        )
        return True

    def statement(self) -> bool:
        rng = self.rng
        day = self.day_between(self.founded + 180, self.last_day)
        valid = valid_any(rng, day)
        reported = self.report(valid[2])
        if reported is None:
            return False
        slug, authority, _ = rng.choice(REGULATORS)
        parties = [self.cid]
        subject = f"{self.name}'s terms of service"
        if self.world.companies > 1 and rng.random() < 0.6:
            j = self.other_company()
            parties.append(self.world.company_id(j))
            subject = f"the agreement between {self.name} and {self.company_name(j)}"
        own = {"authority": slug, "examines": subject, "parties": parties}
        quote = f'A spokesperson for the {authority} said: "We are examining {subject}."'
        self.targets.append(
            self.emit(
                self.next_id("statement"), "regulator_statement", own, valid, reported, quote, own
            )
        )
        return True

    def scrutiny(self) -> bool:
        rng = self.rng
        day = self.day_between(self.founded + 180, self.last_day)
        valid = valid_any(rng, day)
        reported = self.report(valid[2])
        if reported is None:
            return False
        picked = rng.sample(REGULATORS, 1 + (rng.random() < 0.3))
        subject = rng.choice(["data protection", "pricing", "market power", "a past acquisition"])
        own = {"authorities": [p[0] for p in picked], "subject": f"{self.name}'s {subject}"}
        quote = (
            f"{self.name}'s {subject} has drawn scrutiny from {' and '.join(p[1] for p in picked)}."
        )
        self.targets.append(
            self.emit(
                self.next_id("scrutiny"), "regulatory_scrutiny", own, valid, reported, quote, own
            )
        )
        return True

    def correction(self) -> bool:
        rng = self.rng
        if self.corrections and rng.random() < 0.12:
            t = rng.choice(self.corrections)
            root, fields = t.root, list(t.data)
            assert root is not None
        else:
            live = [t for t in self.targets if t.id not in self.retracted]
            if not live:
                return False
            t = root = rng.choice(live)
            fields = CORRECTABLE[t.type](t)
            fields = rng.sample(fields, 1 + (len(fields) > 1 and rng.random() < 0.2))
        reported = self.amend_report(t)
        if reported is None:
            return False
        changes = {f: self.corrected(root, f) for f in fields}
        quote = (
            f"Correction: an earlier version of this article gave the wrong {LABELS[fields[0]]}."
        )
        own = {"target": t.id, "changes": changes}
        c = self.emit(
            self.next_id("correction"),
            "report_corrected",
            own,
            None,
            reported,
            quote,
            changes,
            after=t,
        )
        c.root = root
        self.corrections.append(c)
        return True

    def corrected(self, t: Target, field: str) -> Any:
        rng, d = self.rng, t.data
        if field == "valid":  # a day within what the target said, so before its report
            assert t.hi is not None
            lo = t.lo if t.lo is not None else t.hi - 365
            return DAY[lo + int((t.hi - lo) * rng.random()) - BASE]
        if field == "amount":
            value = roundish(d["value"] * rng.uniform(0.7, 1.3), 2)
            return money(d["cur"], value, rng.random() < 0.1)
        if field == "post_money_valuation":
            return money(d["cur"], roundish(d["value"] * rng.uniform(3, 12), 2))
        if field == "instrument":
            return rng.choice([i for i in INSTRUMENTS if i != d.get("instrument")])
        if field == "lead_investors":
            return [self.world.investor_id(self.world.some_investor(rng))]
        if field == "founders":
            return [*d["founders"], f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"]
        if field == "product":
            return f"{d['product']} {rng.choice(['Pro', 'Lite', 'X'])}"
        if field == "weights":
            return "closed" if d.get("weights") == "open" else "open"
        if field == "kind":
            return rng.choice([k for k in PARTNER_KINDS if k != d["kind"]])
        if field == "share":
            return rng.choice([s for s in SHARES if s != d["share"]])
        if field == "examines":
            return d["examines"] + ", and its data sharing"
        if field == "headcount":
            return str(roundish(10 ** rng.uniform(1, 3.7), 2))
        if field == "valuation":
            return money(d["cur"], roundish(d["value"] * rng.uniform(0.6, 1.4), 2))
        if field == "subject":
            return d["subject"] + " (in two markets)"
        if field == "authorities":
            return [rng.choice(REGULATORS)[0]]
        raise AssertionError(field)

    def headcount(self) -> bool:
        rng = self.rng
        day = self.day_between(self.founded + 60, self.last_day)
        valid = valid_any(rng, day)
        reported = self.report(valid[2])
        if reported is None:
            return False
        people = roundish(10 ** rng.uniform(1, 3.7), 2)
        own = {"headcount": f"{'~' if rng.random() < 0.4 else ''}{people}"}
        quote = f"{self.name} now employs about {people:,} people, up from a year earlier."
        self.targets.append(
            self.emit(self.next_id("headcount"), "headcount_reported", own, valid, reported, quote,
                      own)
        )  # fmt: skip
        return True

    def valuation(self) -> bool:
        rng = self.rng
        day = self.day_between(self.founded + 180, self.last_day)
        valid = valid_any(rng, day)
        reported = self.report(valid[2])
        if reported is None:
            return False
        value = roundish(10 ** rng.uniform(6.5, 10), 2)
        own = {"valuation": money(self.currency, value, rng.random() < 0.3)}
        if rng.random() < 0.6:
            own["basis"] = rng.choice(["post-money", "pre-money", "secondary sale"])
        words = money_words(self.currency, value)
        quote = f"{self.name} is now valued at {words}, according to people close to the deal."
        data = {**own, "cur": self.currency, "value": value}
        self.targets.append(
            self.emit(self.next_id("valuation"), "valuation_reported", own, valid, reported, quote,
                      data)
        )  # fmt: skip
        return True

    def retraction(self) -> bool:
        live = [
            t for t in self.targets if t.id not in self.retracted and t.type != "company_founded"
        ]
        if not live:
            return False
        t = self.rng.choice(live)
        reported = self.amend_report(t)
        if reported is None:
            return False
        own: dict[str, Any] = {"target": t.id}
        if self.rng.random() < 0.7:
            own["reason"] = self.rng.choice(REASONS)
        quote = "This article has been withdrawn: its report could not be confirmed."
        self.emit(
            self.next_id("retraction"), "report_retracted", own, None, reported, quote, after=t
        )
        self.retracted.add(t.id)
        return True


LABELS = {
    "valid": "date",
    "amount": "amount",
    "post_money_valuation": "valuation",
    "instrument": "type of investment",
    "lead_investors": "lead investor",
    "founders": "founders",
    "product": "product name",
    "weights": "licence",
    "kind": "kind of partnership",
    "share": "share",
    "examines": "scope of the review",
    "subject": "subject",
    "authorities": "authority",
    "headcount": "headcount",
    "valuation": "valuation",
}
INSTRUMENTS = ["equity", "convertible_note", "safe", "debt", "grant", "unknown"]
REASONS = [
    "the source confused the company with another of the same name",
    "the round was never closed",
    "the outlet withdrew the article: unconfirmed",
]
CORRECTABLE: dict[str, Callable[[Target], list[str]]] = {
    "company_founded": lambda t: ["valid", "founders"],
    "funding_round": lambda t: (
        ["amount", "instrument", "lead_investors", "valid"]
        + (["post_money_valuation"] if "post_money_valuation" in t.data else [])
    ),
    "product_launched": lambda t: ["product", "weights", "valid"],
    "partnership_signed": lambda t: ["kind", "valid"],
    "stake_reported": lambda t: ["share"],
    "regulator_statement": lambda t: ["examines"],
    "regulatory_scrutiny": lambda t: ["subject", "authorities"],
    "headcount_reported": lambda t: ["headcount", "valid"],
    "valuation_reported": lambda t: ["valuation", "valid"],
}


# --- the stream: exact counts, companies interleaved a few at a time ------------------


def allocate(rng: random.Random, events: int, companies: int) -> list[int]:
    """Facts per company, heavy-tailed, summing to exactly ``events``."""
    least = 1 if events >= companies else 0
    weights = [rng.lognormvariate(0, 1.0) for _ in range(companies)]
    scale = events / sum(weights)
    counts = [max(least, round(w * scale)) for w in weights]
    diff = events - sum(counts)
    while diff:
        i = rng.randrange(companies)
        if diff > 0:
            counts[i] += 1
            diff -= 1
        elif counts[i] > max(least, 1):
            counts[i] -= 1
            diff += 1
    return counts


def company_events(world: World, rng: random.Random, events: int) -> Iterator[dict[str, Any]]:
    counts = allocate(rng, events, world.companies)
    block = 8
    feed = Feed(world.sources)
    for first in range(0, world.companies, block):
        lives = []
        for i in range(first, min(first + block, world.companies)):
            if not counts[i]:
                continue
            name, (city, _, currency) = company_name(world.name_salt, i)
            founded = FOUNDED_FROM + int((FOUNDED_TO - FOUNDED_FROM) * rng.random() ** 0.7)
            life = Life(
                world,
                rng,
                world.company_id(i),
                i,
                name,
                currency,
                feed,
                founded,
                VALID_TO,
                (150, 720),
            )
            life.city = city
            lives.append(life.live(counts[i], COMPANY_MIX))
        order = [n for n, life in enumerate(lives) for _ in life]
        rng.shuffle(order)
        iters = [iter(life) for life in lives]
        for n in order:
            yield next(iters[n])


def big_entity(world: World, seed: int, facts: int, busy: bool = False) -> list[dict[str, Any]]:
    """``big-co`` (quiet: launches and deals) or ``busy-co`` (rounds, corrections, headcounts,
    valuations): ``facts`` facts reported at about facts/10 moments."""
    rng = random.Random(seed * 31 + 7 + busy)
    rounds = facts * BUSY_MIX[1] // sum(BUSY_MIX) if busy else facts // 20
    founded = date(1999, 3, 1).toordinal() + rng.randrange(300)
    sources = world.sources
    k0 = sources.first_on(founded + 400)
    pool = range(k0, sources.count) if k0 < sources.count else range(sources.count)
    moments = sorted(rng.sample(pool, min(len(pool), max(1, facts // 10))))
    last_day = min(VALID_TO, sources.day(moments[-1]) - 130)
    gap = max(2 if busy else 30, (last_day - founded) // (rounds + 2))
    life = Life(
        world,
        rng,
        "busy-co" if busy else "big-co",
        -1,
        "Busyco" if busy else "Bigco",
        "EUR",
        Moments(sources, moments),
        founded,
        last_day,
        (gap // 2, gap * 3 // 2),
    )
    return life.live(facts, BUSY_MIX if busy else BIG_MIX)


BIG_ENTITY = {
    "id": "big-co",
    "name": "Bigco Holdings",
    "kind": "company",
    "city": "Paris",
    "country": "FR",
    "note": "Generated: one entity with many facts, for benchmarks.",
}
BUSY_ENTITY = {**BIG_ENTITY, "id": "busy-co", "name": "Busyco Group", "city": "Berlin"}


# --- writing ----------------------------------------------------------------------------


def yaml_item(d: dict[str, Any], indent: str) -> str:
    """One mapping as a YAML list item; every string double-quoted."""
    q = encode_basestring
    parts = []
    lead, pad = indent + "- ", indent + "  "
    for key, v in d.items():
        if v.__class__ is str:
            parts.append(f"{lead}{key}: {q(v)}\n")
        elif v.__class__ is list:
            if v and v[0].__class__ is dict:
                parts.append(f"{lead}{key}:\n" + "".join(yaml_item(x, pad + "  ") for x in v))
            elif key == "quote":
                parts.append(f"{lead}{key}:\n" + "".join(f"{pad}  - {q(x)}\n" for x in v))
            else:
                parts.append(f"{lead}{key}: [{', '.join(map(q, v))}]\n")
        elif v is True or v is False:
            parts.append(f"{lead}{key}: {'true' if v else 'false'}\n")
        else:  # changes: a mapping of field names to values
            inner = pad + "  "
            rows = [
                f"{inner}{k}: {q(x) if x.__class__ is str else '[' + ', '.join(map(q, x)) + ']'}\n"
                for k, x in v.items()
            ]
            parts.append(f"{lead}{key}:\n" + "".join(rows))
        lead = pad
    return "".join(parts)


class Writer:
    """Events into K files, splitting the regular ones evenly; the header goes first."""

    def __init__(self, out: Path, fmt: str, files: int, header: Callable[[Any], None]) -> None:
        self.out, self.fmt, self.files, self.header = out, fmt, files, header
        self.number = 0
        self.handle: Any = None
        self.count = 0
        self.written: list[tuple[Path, int]] = []

    def path(self, number: int) -> Path:
        return self.out / f"events-{number:04d}.{self.fmt}"

    def next_file(self) -> None:
        self.close()
        self.number += 1
        path = self.path(self.number)
        self.handle = path.open("w", encoding="utf-8", buffering=1 << 20)  # noqa: SIM115
        self.count = 0
        h = self.handle
        if self.fmt == "yaml":
            h.write(f"format: {FORMAT}\n")
            if self.number == 1:
                self.header(h)
            h.write("events:\n")
        else:
            h.write(json.dumps({"format": FORMAT}) + "\n")
            if self.number == 1:
                self.header(h)

    def event(self, d: dict[str, Any]) -> None:
        if self.fmt == "yaml":
            self.handle.write(yaml_item(d, "  "))
        else:
            self.handle.write(json.dumps({"event": d}, ensure_ascii=False) + "\n")
        self.count += 1

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.written.append((self.path(self.number), self.count))
            self.handle = None


def write_header(fmt: str, world: World, big: list[dict[str, Any]]) -> Callable[[Any], None]:
    def header(h: Any) -> None:
        entities = world.entities()
        if fmt == "yaml":
            h.write("sources:\n")
            for k in range(world.sources.count):
                h.write(yaml_item(world.sources.record(k), "  "))
            h.write("entities:\n")
            for e in entities:
                h.write(yaml_item(e, "  "))
            for e in big:
                h.write(yaml_item(e, "  "))
            return
        for k in range(world.sources.count):
            h.write(json.dumps({"source": world.sources.record(k)}, ensure_ascii=False) + "\n")
        for e in entities:
            h.write(json.dumps({"entity": e}, ensure_ascii=False) + "\n")
        for e in big:
            h.write(json.dumps({"entity": e}, ensure_ascii=False) + "\n")

    return header


def generate(args: argparse.Namespace) -> list[tuple[Path, int]]:
    events, files = args.events, args.files
    companies = args.companies or max(1, events // 10)
    sources = Sources(args.seed, args.sources or max(200, min(50_000, events // 20)))
    investors = max(40, min(5000, companies // 20))
    world = World(args.seed, companies, investors, sources)
    rng = random.Random(args.seed)
    big = big_entity(world, args.seed, args.big_entity) if args.big_entity else []
    if args.busy_entity:
        big = _merge(big, big_entity(world, args.seed, args.busy_entity, busy=True))
    entities = [
        e for e, on in ((BIG_ENTITY, args.big_entity), (BUSY_ENTITY, args.busy_entity)) if on
    ]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    writer = Writer(out, args.format, files, write_header(args.format, world, entities))
    writer.next_file()
    big_done = 0
    for t, event in enumerate(company_events(world, rng, events), 1):
        while t > events * writer.number // files and writer.number < files:
            writer.next_file()
        writer.event(event)
        while big_done < len(big) * t // events:
            writer.event(big[big_done])
            big_done += 1
    for event in big[big_done:]:
        writer.event(event)
    while writer.number < files:
        writer.next_file()
    writer.close()
    sources.documents.write(out, sources.count)
    return writer.written


def _merge(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Two entities' facts interleaved evenly, each in its own order."""
    keyed = [(k / len(a), e) for k, e in enumerate(a)] + [(k / len(b), e) for k, e in enumerate(b)]
    return [e for _, e in sorted(keyed, key=lambda pair: pair[0])]


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--events", type=int, required=True, help="facts to write (exactly)")
    p.add_argument("--seed", type=int, default=1, help="the same seed writes the same facts")
    p.add_argument("--format", choices=["yaml", "jsonl"], default="yaml")
    p.add_argument("--out", required=True, help="folder to write events-0001.yaml ... into")
    p.add_argument("--files", type=int, default=1, help="split the events over K files")
    p.add_argument("--companies", type=int, help="default: events / 10")
    p.add_argument(
        "--sources", type=int, help="articles (>= 200); default: events / 20, 200 to 50,000"
    )
    p.add_argument(
        "--big-entity",
        type=int,
        default=0,
        metavar="F",
        help="add company big-co with F facts (beyond --events)",
    )
    p.add_argument(
        "--busy-entity",
        type=int,
        default=0,
        metavar="F",
        help="add company busy-co with F facts, 30%% of them rounds and 15%% corrections",
    )
    args = p.parse_args(argv)
    if args.events < 0 or args.files < 1 or args.big_entity < 0 or args.busy_entity < 0:
        p.error("--events and --big-entity must be >= 0, --files >= 1")
    if args.sources is not None and args.sources < 200:
        p.error("--sources must be >= 200, so that every fact finds a later report")
    if args.companies is not None and args.companies < 1:
        p.error("--companies must be >= 1")
    started = time.perf_counter()
    written = generate(args)
    for path, count in written:
        print(f"{path}: {count:,} events, {os.path.getsize(path) / 1e6:,.1f} MB")
    stale = sorted(set(Path(args.out).glob(f"events-*.{args.format}")) - {p for p, _ in written})
    if stale:
        print(f"warning: {len(stale)} other events-*.{args.format} in {args.out}", file=sys.stderr)
    total = sum(c for _, c in written)
    print(f"{total:,} events in {time.perf_counter() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
