"""`swcu vacancy set` (a phoned-in report; the home by fuzzy name or code) and
`swcu vacancy list --json`: beds, the age of each report, who has reported today."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import LONDON
from tests.commands.conftest import Swcu, failed, seed_homes, succeeded


def test_vacancy_set_and_list(cli: Swcu) -> None:
    seed_homes(cli)
    now = datetime.now(UTC)
    today = now.astimezone(LONDON).date()
    # --at without an offset is London wall-clock time.
    at = (now - timedelta(hours=30)).astimezone(LONDON).replace(second=0, microsecond=0)
    # (In the hour that repeats when the clocks go back, say which one.)
    at_arg = at.isoformat(timespec="minutes") if at.fold else at.strftime("%Y-%m-%dT%H:%M")
    start = today + timedelta(days=3)

    assert cli.ok("vacancy", "set", "oak lodge", "--beds", "1").startswith(
        "Oak Lodge: 1 bed now (reported "
    )
    out = cli.ok(
        "vacancy", "set", "Fenland Hse", "--beds", "2", "--gender", "male",
        "--type", "welfare", "--at", at_arg,
    )  # fmt: skip
    assert out.startswith("Fenland House: 2 male welfare beds now (reported "), out
    out = cli.ok("vacancy", "set", "SEV", "--beds", "1", "--from", start.isoformat())
    from_words = f"1 bed from {start:%a} {start.day} {start:%b}"
    assert out.startswith(f"Severn Lodge: {from_words}"), out

    listed, plain, no_home, future = cli.many(
        ("vacancy", "list", "--json"),
        ("vacancy", "list"),
        ("vacancy", "set", "No Such Home", "--beds", "1"),
        ("vacancy", "set", "oak", "--beds", "1", "--at", "2999-01-01T00:00"),
    )
    if datetime.now(UTC).astimezone(LONDON).date() != today:
        pytest.skip("ran across midnight in London: 'reported today' changed meaning")
    items = {i["home_code"]: i for i in json.loads(succeeded(listed))}
    assert len(items) == 14

    oak = items["OAK"]
    assert (oak["home"], oak["total_available"], oak["beds"]) == ("Oak Lodge", 1, ["1 bed now"])
    assert oak["reported_today"] is True and 0 <= oak["age_hours"] <= 0.1
    assert oak["source"] == "phone"

    fen = items["FEN"]
    assert (fen["total_available"], fen["beds"]) == (2, ["2 male welfare beds now"])
    assert datetime.fromisoformat(fen["reported_at"]) == at
    assert 29.9 <= fen["age_hours"] <= 30.3, fen
    assert fen["reported_today"] is False

    sev = items["SEV"]
    assert (sev["total_available"], sev["beds"], sev["reported_today"]) == (1, [from_words], True)

    for code in set(items) - {"OAK", "FEN", "SEV"}:
        assert items[code]["reported_at"] is None and items[code]["reported_today"] is False
        assert items[code]["total_available"] is None and items[code]["beds"] == []

    lines = succeeded(plain).splitlines()
    fen_line = next(x for x in lines if x.startswith("FEN "))
    assert "30.0h ago" in fen_line or "30.1h ago" in fen_line, fen_line
    assert "(not reported today)" in fen_line
    assert "(not reported today)" not in next(x for x in lines if x.startswith("OAK "))
    assert lines[-1].startswith("12 of 14 homes have not reported today: ")
    assert "Fenland House" in lines[-1] and "Oak Lodge" not in lines[-1]

    assert "no home matches 'No Such Home'" in failed(no_home)
    assert "future" in failed(future)
