"""`swcu schedule preview|list`, `swcu oncall`, `swcu ack`, `swcu report --mark-sent`,
in-process: the interface's JSON, plain words, errors in one line with exit status 2."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from tests.commands.conftest import Swcu, seed_homes, succeeded
from tests.schedule.conftest import SCHEDULE_SETTINGS


def test_preview_json_is_the_interface(sqlite_cli: Swcu) -> None:
    seed_homes(sqlite_cli)
    rows = sqlite_cli.json("schedule", "preview", "--from", "2026-12-21", "--days", "14",
                           "--json")
    assert all({"job", "at", "to"} <= set(r) for r in rows)
    jobs = Counter(r["job"] for r in rows)
    assert {"vacancy_reminder", "vacancy_chase", "friday_notice"} <= set(jobs)
    first = datetime.fromisoformat(rows[0]["at"])
    assert first.utcoffset() is not None and rows[0]["at"].endswith("+00:00")
    # Christmas Day is a Friday: the notice goes on Thursday 24th.
    assert [r["at"][:10] for r in rows if r["job"] == "friday_notice"] == [
        "2026-12-24", "2026-12-31"
    ]
    january = sqlite_cli.json("schedule", "preview", "--from", "2027-01-01", "--days", "7",
                              "--json")
    assert [r["at"] for r in january if r["job"] == "monthly_report"] == [
        "2027-01-04T09:00:00+00:00"
    ]
    summer = sqlite_cli.json("schedule", "preview", "--from", "2027-06-07", "--days", "1",
                             "--json")
    assert {r["at"] for r in summer if r["job"] == "vacancy_reminder"} == {
        "2027-06-07T09:30:00+01:00"
    }


def test_preview_in_words_and_its_errors(sqlite_cli: Swcu) -> None:
    seed_homes(sqlite_cli)
    out = sqlite_cli.ok("schedule", "preview", "--from", "2026-12-26", "--days", "2")
    assert out.strip() == "nothing due in that window"  # Boxing Day weekend
    assert "not a date" in sqlite_cli.fail("schedule", "preview", "--from", "26/12/2026")
    err = sqlite_cli.fail("schedule", "preview", "--from", "2026-12-26", "--days", "0")
    assert "--days" in err and len(err.strip().splitlines()) == 1


def test_list_oncall_and_ack(sqlite_cli: Swcu) -> None:
    seed_homes(sqlite_cli)
    out = sqlite_cli.ok("schedule", "list")
    for job in ("vacancy_reminder", "vacancy_chase", "friday_notice", "monthly_report"):
        assert job in out
    assert "no on-call rota" in sqlite_cli.ok("oncall")
    rota = sqlite_cli.env(SWCU_CONFIG=str(SCHEDULE_SETTINGS))
    assert succeeded(sqlite_cli.run("oncall", env=rota)).startswith("now: Ann")
    err = sqlite_cli.fail("ack", "41")
    assert err.strip() == "swcu: no alert 41"


def test_report_mark_sent(sqlite_cli: Swcu) -> None:
    assert "no database" in sqlite_cli.fail("report", "--mark-sent", "2026-11")
    sqlite_cli.ok("db", "upgrade")
    assert "2026-11: marked sent" in sqlite_cli.ok("report", "--mark-sent", "2026-11")
    assert "already marked sent" in sqlite_cli.ok("report", "--mark-sent", "2026-11")
    assert "YYYY-MM" in sqlite_cli.fail("report", "--mark-sent", "2026-13")
    assert "alone" in sqlite_cli.fail("report", "--mark-sent", "2026-11", "--month", "2026-10")
    assert "--month and --out" in sqlite_cli.fail("report")
