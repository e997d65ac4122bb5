"""The sections of ``timeline.at/1`` in docs/schemas/at.schema.json, from the fact types'
declarations and the roles (``facttypes.REGISTRY``, ``ROLE_SECTIONS``); written by
docs/fact_types.py beside the other schemas."""

from __future__ import annotations

from typing import Any

from company_timeline.domain.events import own_fields
from company_timeline.domain.facttypes import FIRST_TYPES, REGISTRY, ROLE_SECTIONS
from company_timeline.domain.registry import FactType, Fold
from company_timeline.projections.plain import AT_SECTIONS

FIRST = {kind.name for kind in FIRST_TYPES}


# The keys of an entity that are not sections; with AT_SECTIONS, every key of /1.
NOT_SECTIONS = ("entity", "exists", "uncertain", "retracted", "corrections", "sources", "evidence")
ITEM = "#/$defs/item"
ID = {"$ref": "common.schema.json#/$defs/id"}
MONEY = {"$ref": "common.schema.json#/$defs/money"}
CITED = {
    "events": {
        "description": "The ids of the events behind the item.",
        "type": "array",
        "items": ID,
        "minItems": 1,
        "uniqueItems": True,
    },
    "sources": {
        "description": "The ids of those events' sources.",
        "type": "array",
        "items": ID,
        "minItems": 1,
        "uniqueItems": True,
    },
}


def at_schema(schema: dict[str, Any]) -> dict[str, Any]:
    defs = schema["$defs"]
    state = defs["entity_state"]
    old = state["properties"]
    sections = {section: _section(fold, kinds) for section, (fold, kinds) in _folded().items()}
    sections |= _role_sections()
    sections["invested"] = _invested()
    unshipped = [s for s in sections if s not in AT_SECTIONS]
    if unshipped:
        raise SystemExit(
            f"sections {unshipped} are not in AT_SECTIONS (projections/plain.py): a shipped"
            " section is a key of timeline.at/1 (docs/json.md)"
        )
    by_hand = [s for s in AT_SECTIONS if s not in sections]
    if unwritten := [s for s in by_hand if s not in old]:
        raise SystemExit(f"sections {unwritten} fold by a rule of their own: describe them by hand")
    kept = {k: v for k, v in old.items() if k in NOT_SECTIONS or k in by_hand}
    state["properties"] = kept | sections | {"declared": _declared_sections()}
    state["required"] = [r for r in state["required"] if r in kept] + list(sections)
    defs["item"] = {
        "description": "An item of a section a declared fact type folds into"
        " (docs/event-files.md), or of a role section: the own fields of the fact that set"
        " it, as plain JSON, beside its key, its type, its valid time and its provenance.",
        "type": "object",
        "properties": {
            "key": {
                "description": "In a list section, what names the item: the values of its"
                " type's key fields, joined by ':'. Null in a section that keeps the latest.",
                "type": ["string", "null"],
            },
            "type": {
                "description": "The type of the fact that set it.",
                "$ref": "common.schema.json#/$defs/type_name",
            },
            "valid": {
                "description": "The valid time of the fact that set it.",
                "$ref": "common.schema.json#/$defs/valid_time",
            },
            "entity": {
                "description": "In a role section only: the entity the fact is about, which"
                " names this one in a role.",
                **ID,
            },
            **CITED,
        },
        "required": ["key", "type", "valid", "events", "sources"],
    }
    return schema


def _folded() -> dict[str, tuple[Fold, list[FactType]]]:
    """The sections of the types after the first nine, each with the types filling it."""
    out: dict[str, tuple[Fold, list[FactType]]] = {}
    for kind in REGISTRY:
        fold = kind.fold
        if kind.name in FIRST or fold is None:
            continue
        first, kinds = out.setdefault(fold.section, (fold, []))
        if first.rule not in ("list", "latest"):
            raise SystemExit(f"section {fold.section!r} folds by its own rule: describe it by hand")
        if fold.rule != "remove":
            kinds.append(kind)
    return out


def _item(kind: FactType, key: dict[str, Any], more: dict[str, Any]) -> dict[str, Any]:
    fields = list(own_fields(kind.event))
    return {
        "$ref": ITEM,
        "properties": {
            "key": key,
            "type": {"enum": [kind.name]},
            **more,
            **{n: {"$ref": f"common.schema.json#/$defs/field/{n}"} for n in fields},
        },
        "required": [*more, *fields],
        "unevaluatedProperties": False,
    }


def _items(kinds: list[FactType], key: dict[str, Any], more: dict[str, Any]) -> dict[str, Any]:
    branches = [_item(k, key, more) for k in kinds]
    return branches[0] if len(branches) == 1 else {"anyOf": branches}


def _section(fold: Fold, kinds: list[FactType]) -> dict[str, Any]:
    latest = fold.rule == "latest"
    item = _items(kinds, {"type": "null" if latest else "string"}, {})
    by = "(" + ", ".join(f"`{k.name}`" for k in kinds) + " facts)"
    if latest:
        return {
            "description": f"{fold.title}: the latest by valid time, or null {by}.",
            "anyOf": [item, {"type": "null"}],
        }
    keys = " and ".join(fold.key)
    return {
        "description": f"{fold.title}: an item per {keys}, in valid-time order {by}.",
        "type": "array",
        "items": item,
    }


def _role_sections() -> dict[str, Any]:
    """A section per role an entity plays in other entities' facts (``ROLE_SECTIONS``)."""
    named: dict[str, dict[str, list[str]]] = {s: {} for s, _ in ROLE_SECTIONS.values()}
    for kind in REGISTRY:
        for f in kind.fields:
            if f.role in ROLE_SECTIONS:
                named[ROLE_SECTIONS[f.role][0]].setdefault(kind.name, []).append(f.name)
    titles = {s: t for s, t in ROLE_SECTIONS.values()}
    out: dict[str, Any] = {}
    for section, by_type in named.items():
        if section == "investments":
            out[section] = _investments(titles[section])
            continue
        names = "; ".join(
            f"`{t}` facts by {' or '.join(f'`{f}`' for f in fields)}"
            for t, fields in by_type.items()
        )
        key = {
            "description": "The entity the fact is about; where that entity may have more"
            " than one such fact, followed by ':' and the fact's id.",
            "type": "string",
        }
        entity = {"entity": {"description": "The entity the fact is about.", **ID}}
        out[section] = {
            "description": f"{titles[section]}: other entities' facts that name this one"
            f" ({names}), an item per fact, by key.",
            "type": "array",
            "items": _items([REGISTRY[t] for t in by_type], key, entity),
        }
    return out


def _investments(title: str) -> dict[str, Any]:
    def maybe(schema: dict[str, Any], words: str) -> dict[str, Any]:
        return {"description": words, "anyOf": [schema, {"type": "null"}]}

    item = {
        "$ref": ITEM,
        "properties": {
            "key": {"description": "The company and the round, joined by ':'.", "type": "string"},
            "type": {"const": "funding_round"},
            "entity": {"description": "The company that raised the round.", **ID},
            "round": {"$ref": "common.schema.json#/$defs/field/round"},
            "led": {"description": "Whether this entity led the round.", "type": "boolean"},
            "round_amount": maybe(MONEY, "The round's amount, as reported; null if none."),
            "equivalents": {
                "description": "The round's amount in other currencies, as the source gives it.",
                "type": "array",
                "items": MONEY,
            },
            "own_amount": maybe(
                MONEY,
                "What this entity put in, only where the source states it: the round names it"
                " as its only investor and has no lead. Never a share of the round's amount.",
            ),
            "instrument": {"$ref": "common.schema.json#/$defs/field/instrument"},
        },
        "required": [
            "entity", "round", "led", "round_amount", "equivalents", "own_amount", "instrument"
        ],
        "unevaluatedProperties": False,
    }  # fmt: skip
    return {
        "description": f"{title}: the funding rounds of other entities that name this one as"
        " an investor or a lead investor, an item per company and round (reports of a round"
        " merged, as known at the moment asked), by key.",
        "type": "array",
        "items": item,
    }


def _invested() -> dict[str, Any]:
    totals = {
        "description": "What this entity put in, per currency: the sum of its investments'"
        " `own_amount`, where the source states it.",
        "type": "object",
        "properties": {
            "by_currency": {
                "description": "The sum of its own stated amounts, per currency.",
                "type": "array",
                "items": MONEY,
            },
            "equivalents": {
                "description": "Always empty: no per-investor figure is converted.",
                "type": "array",
                "items": MONEY,
            },
            **CITED,
        },
        "required": ["by_currency", "equivalents", "events", "sources"],
        "additionalProperties": False,
    }
    return {
        "description": "Invested: per currency, or null where no investment states its own amount.",
        "anyOf": [totals, {"type": "null"}],
    }


def _declared_sections() -> dict[str, Any]:
    return {
        "description": "The sections of fact types this version does not ship (declared by"
        " a user, or by a later release before the version moves), by section name: each a"
        " list of items, or an item or null. Absent when there are none.",
        "type": "object",
        "additionalProperties": {
            "anyOf": [
                {"type": "array", "items": {"$ref": ITEM}},
                {"$ref": ITEM},
                {"type": "null"},
            ]
        },
    }
