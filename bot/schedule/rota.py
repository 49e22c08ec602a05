"""Who is on call: the rota's shifts, else the default person. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.settings_schedule import OnCallSettings, Person, Shift


@dataclass(frozen=True)
class OnCall:
    person: Person | None
    since: datetime | None  # None: the default, not a shift
    until: datetime | None  # when the next change happens (None: no change known)


def on_call_at(rota: OnCallSettings, at: datetime, shifts: Sequence[Shift] = ()) -> OnCall:
    """The person on call at `at`; `shifts` adds to the settings' (an iCal file's)."""
    all_shifts = sorted([*rota.shifts, *shifts], key=lambda s: s.start)
    for s in all_shifts:
        if s.start <= at < s.end:
            return OnCall(rota.people.get(s.person), s.start, s.end)
    upcoming = [s.start for s in all_shifts if s.start > at]
    default = rota.people.get(rota.default) if rota.default else None
    return OnCall(default, None, min(upcoming) if upcoming else None)


def next_on_call(rota: OnCallSettings, at: datetime, shifts: Sequence[Shift] = ()) -> OnCall:
    now = on_call_at(rota, at, shifts)
    if now.until is None:
        return OnCall(None, None, None)
    return on_call_at(rota, now.until, shifts)


def stage_person(rota: OnCallSettings, stage: str, at: datetime,
                 shifts: Sequence[Shift] = ()) -> Person | None:
    """Who an alert goes to at each stage: on call, then the backup, then the manager."""
    if stage == "oncall_alert":
        person = on_call_at(rota, at, shifts).person
        if person is not None:
            return person
        stage = "oncall_backup"
    if stage == "oncall_backup" and rota.backup:
        return rota.people.get(rota.backup)
    if rota.team_manager:
        return rota.people.get(rota.team_manager)
    return None
