"""history, why and diff of the quiet and the busy company, in process, on a store given.

    python bench/questions.py STORE [--runs N]

The store is one bench/generate.py made with ``--big-entity`` and ``--busy-entity``
(``big-co``, ``busy-co``) and ingested. Prints wall and CPU milliseconds (median of
the runs) of each question, the reading of the entity's record included, as
bench/run.py's ``measure_questions`` does, without building a store first.
"""

from __future__ import annotations

import argparse
import statistics

from common import cpu_timed
from run import questions

from company_timeline.domain import open_store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    app = open_store(args.store)
    print("| question | company | wall ms | CPU ms |")
    print("|---|---|---|---|")
    for slug in ("big-co", "busy-co"):
        for name, ask in questions(app, slug).items():
            runs = [cpu_timed(ask) for _ in range(args.runs)]
            wall = statistics.median(r[0] for r in runs) * 1000
            cpu = statistics.median(r[1] for r in runs) * 1000
            print(f"| {name} | {slug} | {wall:.0f} | {cpu:.0f} |", flush=True)
    app.close()


if __name__ == "__main__":
    main()
