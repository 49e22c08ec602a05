"""Who is on call: the settings' shifts, an iCal file's (recurring events expanded), the
default person between them; the escalation stages."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.clock import LONDON
from bot.schedule.rota import next_on_call, on_call_at, stage_person
from bot.services.oncall import on_call, on_call_next, person_for_stage
from bot.settings import load_settings
from tests.schedule.conftest import SCHEDULE_SETTINGS

ICS = SCHEDULE_SETTINGS.parent / "rota.ics"


def local(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=LONDON).astimezone(UTC)


def settings(tmp_path: Path, ical: bool = False):  # type: ignore[no-untyped-def]
    text = SCHEDULE_SETTINGS.read_text()
    if ical:
        text = text.replace('team_manager = "cat"', f'team_manager = "cat"\nical = "{ICS}"')
    path = tmp_path / "settings.toml"
    path.write_text(text)
    return load_settings(path, env={"SWCU_DATABASE_URL": "sqlite:///unused.db"})


def test_shifts_then_the_default(tmp_path: Path) -> None:
    rota = settings(tmp_path).oncall
    weekend = on_call_at(rota, local(2026, 11, 28, 12))
    assert weekend.person and weekend.person.name == "Bob"
    assert weekend.until == local(2026, 11, 30, 9)
    monday = on_call_at(rota, local(2026, 11, 30, 20))
    assert monday.person and monday.person.name == "Ann" and monday.until is None
    upcoming = next_on_call(rota, local(2026, 11, 27, 18))
    assert upcoming.person and upcoming.person.name == "Bob"
    assert stage_person(rota, "oncall_backup", local(2026, 11, 30, 20)).name == "Bob"  # type: ignore[union-attr]
    assert stage_person(rota, "oncall_manager", local(2026, 11, 30, 20)).name == "Cat"  # type: ignore[union-attr]


def test_an_ical_rota_with_recurring_weekends(tmp_path: Path) -> None:
    s = settings(tmp_path, ical=True)
    for week in range(4):  # every weekend of December from the weekly rule
        at = local(2026, 12, 5 + 7 * week, 23)
        got = on_call(s, at).person
        assert got and got.name == "Bob", at
    assert on_call(s, local(2026, 12, 8, 20)).person.name == "Cat"  # type: ignore[union-attr]
    # An event naming nobody in the rota is ignored: the default covers.
    assert on_call(s, local(2026, 12, 10, 20)).person.name == "Ann"  # type: ignore[union-attr]
    nxt = on_call_next(s, local(2026, 12, 8, 12))
    assert nxt.person and nxt.person.name == "Cat" and nxt.since == local(2026, 12, 8, 17)
    assert person_for_stage(s, "oncall_alert", local(2026, 12, 6, 3)).name == "Bob"  # type: ignore[union-attr]
