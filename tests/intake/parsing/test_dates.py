from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.intake.parsing.dates import parse_dob, parse_when

WED = datetime(2026, 11, 25, 16, 20, tzinfo=UTC)  # a Wednesday, GMT
JULY = datetime(2026, 7, 13, 7, 15, tzinfo=UTC)  # BST


@pytest.mark.parametrize(("text", "iso"), [
    ("24/11/2026 10:00", "2026-11-24T10:00:00+00:00"),
    ("tomorrow 10am", "2026-11-26T10:00:00+00:00"),
    ("today 5pm", "2026-11-25T17:00:00+00:00"),
    ("by 5pm", "2026-11-25T17:00:00+00:00"),
    ("Friday", "2026-11-27T00:00:00+00:00"),
    ("next Wednesday", "2026-12-02T00:00:00+00:00"),
    ("3rd March 2027", "2027-03-03T00:00:00+00:00"),
    ("Thursday 26th November 2026, 2pm", "2026-11-26T14:00:00+00:00"),
    ("26/11 by 1800hrs", "2026-11-26T18:00:00+00:00"),
    ("12.30pm on 27.11.26", "2026-11-27T12:30:00+00:00"),
    ("2026-12-01T09:30", "2026-12-01T09:30:00+00:00"),
    ("03/01", "2027-01-03T00:00:00+00:00"),  # written in November: next January
    ("within 24 hours", "2026-11-26T16:20:00+00:00"),
])
def test_when(text: str, iso: str) -> None:
    when, warning = parse_when(text, WED)
    assert warning is None and when is not None and when.at is not None
    assert when.at.isoformat() == iso and not when.now


@pytest.mark.parametrize("text", ["ASAP", "now", "Immediately", "today", "as soon as possible"])
def test_needed_now(text: str) -> None:
    when, _ = parse_when(text, WED)
    assert when is not None and when.now and when.at == WED


def test_summer_time_offset() -> None:
    when, _ = parse_when("14/07/2026 15:30", JULY)
    assert when is not None and when.at is not None
    assert when.at.isoformat() == "2026-07-14T15:30:00+01:00"
    when, _ = parse_when("tomorrow 10am", JULY)
    assert when is not None and when.at is not None
    assert when.at.isoformat() == "2026-07-14T10:00:00+01:00"


@pytest.mark.parametrize("text", ["31/02/2027", "soon-ish", "next week sometime"])
def test_unreadable_or_impossible_is_a_warning(text: str) -> None:
    when, warning = parse_when(text, WED)
    assert when is None and warning


@pytest.mark.parametrize(("text", "dob"), [
    ("7.6.11", date(2011, 6, 7)),
    ("14/02/2012", date(2012, 2, 14)),
    ("02.09.2010", date(2010, 9, 2)),  # day first, never US
    ("3rd March 2011", date(2011, 3, 3)),
    ("30 June 2011", date(2011, 6, 30)),
    ("1/1/99", date(1999, 1, 1)),
])
def test_dob(text: str, dob: date) -> None:
    assert parse_dob(text, date(2026, 11, 25)) == (dob, None)


@pytest.mark.parametrize("text", ["31/04/2012", "tomorrow", "01/01/2030"])
def test_bad_dob(text: str) -> None:
    dob, warning = parse_dob(text, date(2026, 11, 25))
    assert dob is None and warning
