"""Bounded work per attachment (issue 8): a bomb costs milliseconds and is flagged."""

from __future__ import annotations

import time
import tracemalloc
from dataclasses import replace

from bot.intake.parsing.attachments import DEFAULT, read_attachment

from .conftest import ATTACHMENTS, read_fixture

# The bound is about a second per message; a refused bomb costs about a millisecond,
# so these leave a busy CI machine a wide margin and still fail on the old behaviour (~80 s).
SECONDS = 1.0
MEGABYTES = 30


def _seconds(name: str) -> float:
    data = (ATTACHMENTS / name).read_bytes()
    read_attachment("warm-up.docx", "", (ATTACHMENTS / "table-beside.docx").read_bytes())
    read_attachment("warm-up.pdf", "", (ATTACHMENTS / "text.pdf").read_bytes())
    started = time.perf_counter()
    read_attachment(name, "", data)
    return time.perf_counter() - started


def _peak_mb(name: str) -> float:
    """Peak traced memory (a separate run: tracemalloc slows pypdf many times over)."""
    data = (ATTACHMENTS / name).read_bytes()
    tracemalloc.start()
    read_attachment(name, "", data)
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return peak


def _cost(name: str) -> tuple[float, float]:
    return _seconds(name), _peak_mb(name)


def test_the_docx_bomb_is_refused_on_its_declared_size_within_budget() -> None:
    assert (ATTACHMENTS / "bomb.docx").stat().st_size < 50_000
    reading = read_fixture("bomb.docx")
    assert reading.over_budget == "it expands to 30 MB (more than 20 MB)"
    assert reading.problem is None and reading.lines == []
    seconds, peak = _cost("bomb.docx")
    assert seconds < SECONDS and peak < MEGABYTES, (seconds, peak)


def test_a_docx_under_the_size_limits_stops_at_the_element_budget_keeping_what_it_read() -> None:
    reading = read_fixture("many-paragraphs.docx")
    assert reading.over_budget is not None and "3,000" in reading.over_budget
    assert ("Child's initials", "MR") in reading.pairs
    seconds = _seconds("many-paragraphs.docx")
    assert seconds < SECONDS


def test_the_xml_tag_count_is_checked_before_parsing() -> None:
    data = (ATTACHMENTS / "many-paragraphs.docx").read_bytes()
    reading = read_attachment("x.docx", "", data, replace(DEFAULT, xml_tags=10_000))
    assert reading is not None and reading.over_budget == "it has more than 10,000 XML elements"
    assert reading.lines == []


def test_the_pdf_bomb_stops_inside_pypdf_within_budget() -> None:
    reading = read_fixture("bomb.pdf")
    assert reading.over_budget == "a part of it expands beyond what is read automatically"
    seconds, peak = _cost("bomb.pdf")
    assert seconds < SECONDS and peak < MEGABYTES, (seconds, peak)


def test_deep_nesting_in_a_pdf_is_unreadable_within_budget() -> None:
    reading = read_fixture("deep.pdf")
    assert reading.problem is not None or reading.over_budget is not None
    seconds = _seconds("deep.pdf")
    assert seconds < SECONDS


def test_a_long_pdf_is_read_to_its_page_budget() -> None:
    reading = read_fixture("many-pages.pdf")
    assert reading.over_budget == "it has 60 pages; the first 20 were read"
    assert reading.lines.count("Page of a long report") == DEFAULT.pdf_pages


def test_dense_pdf_pages_stop_at_the_content_budget() -> None:
    data = (ATTACHMENTS / "many-pages.pdf").read_bytes()
    reading = read_attachment("x.pdf", "", data, replace(DEFAULT, pdf_content_bytes=200))
    assert reading is not None and reading.over_budget is not None
    assert "of 60 pages were read" in reading.over_budget


def test_dense_pages_cost_one_page_not_ten() -> None:
    # Unbudgeted, pypdf spends ~4 s on this 855-byte file; the content budget stops it
    # after the first page (~0.5 s). The bound is the 2 s for a busy machine.
    read_fixture("text.pdf")  # pypdf imported and warm
    started = time.perf_counter()
    reading = read_fixture("dense.pdf")
    seconds = time.perf_counter() - started
    assert reading.over_budget is not None and "1 of 10 pages were read" in reading.over_budget
    assert seconds < 2.0, seconds
