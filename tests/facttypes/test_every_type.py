"""Every declared fact type reaches every output: a type half added fails here."""

from __future__ import annotations

import pytest
from walk import walk

from company_timeline.domain.facttypes import REGISTRY
from company_timeline.projections.exports.markdown import md

NAMES = {"acme": "Acme", "fund": "The Fund"}
AMENDING = {"report_corrected", "report_retracted"}  # they need a fact to amend: tested apart


@pytest.mark.parametrize("name", sorted(set(REGISTRY.names()) - AMENDING))
def test_a_fact_of_every_type_is_in_every_output_in_its_own_words(name, tmp_path):
    kind = REGISTRY[name]
    out = walk(kind, tmp_path)
    words = kind.words(
        {"entity": "acme", **_parsed(kind)},
        lambda s: {"acme": "Acme", "fund": "The Fund"}.get(s, s),
    )
    assert words in out["events"] and md(words) in out["export md"]
    assert kind.name in out["at json"] or (kind.fold and kind.fold.section in out["at json"])


def _parsed(kind):

    return {k: REGISTRY.parsers()[k](v) for k, v in kind.example().items()}
