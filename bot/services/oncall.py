"""The on-call rota as the services see it: the settings' shifts plus, when `oncall.ical`
is set, the shifts of an iCal file (an event's SUMMARY names the person by key or name;
recurring events are expanded). The file is read again when it changes."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.schedule.rota import OnCall, next_on_call, on_call_at, stage_person
from bot.settings import Settings
from bot.settings_schedule import OnCallSettings, Person, Shift

log = logging.getLogger(__name__)

BEFORE = timedelta(days=7)
AHEAD = timedelta(days=60)
_lock = threading.Lock()
_cache: dict[tuple[Path, float, date], tuple[Shift, ...]] = {}


def ical_shifts(path: Path, rota: OnCallSettings, start: datetime,
                end: datetime) -> tuple[Shift, ...]:
    """The file's events between `start` and `end` as shifts of the rota's people; an
    event naming nobody in the rota is left out (logged, without its text)."""
    import icalendar
    import recurring_ical_events

    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    by_name = {k.lower(): k for k in rota.people} | {
        p.name.lower(): k for k, p in rota.people.items()
    }
    shifts = []
    unknown = 0
    for event in recurring_ical_events.of(calendar).between(start, end):
        who = by_name.get(str(event.get("SUMMARY", "")).strip().lower())
        begin, finish = event.get("DTSTART").dt, event.get("DTEND").dt
        if who is None or not isinstance(begin, datetime) or not isinstance(finish, datetime):
            unknown += 1
            continue
        shifts.append(Shift(who, _utc(begin), _utc(finish)))
    if unknown:
        log.warning("oncall.ical: %d events name nobody in oncall.people (or last all day)",
                    unknown)
    return tuple(sorted(shifts, key=lambda s: s.start))


def _utc(value: datetime) -> datetime:
    from bot.clock import LONDON

    return (value if value.tzinfo else value.replace(tzinfo=LONDON)).astimezone(UTC)


def extra_shifts(settings: Settings, around: datetime) -> tuple[Shift, ...]:
    path = settings.oncall.ical
    if path is None:
        return ()
    key = (path, path.stat().st_mtime, around.date())
    with _lock:
        if key not in _cache:
            _cache.clear()
            _cache[key] = ical_shifts(path, settings.oncall, around - BEFORE, around + AHEAD)
        return _cache[key]


def on_call(settings: Settings, at: datetime) -> OnCall:
    return on_call_at(settings.oncall, at, extra_shifts(settings, at))


def on_call_next(settings: Settings, at: datetime) -> OnCall:
    return next_on_call(settings.oncall, at, extra_shifts(settings, at))


def person_for_stage(settings: Settings, stage: str, at: datetime) -> Person | None:
    return stage_person(settings.oncall, stage, at, extra_shifts(settings, at))
