"""What the scheduler has to send: pure due-lists from (calendar, settings, the database's
state as plain data, a window of time) to occurrences. An occurrence is one notice —
job, due time, target — and its key is what the runner claims, once."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from bot.schedule.calendar import UnitCalendar, wall_clock
from bot.settings_schedule import OnCallSettings, ScheduleSettings

WALL_CLOCK_JOBS = (
    "vacancy_reminder",
    "vacancy_chase",
    "vacancy_noon_list",
    "friday_notice",
    "friday_handover",
    "monthly_report",
    "monthly_report_reminder",
)
EVENT_JOBS = ("guard_warning", "guard_breach", "oncall_alert", "oncall_backup", "oncall_manager")
JOBS = WALL_CLOCK_JOBS + EVENT_JOBS
# A referral received and completed this close together raises one alert, not two.
ONE_ALERT = timedelta(minutes=5)


@dataclass(frozen=True, order=True)
class Occurrence:
    due: datetime  # UTC
    job: str
    target: str  # a home code, a reference, an alert id, a month, "authorities", "slack", …
    to: tuple[str, ...] = field(default=(), compare=False)

    @property
    def key(self) -> str:
        return f"{self.job}|{self.due.astimezone(UTC):%Y-%m-%dT%H:%MZ}|{self.target}"


@dataclass(frozen=True)
class HomeState:
    code: str
    name: str
    emails: tuple[str, ...]
    reports: tuple[datetime, ...] = ()  # when its vacancy reports reached us, oldest first

    def reported_between(self, start: datetime, end: datetime) -> bool:
        return any(start <= r < end for r in self.reports)


@dataclass(frozen=True)
class ReferralState:
    reference: str
    initials: str | None
    status: str
    received_at: datetime
    completed_at: datetime | None
    list_sent_at: datetime | None


@dataclass(frozen=True)
class AlertState:
    id: int
    reference: str
    raised_at: datetime
    acknowledged_at: datetime | None


@dataclass(frozen=True)
class State:
    homes: tuple[HomeState, ...] = ()
    referrals: tuple[ReferralState, ...] = ()
    alerts: tuple[AlertState, ...] = ()
    reports_sent: frozenset[str] = frozenset()  # months "YYYY-MM" marked sent to DfE


@dataclass(frozen=True)
class Recipients:
    """Where notices go, from the settings (plain data)."""

    officers: str
    team_manager: str
    authorities: tuple[str, ...] = ()
    slack_channel: str | None = None  # None: Slack is not configured
    oncall: OnCallSettings = field(default_factory=OnCallSettings)


@dataclass(frozen=True)
class Plan:
    calendar: UnitCalendar
    schedule: ScheduleSettings
    recipients: Recipients


def local_days(plan: Plan, start: datetime, end: datetime) -> Iterator[date]:
    day = plan.calendar.local_day(start) - timedelta(days=1)  # a due time may precede 00:00
    last = plan.calendar.local_day(end)
    while day <= last:
        yield day
        day += timedelta(days=1)


def due_between(plan: Plan, state: State, start: datetime, end: datetime,
                jobs: Sequence[str] = JOBS) -> list[Occurrence]:
    """Every occurrence due in [start, end), sorted by time."""
    wanted = set(jobs)
    out: list[Occurrence] = []
    if wanted & {"vacancy_reminder", "vacancy_chase", "vacancy_noon_list"}:
        out += vacancy_occurrences(plan, state, start, end)
    if wanted & {"friday_notice", "friday_handover"}:
        out += friday_occurrences(plan, start, end)
    if wanted & {"monthly_report", "monthly_report_reminder"}:
        out += report_occurrences(plan, state, start, end)
    if wanted & {"guard_warning", "guard_breach"}:
        out += guard_occurrences(plan, state)
    if wanted & {"oncall_alert", "oncall_backup", "oncall_manager"}:
        out += alert_occurrences(plan, state)
    found = [o for o in out if o.job in wanted and start <= o.due < end]
    return sorted(found, key=lambda o: (o.due, o.job, o.target))


def vacancy_occurrences(plan: Plan, state: State, start: datetime,
                        end: datetime) -> Iterator[Occurrence]:
    """Each working morning, every home not heard from since the previous working day's
    reminder; at the chase time those of them still silent; at noon the officers' list."""
    cal, s = plan.calendar, plan.schedule
    for day in local_days(plan, start, end):
        if not cal.is_working_day(day):
            continue
        remind = wall_clock(day, s.vacancy_reminder)
        since = wall_clock(cal.previous_working_day(day), s.vacancy_reminder)
        chase = wall_clock(day, s.vacancy_chase)
        noon = wall_clock(day, s.vacancy_noon_list)
        reminded = [h for h in state.homes if h.emails and not h.reported_between(since, remind)]
        silent_at_noon = []
        for h in reminded:
            yield Occurrence(remind, "vacancy_reminder", h.code, h.emails)
            if not h.reported_between(remind, chase):
                yield Occurrence(chase, "vacancy_chase", h.code, h.emails)
            if not h.reported_between(remind, noon):
                silent_at_noon.append(h.code)
        if silent_at_noon:
            yield Occurrence(noon, "vacancy_noon_list", "officers", (plan.recipients.officers,))


def silent_homes(plan: Plan, state: State, day: date) -> list[HomeState]:
    """The homes reminded on `day` that had not answered by the noon list."""
    cal, s = plan.calendar, plan.schedule
    remind = wall_clock(day, s.vacancy_reminder)
    since = wall_clock(cal.previous_working_day(day), s.vacancy_reminder)
    noon = wall_clock(day, s.vacancy_noon_list)
    return [
        h
        for h in state.homes
        if h.emails
        and not h.reported_between(since, remind)
        and not h.reported_between(remind, noon)
    ]


def friday_occurrences(plan: Plan, start: datetime, end: datetime) -> Iterator[Occurrence]:
    """Working Fridays at the notice time: the authorities' email and a Slack post; at
    closing time the hand-over to on-call. A Friday that is not a working day moves both
    to the working day before it, as a closure notice."""
    cal, r = plan.calendar, plan.recipients
    for day in local_days(plan, start, end + timedelta(days=7)):
        if day.weekday() != 4:
            continue
        notice_day = day if cal.is_working_day(day) else cal.previous_working_day(day)
        yield from _friday_notices(plan, notice_day, r)


def _friday_notices(plan: Plan, day: date, r: Recipients) -> Iterator[Occurrence]:
    at = wall_clock(day, plan.schedule.friday_notice)
    # No contact list set: the unit's inbox gets it, to forward, rather than nobody.
    yield Occurrence(at, "friday_notice", "authorities", r.authorities or (r.officers,))
    if r.slack_channel:
        yield Occurrence(at, "friday_notice", "slack", (f"slack:{r.slack_channel}",))
    span = plan.calendar.opening(day)
    assert span is not None
    yield Occurrence(span[1], "friday_handover", "oncall", ("on-call",))


def is_closure_notice(plan: Plan, due: datetime) -> bool:
    """A Friday notice sent on another day is the notice of a closed Friday."""
    return plan.calendar.local_day(due).weekday() != 4


def report_occurrences(plan: Plan, state: State, start: datetime,
                       end: datetime) -> Iterator[Occurrence]:
    """On the first working day of a month, last month's report; on the reminder working
    day, a reminder if it has not been marked sent."""
    cal, s = plan.calendar, plan.schedule
    manager = (plan.recipients.team_manager,)
    months = sorted({(d.year, d.month) for d in local_days(plan, start - timedelta(days=20),
                                                           end)})
    for year, month in months:
        previous = f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"
        first = cal.nth_working_day(year, month, 1)
        yield Occurrence(wall_clock(first, s.monthly_report), "monthly_report", previous, manager)
        if previous not in state.reports_sent:
            nth = cal.nth_working_day(year, month, s.report_reminder_working_day)
            yield Occurrence(
                wall_clock(nth, s.monthly_report), "monthly_report_reminder", previous, manager
            )


def report_deadline(plan: Plan, month: str) -> date:
    """DfE's deadline for the report of `month` ("YYYY-MM"): a working day of the next."""
    year, mon = (int(x) for x in month.split("-"))
    year, mon = (year + 1, 1) if mon == 12 else (year, mon + 1)
    return plan.calendar.nth_working_day(year, mon, plan.schedule.report_deadline_working_day)


def guard_occurrences(plan: Plan, state: State) -> Iterator[Occurrence]:
    """The two-hour guard: a complete referral without a list gets a warning to the
    officers, then a breach alert to officers and team manager."""
    s, r = plan.schedule, plan.recipients
    for ref in state.referrals:
        if ref.completed_at is None:
            continue
        for job, minutes, to in (
            ("guard_warning", s.guard_warning_minutes, (r.officers,)),
            ("guard_breach", s.guard_breach_minutes, (r.officers, r.team_manager)),
        ):
            due = ref.completed_at + timedelta(minutes=minutes)
            late = (
                ref.status == "complete" if ref.list_sent_at is None else ref.list_sent_at > due
            )
            if late:
                yield Occurrence(due, job, ref.reference, to)


def alert_occurrences(plan: Plan, state: State) -> Iterator[Occurrence]:
    """A referral arriving, or becoming complete, while the unit is closed alerts on-call;
    an alert not acknowledged goes on to the backup, then to the team manager."""
    cal, s = plan.calendar, plan.schedule
    for ref in state.referrals:
        events = []
        if not cal.is_open(ref.received_at):
            events.append(("received", ref.received_at))
        done = ref.completed_at
        if done is not None and not cal.is_open(done):
            if not events or done - ref.received_at > ONE_ALERT:
                events = [e for e in events if done - e[1] > ONE_ALERT]
                events.append(("completed", done))
        for what, at in events:
            yield Occurrence(at, "oncall_alert", f"{ref.reference}:{what}", ("on-call",))
    for alert in state.alerts:
        for job, minutes in (
            ("oncall_backup", s.escalate_backup_minutes),
            ("oncall_manager", s.escalate_manager_minutes),
        ):
            due = alert.raised_at + timedelta(minutes=minutes)
            if alert.acknowledged_at is None or alert.acknowledged_at > due:
                yield Occurrence(due, job, str(alert.id), (job.removeprefix("oncall_"),))


def next_runs(plan: Plan, state: State, now: datetime,
              jobs: Sequence[str] = WALL_CLOCK_JOBS) -> dict[str, Occurrence | None]:
    """The next occurrence of each job after `now` (looking up to 45 days ahead)."""
    ahead = due_between(plan, state, now, now + timedelta(days=45), jobs)
    out: dict[str, Occurrence | None] = {job: None for job in jobs}
    for occ in ahead:
        if out.get(occ.job) is None:
            out[occ.job] = occ
    return out
