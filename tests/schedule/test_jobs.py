"""The due-lists, pure: a week, the clock changes, bank-holiday Fridays, the monthly
report, the two-hour guard and on-call alerts."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.clock import LONDON
from bot.schedule.calendar import make_calendar
from bot.schedule.jobs import (
    AlertState,
    HomeState,
    Plan,
    Recipients,
    ReferralState,
    State,
    due_between,
    next_runs,
)
from bot.settings_schedule import DEFAULT_HOURS, OnCallSettings, ScheduleSettings

PLAN = Plan(
    calendar=make_calendar(DEFAULT_HOURS),
    schedule=ScheduleSettings(),
    recipients=Recipients(
        officers="officers@swcu.test", team_manager="cat@swcu.test",
        authorities=("duty@hants.gov.uk",), slack_channel="#swcu", oncall=OnCallSettings(),
    ),
)
HOMES = (
    HomeState("OAK", "Oak Lodge", ("duty@oaklodge.test",)),
    HomeState("FEN", "Fenland House", ("office@fenland-house.test",)),
    HomeState("NOM", "No Mail House", ()),
)
STATE = State(homes=HOMES)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def local(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=LONDON).astimezone(UTC)


def week(start: datetime, state: State = STATE, plan: Plan = PLAN) -> list:
    return due_between(plan, state, start, start + timedelta(days=7))


def test_a_full_week() -> None:
    got = week(local(2026, 11, 23))  # Monday 23 Nov .. Sunday 29 Nov
    jobs = Counter(o.job for o in got)
    assert jobs == {
        "vacancy_reminder": 10, "vacancy_chase": 10, "vacancy_noon_list": 5,
        "friday_notice": 2, "friday_handover": 1,
    }
    reminders = [o for o in got if o.job == "vacancy_reminder"]
    assert {o.due for o in reminders} == {local(2026, 11, d, 9, 30) for d in range(23, 28)}
    assert "NOM" not in {o.target for o in got}  # no address: nobody to remind
    friday = [o for o in got if o.job.startswith("friday")]
    assert [(o.job, o.target, o.due) for o in friday] == [
        ("friday_notice", "authorities", local(2026, 11, 27, 12)),
        ("friday_notice", "slack", local(2026, 11, 27, 12)),
        ("friday_handover", "oncall", local(2026, 11, 27, 19)),
    ]
    assert len({o.key for o in got}) == len(got)
    assert all(o.due.weekday() < 5 for o in got)


def test_a_home_that_answered_is_not_chased_nor_reminded_next_day() -> None:
    oak = replace(HOMES[0], reports=(local(2026, 11, 23, 10, 5),))
    got = week(local(2026, 11, 23), State(homes=(oak, HOMES[1])))
    oak_jobs = [(o.job, o.due) for o in got if o.target == "OAK"]
    assert ("vacancy_reminder", local(2026, 11, 23, 9, 30)) in oak_jobs
    assert ("vacancy_chase", local(2026, 11, 23, 11, 30)) not in oak_jobs
    assert ("vacancy_reminder", local(2026, 11, 24, 9, 30)) not in oak_jobs
    assert ("vacancy_reminder", local(2026, 11, 25, 9, 30)) in oak_jobs


def _once_a_day_at_the_same_wall_time(got: list, job: str, hour: int, minute: int) -> None:
    mine = [o for o in got if o.job == job and o.target == "OAK"]
    days = [o.due.astimezone(LONDON).date() for o in mine]
    assert len(days) == len(set(days)) == 5
    assert {(o.due.astimezone(LONDON).hour, o.due.astimezone(LONDON).minute) for o in mine} == {
        (hour, minute)
    }


def test_spring_forward_29_march_2026() -> None:
    got = week(local(2026, 3, 25))  # Wed 25 .. Tue 31 March; the clocks change on Sunday
    _once_a_day_at_the_same_wall_time(got, "vacancy_reminder", 9, 30)
    _once_a_day_at_the_same_wall_time(got, "vacancy_chase", 11, 30)
    oak = {o.due for o in got if o.job == "vacancy_reminder" and o.target == "OAK"}
    assert utc(2026, 3, 27, 9, 30) in oak and utc(2026, 3, 30, 8, 30) in oak


def test_fall_back_25_october_2026() -> None:
    got = week(local(2026, 10, 22))  # Thu 22 .. Wed 28 October
    _once_a_day_at_the_same_wall_time(got, "vacancy_reminder", 9, 30)
    oak = {o.due for o in got if o.job == "vacancy_reminder" and o.target == "OAK"}
    assert utc(2026, 10, 23, 8, 30) in oak and utc(2026, 10, 26, 9, 30) in oak
    assert [o.due for o in got if o.job == "friday_handover"] == [utc(2026, 10, 23, 18, 0)]


def test_windows_split_anywhere_give_the_same_occurrences() -> None:
    start = local(2026, 10, 19)
    whole = week(start)
    parts = []
    cut = start
    while cut < start + timedelta(days=7):
        parts += due_between(PLAN, STATE, cut, cut + timedelta(minutes=47))
        cut += timedelta(minutes=47)
    parts = [o for o in parts if o.due < start + timedelta(days=7)]
    assert [o.key for o in parts] == [o.key for o in whole]


def test_christmas_day_2026_a_friday_moves_the_notice_to_thursday() -> None:
    got = week(local(2026, 12, 21))
    friday = [(o.job, o.target, o.due) for o in got if o.job.startswith("friday")]
    assert friday == [
        ("friday_notice", "authorities", local(2026, 12, 24, 12)),
        ("friday_notice", "slack", local(2026, 12, 24, 12)),
        ("friday_handover", "oncall", local(2026, 12, 24, 17)),
    ]
    assert not [o for o in got if o.due.astimezone(LONDON).day == 25]


def test_good_friday_26_march_2027() -> None:
    got = week(local(2027, 3, 22))
    friday = [(o.job, o.due) for o in got if o.job.startswith("friday")]
    assert friday == [
        ("friday_notice", local(2027, 3, 25, 12)),
        ("friday_notice", local(2027, 3, 25, 12)),
        ("friday_handover", local(2027, 3, 25, 17)),
    ]


def test_a_closure_notice_the_week_before_is_not_forgotten_at_a_window_edge() -> None:
    # The window ends on Thursday evening: Friday is Christmas, the notice is Thursday's.
    got = due_between(PLAN, STATE, local(2026, 12, 24, 11), local(2026, 12, 24, 13))
    assert [o.job for o in got if o.job == "friday_notice"] == ["friday_notice"] * 2


def test_monthly_report_and_its_reminder() -> None:
    jan = due_between(PLAN, STATE, local(2027, 1, 1), local(2027, 2, 1),
                      ["monthly_report", "monthly_report_reminder"])
    assert [(o.job, o.target, o.due) for o in jan] == [
        ("monthly_report", "2026-12", local(2027, 1, 4, 9)),
        ("monthly_report_reminder", "2026-12", local(2027, 1, 13, 9)),
    ]
    sent = State(homes=HOMES, reports_sent=frozenset({"2026-12"}))
    jan = due_between(PLAN, sent, local(2027, 1, 1), local(2027, 2, 1),
                      ["monthly_report", "monthly_report_reminder"])
    assert [o.job for o in jan] == ["monthly_report"]


def _ref(**kw: object) -> ReferralState:
    base = dict(reference="SWCU-2026-0042", initials="AK", status="complete",
                received_at=local(2026, 11, 23, 10), completed_at=local(2026, 11, 23, 10),
                list_sent_at=None)
    return ReferralState(**{**base, **kw})  # type: ignore[arg-type]


def test_the_two_hour_guard() -> None:
    got = due_between(PLAN, State(referrals=(_ref(),)), local(2026, 11, 23),
                      local(2026, 11, 24), ["guard_warning", "guard_breach"])
    assert [(o.job, o.due, o.to) for o in got] == [
        ("guard_warning", local(2026, 11, 23, 11, 30), ("officers@swcu.test",)),
        ("guard_breach", local(2026, 11, 23, 12), ("officers@swcu.test", "cat@swcu.test")),
    ]
    in_time = _ref(status="list_sent", list_sent_at=local(2026, 11, 23, 11))
    late = _ref(status="list_sent", list_sent_at=local(2026, 11, 23, 11, 45))
    assert due_between(PLAN, State(referrals=(in_time,)), local(2026, 11, 23),
                       local(2026, 11, 24), ["guard_warning", "guard_breach"]) == []
    assert [o.job for o in due_between(PLAN, State(referrals=(late,)), local(2026, 11, 23),
                                       local(2026, 11, 24))] == ["guard_warning"]


def test_alerts_for_referrals_out_of_hours_and_their_escalation() -> None:
    saturday = _ref(received_at=local(2026, 11, 28, 10), completed_at=local(2026, 11, 28, 10))
    weekday = _ref(reference="SWCU-2026-0043")
    late_friday = _ref(reference="SWCU-2026-0044", received_at=local(2026, 11, 27, 20),
                       completed_at=local(2026, 11, 28, 9), status="complete")
    state = State(referrals=(saturday, weekday, late_friday))
    got = due_between(PLAN, state, local(2026, 11, 23), local(2026, 11, 30), ["oncall_alert"])
    assert [(o.target, o.due) for o in got] == [
        ("SWCU-2026-0044:received", local(2026, 11, 27, 20)),
        ("SWCU-2026-0044:completed", local(2026, 11, 28, 9)),
        ("SWCU-2026-0042:received", local(2026, 11, 28, 10)),  # arrived complete: one
    ]
    raised = local(2026, 11, 28, 10)
    jobs = ["oncall_backup", "oncall_manager"]
    window = (raised, raised + timedelta(hours=1))
    unacked = State(alerts=(AlertState(7, "SWCU-2026-0042", raised, None),))
    assert [(o.job, o.target, o.due) for o in due_between(PLAN, unacked, *window, jobs)] == [
        ("oncall_backup", "7", raised + timedelta(minutes=15)),
        ("oncall_manager", "7", raised + timedelta(minutes=30)),
    ]
    acked_early = State(alerts=(AlertState(7, "X", raised, raised + timedelta(minutes=5)),))
    assert due_between(PLAN, acked_early, *window, jobs) == []
    acked_later = State(alerts=(AlertState(7, "X", raised, raised + timedelta(minutes=20)),))
    assert [o.job for o in due_between(PLAN, acked_later, *window, jobs)] == ["oncall_backup"]


def test_next_runs() -> None:
    nxt = next_runs(PLAN, STATE, local(2026, 12, 24, 12, 30))
    assert nxt["vacancy_reminder"] and nxt["vacancy_reminder"].due == local(2026, 12, 29, 9, 30)
    # New Year's Day 2027 is a Friday bank holiday: the notice goes on Thursday.
    assert nxt["friday_notice"] and nxt["friday_notice"].due == local(2026, 12, 31, 12)
    assert nxt["monthly_report"] and nxt["monthly_report"].due == local(2027, 1, 4, 9)
