"""History of generated companies is what the naive walk gives, byte for byte.

bench/generate.py's quiet company (launches and deals) and busy one (rounds,
corrections, headcounts, valuations), kept small enough for the naive walk of
tests/unit/test_history_laws.py, which folds the whole entity at every (moment,
day): history's folds, made once a call and over only what can change, must give
the same text and the same JSON.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_history_laws import naive_history

from company_timeline.domain import open_store
from company_timeline.projections.exports.answers import history_document, history_text
from company_timeline.projections.exports.json_documents import dumps
from company_timeline.projections.history import history
from company_timeline.projections.queries import read_record

GENERATE = Path(__file__).parents[2] / "bench" / "generate.py"


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("generated")
    args = ["--events", "40", "--big-entity", "45", "--busy-entity", "45", "--seed", "3"]
    run = [sys.executable, str(GENERATE), *args, "--format", "jsonl", "--out", str(out)]
    subprocess.run(run, check=True, capture_output=True)
    app = open_store(str(out / "store.sqlite"))
    app.ingest_files(sorted(out.glob("events-*.jsonl")))
    yield app
    app.close()


@pytest.mark.parametrize("company", ["big-co", "busy-co"])
def test_history_of_a_generated_company_is_the_naive_walk_s_in_text_and_json(generated, company):
    record = read_record(generated, company)
    fast = history(record.facts, record.entities, company)
    slow = naive_history(record.facts, record.entities, company)
    assert len(fast) > 10  # the company has a history worth comparing
    names = record.names()
    assert history_text(company, fast, names) == history_text(company, slow, names)
    assert dumps(history_document(company, fast)) == dumps(history_document(company, slow))
