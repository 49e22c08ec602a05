"""The scheduler's settings: office hours, job times and grace periods, contacts, the
on-call rota and GOV.UK Notify. Read from the settings file's `[calendar]`, `[schedule]`,
`[contacts]`, `[oncall]` and `[notify]` tables; a bad value names its setting."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_HOURS = {
    0: (time(9), time(17)),
    1: (time(9), time(17)),
    2: (time(9), time(17)),
    3: (time(9), time(17)),
    4: (time(9), time(19)),
}
# Minutes after its due time within which a missed occurrence is still worth sending.
DEFAULT_GRACE = {
    "vacancy_reminder": 120,
    "vacancy_chase": 45,
    "vacancy_noon_list": 60,
    "friday_notice": 180,
    "friday_handover": 120,
    "monthly_report": 3 * 24 * 60,
    "monthly_report_reminder": 2 * 24 * 60,
    "guard_warning": 25,
    # A breach is recorded for the report however late it is noticed.
    "guard_breach": 14 * 24 * 60,
    "oncall_alert": 12 * 60,
    "oncall_backup": 12 * 60,
    "oncall_manager": 12 * 60,
}


def _error(message: str) -> Exception:
    from bot.settings import SettingsError

    return SettingsError(message)


@dataclass(frozen=True)
class CalendarSettings:
    hours: Mapping[int, tuple[time, time]] = field(default_factory=lambda: dict(DEFAULT_HOURS))
    closed_days: frozenset[date] = frozenset()  # local closures on top of bank holidays
    open_days: frozenset[date] = frozenset()  # bank holidays the unit works anyway


@dataclass(frozen=True)
class ScheduleSettings:
    vacancy_reminder: time = time(9, 30)
    vacancy_chase: time = time(11, 30)
    vacancy_noon_list: time = time(12, 0)
    friday_notice: time = time(12, 0)
    monthly_report: time = time(9, 0)
    report_reminder_working_day: int = 8
    report_deadline_working_day: int = 10
    guard_warning_minutes: int = 90
    guard_breach_minutes: int = 120
    escalate_backup_minutes: int = 15
    escalate_manager_minutes: int = 30
    grace_minutes: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_GRACE))
    report_dir: str = "reports"  # under the store directory
    tick_seconds: int = 30
    enabled: bool = True  # swcu serve runs the scheduler (SWCU_SCHEDULER=off: it does not)


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    email: str | None = None
    phone: str | None = None  # for SMS: staff numbers, never a child's
    slack: str | None = None  # Slack user ID for a DM


@dataclass(frozen=True)
class Shift:
    person: str
    start: datetime  # aware, UTC
    end: datetime


@dataclass(frozen=True)
class OnCallSettings:
    people: Mapping[str, Person] = field(default_factory=dict)
    shifts: tuple[Shift, ...] = ()
    default: str | None = None  # on call when no shift names anyone
    backup: str | None = None
    team_manager: str | None = None
    ical: Path | None = None  # an iCal file of shifts (SUMMARY names the person)


@dataclass(frozen=True)
class ContactSettings:
    team_manager_email: str = "manager@swcu.test"
    authorities: tuple[str, ...] = ()  # the Friday notice list
    on_call_phone: str | None = None  # the number authorities ring out of hours


@dataclass(frozen=True)
class NotifySettings:
    api_key: str | None = None  # SWCU_NOTIFY_API_KEY, environment only
    base_url: str = "https://api.notifications.service.gov.uk"
    sms_template_id: str | None = None  # a Notify template whose text is ((body))
    # How often `swcu serve` reads the replies to alert texts from Notify (0: never).
    inbound_poll_seconds: int = 60

    @property
    def sms_enabled(self) -> bool:
        return bool(self.api_key and self.sms_template_id)

    @property
    def inbound_enabled(self) -> bool:
        return self.sms_enabled and self.inbound_poll_seconds > 0


_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def parse_hhmm(name: str, value: Any) -> time:
    if not isinstance(value, str) or not _HHMM.match(value.strip()):
        raise _error(f"{name}: expected a time HH:MM, got {value!r}")
    h, m = value.strip().split(":")
    return time(int(h), int(m))


def _table(name: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _error(f"{name}: expected a table")
    return value


def _unknown(name: str, data: Mapping[str, Any], known: set[str]) -> None:
    extra = sorted(set(data) - known)
    if extra:
        raise _error(f"{name}.{extra[0]}: unknown setting")


def _days(name: str, value: Any) -> frozenset[date]:
    if not isinstance(value, list):
        raise _error(f"{name}: expected a list of dates YYYY-MM-DD")
    out = set()
    for v in value:
        if isinstance(v, date) and not isinstance(v, datetime):
            out.add(v)
            continue
        try:
            out.add(date.fromisoformat(str(v)))
        except ValueError:
            raise _error(f"{name}: not a date YYYY-MM-DD: {v!r}") from None
    return frozenset(out)


def _positive(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise _error(f"{name}: expected a positive whole number, got {value!r}")
    return value


def _email(name: str, value: Any) -> str:
    if not isinstance(value, str) or "@" not in value or "," in value or " " in value.strip():
        raise _error(f"{name}: expected an email address, got {value!r}")
    return value.strip()


def calendar_settings(data: Any) -> CalendarSettings:
    data = _table("calendar", data)
    _unknown("calendar", data, {"hours", "closed_days", "open_days"})
    hours = dict(DEFAULT_HOURS)
    if "hours" in data:
        given = _table("calendar.hours", data["hours"])
        _unknown("calendar.hours", given, set(WEEKDAYS))
        hours = {}
        for i, day in enumerate(WEEKDAYS):
            if day not in given or given[day] in ("", "closed"):
                continue
            text = given[day]
            parts = text.split("-") if isinstance(text, str) else []
            if len(parts) != 2:
                raise _error(f"calendar.hours.{day}: expected HH:MM-HH:MM, got {text!r}")
            opens = parse_hhmm(f"calendar.hours.{day}", parts[0])
            closes = parse_hhmm(f"calendar.hours.{day}", parts[1])
            if closes <= opens:
                raise _error(f"calendar.hours.{day}: closes before it opens ({text})")
            hours[i] = (opens, closes)
    return CalendarSettings(
        hours=hours,
        closed_days=_days("calendar.closed_days", data.get("closed_days", [])),
        open_days=_days("calendar.open_days", data.get("open_days", [])),
    )


_TIMES = ("vacancy_reminder", "vacancy_chase", "vacancy_noon_list", "friday_notice",
          "monthly_report")
_COUNTS = ("report_reminder_working_day", "report_deadline_working_day",
           "guard_warning_minutes", "guard_breach_minutes", "escalate_backup_minutes",
           "escalate_manager_minutes", "tick_seconds")


def schedule_settings(data: Any, env: Mapping[str, str]) -> ScheduleSettings:
    data = _table("schedule", data)
    _unknown("schedule", data, {*_TIMES, *_COUNTS, "grace_minutes", "report_dir", "enabled"})
    kw: dict[str, Any] = {}
    if "enabled" in data:
        if not isinstance(data["enabled"], bool):
            raise _error("schedule.enabled: expected true or false")
        kw["enabled"] = data["enabled"]
    switch = env.get("SWCU_SCHEDULER", "").strip().lower()
    if switch:
        if switch not in ("on", "off"):
            raise _error(f"SWCU_SCHEDULER: expected on or off, got {switch!r}")
        kw["enabled"] = switch == "on"
    for key in _TIMES:
        if key in data:
            kw[key] = parse_hhmm(f"schedule.{key}", data[key])
    for key in _COUNTS:
        if key in data:
            kw[key] = _positive(f"schedule.{key}", data[key])
    grace = dict(DEFAULT_GRACE)
    given = _table("schedule.grace_minutes", data.get("grace_minutes", {}))
    _unknown("schedule.grace_minutes", given, set(DEFAULT_GRACE))
    for job, minutes in given.items():
        grace[job] = _positive(f"schedule.grace_minutes.{job}", minutes)
    kw["grace_minutes"] = grace
    if "report_dir" in data:
        if not isinstance(data["report_dir"], str) or not data["report_dir"].strip():
            raise _error("schedule.report_dir: expected a folder name")
        kw["report_dir"] = data["report_dir"].strip()
    s = ScheduleSettings(**kw)
    if s.guard_breach_minutes <= s.guard_warning_minutes:
        raise _error("schedule.guard_warning_minutes: must come before guard_breach_minutes")
    if s.escalate_manager_minutes <= s.escalate_backup_minutes:
        raise _error("schedule.escalate_backup_minutes: must come before escalate_manager_minutes")
    if s.report_deadline_working_day < s.report_reminder_working_day:
        raise _error("schedule.report_reminder_working_day: must not be after the deadline")
    return s


def contact_settings(data: Any) -> ContactSettings:
    data = _table("contacts", data)
    _unknown("contacts", data, {"team_manager_email", "authorities", "on_call_phone"})
    kw: dict[str, Any] = {}
    if "team_manager_email" in data:
        kw["team_manager_email"] = _email("contacts.team_manager_email",
                                          data["team_manager_email"])
    if "authorities" in data:
        if not isinstance(data["authorities"], list):
            raise _error("contacts.authorities: expected a list of email addresses")
        kw["authorities"] = tuple(_email("contacts.authorities", a) for a in data["authorities"])
    if "on_call_phone" in data:
        kw["on_call_phone"] = _phone("contacts.on_call_phone", data["on_call_phone"])
    return ContactSettings(**kw)


_PHONE = re.compile(r"^\+?[0-9 ]{10,16}$")


def _phone(name: str, value: Any) -> str:
    if not isinstance(value, str) or not _PHONE.match(value.strip()):
        raise _error(f"{name}: expected a phone number, got {value!r}")
    return value.strip()


def _london(name: str, value: Any) -> datetime:
    from bot.clock import LONDON

    if isinstance(value, datetime):
        stamp = value
    else:
        try:
            stamp = datetime.fromisoformat(str(value))
        except ValueError:
            raise _error(f"{name}: expected a date and time YYYY-MM-DDTHH:MM") from None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=LONDON)
    from datetime import UTC

    return stamp.astimezone(UTC)


def oncall_settings(data: Any, root: Path) -> OnCallSettings:
    data = _table("oncall", data)
    _unknown("oncall", data, {"people", "shifts", "default", "backup", "team_manager", "ical"})
    people: dict[str, Person] = {}
    for key, p in _table("oncall.people", data.get("people", {})).items():
        p = _table(f"oncall.people.{key}", p)
        _unknown(f"oncall.people.{key}", p, {"name", "email", "phone", "slack"})
        people[key] = Person(
            key=key,
            name=str(p.get("name") or key),
            email=_email(f"oncall.people.{key}.email", p["email"]) if "email" in p else None,
            phone=_phone(f"oncall.people.{key}.phone", p["phone"]) if "phone" in p else None,
            slack=str(p["slack"]).strip() if p.get("slack") else None,
        )
        if not (people[key].email or people[key].phone or people[key].slack):
            raise _error(f"oncall.people.{key}: needs an email, phone or slack to be reached")

    def person(name: str, value: Any) -> str:
        if not isinstance(value, str) or value not in people:
            raise _error(f"{name}: {value!r} is not one of oncall.people")
        return value

    shifts = []
    raw_shifts = data.get("shifts", [])
    if not isinstance(raw_shifts, list):
        raise _error("oncall.shifts: expected a list of {person, start, end}")
    for i, s in enumerate(raw_shifts):
        s = _table(f"oncall.shifts[{i}]", s)
        _unknown(f"oncall.shifts[{i}]", s, {"person", "start", "end"})
        shift = Shift(
            person=person(f"oncall.shifts[{i}].person", s.get("person")),
            start=_london(f"oncall.shifts[{i}].start", s.get("start")),
            end=_london(f"oncall.shifts[{i}].end", s.get("end")),
        )
        if shift.end <= shift.start:
            raise _error(f"oncall.shifts[{i}].end: ends before it starts")
        shifts.append(shift)
    kw: dict[str, Any] = {}
    for key in ("default", "backup", "team_manager"):
        if key in data:
            kw[key] = person(f"oncall.{key}", data[key])
    if "ical" in data:
        path = Path(str(data["ical"]))
        kw["ical"] = path if path.is_absolute() else root / path
        if not kw["ical"].is_file():
            raise _error(f"oncall.ical: no such file {kw['ical']}")
    return OnCallSettings(people=people, shifts=tuple(sorted(shifts, key=lambda s: s.start)),
                          **kw)


def notify_settings(data: Any, env: Mapping[str, str]) -> NotifySettings:
    data = _table("notify", data)
    _unknown("notify", data, {"sms_template_id", "inbound_poll_seconds"})
    poll = data.get("inbound_poll_seconds", NotifySettings.inbound_poll_seconds)
    if isinstance(poll, bool) or not isinstance(poll, int) or poll < 0:
        raise _error("notify.inbound_poll_seconds: expected a whole number of seconds "
                     f"(0: do not read replies), got {poll!r}")
    template = data.get("sms_template_id") or None
    if template is not None and not re.match(r"^[0-9a-f-]{36}$", str(template)):
        raise _error("notify.sms_template_id: expected a Notify template ID (a UUID)")
    key = env.get("SWCU_NOTIFY_API_KEY") or None
    if key is not None and len(key) < 74:
        raise _error("SWCU_NOTIFY_API_KEY: too short to be a Notify API key")
    base = env.get("SWCU_NOTIFY_BASE_URL") or NotifySettings.base_url
    if not base.startswith(("http://", "https://")):
        raise _error(f"SWCU_NOTIFY_BASE_URL: expected an http(s) URL, got {base!r}")
    return NotifySettings(api_key=key, base_url=base, sms_template_id=template,
                          inbound_poll_seconds=poll)
