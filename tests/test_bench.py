"""bench parse: the overall figure and one per kind of message, from the fixtures."""

from __future__ import annotations

from pathlib import Path

from bot.bench import PARSE_KINDS, bench_parse, message_kind

FIXTURES = Path(__file__).parent / "fixtures"


def test_message_kind_is_the_costliest_part_carried() -> None:
    plain = b"From: a@b.gov.uk\r\nSubject: x\r\n\r\nhello\r\n"
    html = b"From: a@b.gov.uk\r\nMIME-Version: 1.0\r\nContent-Type: text/html\r\n\r\n<p>hi</p>\r\n"
    assert message_kind(plain) == "plain"
    assert message_kind(html) == "html"
    kinds = {message_kind(p.read_bytes()) for p in (FIXTURES / "samples").glob("*.eml")}
    assert "docx" in kinds  # sample 07 carries a Word form


def test_bench_parse_reports_each_kind_and_counts_every_message() -> None:
    figures = bench_parse([FIXTURES / "samples"], rounds=1)
    assert sum(figures[f"{k}_messages"] for k in PARSE_KINDS) == figures["messages"] > 0
    for kind in PARSE_KINDS:
        if figures[f"{kind}_messages"]:
            assert 0 < figures[f"{kind}_p50_ms"] <= figures[f"{kind}_p95_ms"]
    assert figures["parse_p50_ms"] <= figures["parse_p95_ms"] <= figures["parse_max_ms"]
    assert 0 < figures["parse_cpu_p50_ms"] <= figures["parse_cpu_p95_ms"]
