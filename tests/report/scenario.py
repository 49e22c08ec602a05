"""October 2026, a month with known answers: the clocks go back on Sunday 25 October
(02:00 BST becomes 01:00 GMT); the month runs from 30 Sep 23:00 UTC to 1 Nov 00:00 UTC.

| ref | received (UTC)      | London         | complete → list           | outcome                 |
|-----|---------------------|----------------|---------------------------|-------------------------|
| A   | 30 Sep 23:30        | 1 Oct 00:30    | 23:40 → 00:40 (60 min)    | placed at Harbour Point |
| B   | 30 Sep 22:30        | 30 Sep 23:30   | September: trend only     | placed                  |
| C   | 31 Oct 23:30        | 31 Oct 23:30   | 23:50 → 1 Nov 01:10 (80)  | open (list sent)        |
| D   | 1 Nov 00:10         | 1 Nov 00:10    | November: not counted     |                         |
| E   | 10 Oct 09:00        |                | 10:00 → 13:30 (210) late  | withdrawn               |
| F   | 20 Oct 08:00        |                | 08:30 → none: breach      | not placed, no home     |
| G   | 25 Oct 00:30        | 01:30 BST      | 00:45 → 02:30 (105 min,   | open (list sent)        |
|     |                     |                | 45 min on the wall clock) |                         |
| H   | 5 Oct 12:00         |                | never complete            | open                    |
| I   | 31 Oct 22:00        |                | 23:00 → none, not yet due | open, no home           |
| J   | 12 Oct 09:00        |                | 10:00 → 10:30 (30 min)    | withdrawn               |
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.domain.model import BedVacancy, Place

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
PORTSMOUTH = Place("Portsmouth", 50.8198, -1.0880)
HARBOUR = ("HAR", "Harbour Point", 50.8520, -1.1780)
ALDER = ("ALD", "Alder House", 53.8, -1.55)
BIRCH = ("BIR", "Birch Lodge", 51.5, -0.12)
FEE = 7777  # Alder's weekly fee in the database: must appear in no file


def t(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


# reference: fields of the referral (authority code, for the service's region join)
REFERRALS: dict[str, dict[str, object]] = {
    "SW-A": dict(
        received_at=t(9, 30, 23, 30),
        completed_at=t(9, 30, 23, 40),
        list_sent_at=t(10, 1, 0, 40),
        status="placed",
        closed_at=t(10, 3, 12),
        placed_home_code="HAR",
        authority=("E10000014", "Hampshire", "South East"),
        gender="female",
        age=15,
        placement_type="welfare",
        home_area="Portsmouth",
        eligible=("HAR",),
    ),
    "SW-B": dict(
        received_at=t(9, 30, 22, 30),
        completed_at=t(9, 30, 22, 40),
        list_sent_at=t(9, 30, 23),
        status="placed",
        closed_at=t(10, 2, 12),
        placed_home_code="HAR",
        authority=("E10000014", "Hampshire", "South East"),
        gender="female",
        age=15,
        placement_type="welfare",
        eligible=("HAR",),
    ),
    "SW-C": dict(
        received_at=t(10, 31, 23, 30),
        completed_at=t(10, 31, 23, 50),
        list_sent_at=t(11, 1, 1, 10),
        status="list_sent",
        authority=("E10000014", "Hampshire", "South East"),
        gender="female",
        age=16,
        placement_type="welfare",
        eligible=("BIR",),
    ),
    "SW-D": dict(
        received_at=t(11, 1, 0, 10),
        status="incomplete",
        authority=("E10000016", "Kent", "South East"),
    ),
    "SW-E": dict(
        received_at=t(10, 10, 9),
        completed_at=t(10, 10, 10),
        list_sent_at=t(10, 10, 13, 30),
        status="withdrawn",
        closed_at=t(10, 14, 9),
        reason="Needs met in the community",
        authority=("E10000016", "Kent", "South East"),
        gender="male",
        age=13,
        placement_type="welfare",
        eligible=("BIR",),
    ),
    "SW-F": dict(
        received_at=t(10, 20, 8),
        completed_at=t(10, 20, 8, 30),
        status="not_placed",
        closed_at=t(10, 22, 9),
        reason="No suitable home",
        authority=("E09000022", "Lambeth", "London"),
        gender="female",
        age=14,
        placement_type="welfare",
        eligible=(),
    ),
    "SW-G": dict(
        received_at=t(10, 25, 0, 30),
        completed_at=t(10, 25, 0, 45),
        list_sent_at=t(10, 25, 2, 30),
        status="list_sent",
        authority=("E10000016", "Kent", "South East"),
        gender="male",
        age=12,
        placement_type="justice",
        eligible=("ALD",),
    ),
    "SW-H": dict(received_at=t(10, 5, 12), status="incomplete"),
    "SW-I": dict(
        received_at=t(10, 31, 22),
        completed_at=t(10, 31, 23),
        status="complete",
        authority=("E08000035", "Leeds", "Yorkshire and The Humber"),
        gender="non_binary",
        age=17,
        placement_type="welfare",
        eligible=(),
    ),
    "SW-J": dict(
        received_at=t(10, 12, 9),
        completed_at=t(10, 12, 10),
        list_sent_at=t(10, 12, 10, 30),
        status="withdrawn",
        closed_at=t(10, 13, 9),
        reason="needs met in the  community",
        authority=("E10000014", "Hampshire", "South East"),
        gender="female",
        age=15,
        placement_type="justice",
        eligible=("ALD",),
    ),
}

# (home code, reported/recorded at, source, beds)
VACANCIES: list[tuple[str, datetime, str, tuple[BedVacancy, ...]]] = [
    ("ALD", t(9, 28, 9), "email", (BedVacancy(2, "any", "welfare"),)),
    ("ALD", t(10, 1, 9), "email", (BedVacancy(2, "any", "welfare"),)),
    ("ALD", t(10, 2, 9), "email", (BedVacancy(2, "any", "welfare"),)),
    (
        "ALD",
        t(10, 15, 9),
        "email",
        (BedVacancy(1, "any", "welfare"), BedVacancy(1, "any", "justice", date(2026, 10, 20))),
    ),
    ("BIR", t(10, 9, 8), "phone", (BedVacancy(3, "any", "any"),)),
    ("BIR", t(10, 12, 10), "placement", (BedVacancy(2, "any", "any"),)),
]

# What `swcu report --json` says of October (less its files), worked out from the table above.
OCTOBER_SUMMARY = {
    "month": "2026-10",
    "referrals": 8,
    "complete": 7,
    "lists_sent": 5,
    "lists_within_2h": 4,
    "lists_within_2h_pct": 57.1,  # 4 of 7 complete
    "median_minutes_to_list": 80.0,  # of 30, 60, 80, 105, 210
    "outcomes": {"placed": 1, "withdrawn": 2, "not_placed": 1, "open": 4},
    "by_authority": {"Hampshire": 3, "Kent": 2, "Lambeth": 1, "Leeds": 1, "Not given": 1},
}

# Working days of October 2026 in England: Thu 1, Fri 2 and four full weeks; no bank holiday.
OCTOBER_WORKING_DAYS = 22
