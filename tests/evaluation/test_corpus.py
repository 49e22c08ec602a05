"""The parser measured on the corpus: the public samples exact, floors on the written cases.

tests/fixtures/corpus/dev was studied while the rules were written; .../dev-b was written by
another author, measured blind (93.4% right, 5 invented on 2026-12-02) and then studied;
.../holdout is a newer set by another author, never read (only its summary figures): it is
the honest measure. .../dev-c was written by a new author from the spec alone and studied
(94.0% right when it arrived); .../holdout-2 was written by a fourth author, measured blind
at 90.6% right / 2 invented on 2026-12-06; its two invented fields were then read (a "to
follow" list taken as none known, "for now" as an immediate need) and its first 15 lines of
differences seen, nothing else. .../dev-d (a fifth author) was blind at 90.2% / 0 invented
at its first run and then studied; .../holdout-4 (a sixth author) was blind at 95.9% / 0
invented at its first run (2026-12-06) and then studied; .../holdout-5 (a seventh author)
was blind at 93.8% / 0 invented at its first run on the merged parser and then studied;
.../holdout-6 (an eighth author, asked for the hardest genuine cases) was blind at 95.4% /
0 invented at its first run and then studied; .../holdout-7 (a ninth author) was blind at
98.1% / 0 invented at its first run (2026-12-06) and has not been read; .../holdout-8 (a
tenth author, 30 cases) was blind at 97.9% / 0 invented at its first run and has not been
read.
The floors are the figures reached when they were set, so a change can only keep or raise them.
The target is 95% right and nothing invented on cases written by other people.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.evaluation.corpus import evaluate, read_cases
from bot.intake.parsing import ParseContext, parse_message, parsed_to_json

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

# (folder, lowest percentage of fields right, most fields invented)
FLOORS = [
    ("samples", 100.0, 0),
    ("corpus/dev", 99.8, 0),
    ("corpus/dev-b", 99.6, 0),
    ("corpus/holdout", 97.8, 0),
    ("corpus/dev-c", 99.8, 0),
    ("corpus/holdout-2", 97.3, 0),
    ("corpus/dev-d", 99.0, 0),
    ("corpus/holdout-4", 99.8, 0),
    ("corpus/holdout-5", 100.0, 0),
    ("corpus/holdout-6", 100.0, 0),
    ("corpus/holdout-7", 98.1, 0),
    ("corpus/holdout-8", 97.9, 0),
]


@pytest.mark.parametrize(("folder", "right_pct", "invented"), FLOORS, ids=[f for f, *_ in FLOORS])
def test_corpus_figures(ctx: ParseContext, folder: str, right_pct: float, invented: int) -> None:
    def parse(raw: bytes) -> dict[str, Any]:
        return parsed_to_json(parse_message(raw, ctx))

    report = evaluate(read_cases(FIXTURES / folder), parse)
    summary = report["summary"]  # only the figures: the holdout's cases are not for reading
    assert summary["right_pct"] >= right_pct, summary
    assert summary["invented"] <= invented, summary
    if folder == "samples":
        assert summary["cases"] == summary["cases_exact"] == 7, summary
