"""Vacancy replies from homes, in free text: which home, and which beds from when.

Pure functions of the message's text. The reading is deliberately cautious: a statement it
cannot read with confidence gives `confident=False` (an officer checks it) rather than a
guessed bed count, and sentences about closed or occupied beds never count as vacancies.

How a reply is read:
1. Quoted history is cut off (`strip_quoted_reply`).
2. An out-of-office reply is never a vacancy statement.
3. Our own template ("Beds available: / Gender restrictions: / Available from:") filled in
   on separate lines is read field by field.
4. Otherwise the text is cut into clauses (sentences, lines, " / ", ";", " but ") and each
   clause is searched for bed mentions ("1 bed", "one welfare bed", "bed x1", "a bed",
   "Female bed", "2 beds (1 boy, 1 girl)"), each with the gender, placement type and date
   found next to it. "No vacancies", "nil", "full" and "0 beds" read as no beds.
Which home wrote is vacancy_home's (re-exported here).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from bot.clock import LONDON
from bot.domain.model import BedVacancy, Home, VacancyDetails
from bot.intake.parsing.availability import find_dates
from bot.intake.parsing.vacancy_headings import headed_clauses, names_its_own_date
from bot.intake.parsing.vacancy_home import identify_home, strip_quoted_reply
from bot.intake.parsing.vacancy_opposite import is_opposite, refers_back
from bot.intake.parsing.vacancy_quoted import answers_in_check, split_genders
from bot.intake.parsing.vacancy_split import split_by_date
from bot.intake.parsing.vacancy_table import cells, read_rows
from bot.intake.parsing.vacancy_type_dates import split_dates_by_type
from bot.intake.parsing.vacancy_types import split_by_type
from bot.intake.parsing.vacancy_words import (
    ASKING,
    CLOSED,
    GENDER_PAIR,
    NIL,
    NIL_WHOLE,
    OUT_OF_OFFICE,
    PLURAL_NO_COUNT,
    VAGUE_WHEN,
    Mention,
    count_of,
    gender_of,
    mentions,
    normalise,
    placement_type,
)

__all__ = [
    "VacancyReading",
    "identify_home",
    "parse_vacancy_text",
    "read_vacancy",
    "strip_quoted_reply",
]

# --------------------------------------------------------------------------- reading


@dataclass
class VacancyReading:
    """What `read_vacancy` understood, with the doubts an officer should see."""

    details: VacancyDetails
    warnings: list[str] = field(default_factory=list)


def parse_vacancy_text(text: str, sent_at: datetime, home: Home | None) -> VacancyDetails:
    """The vacancy position in a reply; `confident=False` when it cannot be read safely."""
    return read_vacancy(text, sent_at, home).details


def read_vacancy(text: str, sent_at: datetime, home: Home | None) -> VacancyReading:
    reading = _Reader(sent_at).read(text or "")
    details = reading.details
    if home is not None:
        details.home = home.name
        details.home_code = home.code
    return reading


class _Reader:
    def __init__(self, sent_at: datetime) -> None:
        if sent_at.tzinfo is None:
            sent_at = sent_at.replace(tzinfo=LONDON)
        self.today = sent_at.astimezone(LONDON).date()
        self.warnings: list[str] = []
        self.doubtful = False

    def doubt(self, warning: str) -> None:
        self.doubtful = True
        if warning not in self.warnings:
            self.warnings.append(warning)

    def read(self, raw: str) -> VacancyReading:
        text = normalise(strip_quoted_reply(raw))
        lower = text.lower()
        if OUT_OF_OFFICE.search(lower):
            return self._unsure("looks like an out-of-office reply")
        if not lower.strip():
            quoted = self._quoted(raw, lower)
            return quoted if quoted is not None else self._unsure("the reply is empty")
        form = self._form(text)
        if form is not None:
            return self._result(form, nil=not form)
        table = self._table(strip_quoted_reply(raw))
        if table is not None:
            return self._result(table, nil=not table)
        beds: list[BedVacancy] = []
        nil = False
        for clause, heading in headed_clauses(text, self.today):
            found, said_nil = self._clause(clause)
            if heading is not None and not names_its_own_date(clause, self.today):
                # A date said once as a heading over the bed lines (vacancy_headings).
                dated, when = self._when(heading, quiet=True)
                found = [replace(b, available_from=when) if dated else b for b in found]
            beds.extend(found)
            nil = nil or said_nil
        if not beds and not nil:
            quoted = self._quoted(raw, lower)
            if quoted is not None:
                return quoted
        return self._result(beds, nil)

    def _quoted(self, raw: str, new_lower: str) -> VacancyReading | None:
        """The answers typed into our quoted check, when the new text gave none; a type
        said in the new text ("both beds are welfare") holds for them."""
        answers = answers_in_check(normalise(raw))
        if answers is None:
            return None
        beds = self._form(answers)
        if beds is None:
            return None
        kind = placement_type(new_lower)
        beds = [
            BedVacancy(
                b.count,
                b.gender,
                kind if b.placement_type == "any" else b.placement_type,
                b.available_from,
            )
            for b in beds
        ]
        self.warnings.append("read from the answers typed into our quoted vacancy check")
        return self._result(beds, nil=not beds)

    def _unsure(self, warning: str) -> VacancyReading:
        return VacancyReading(VacancyDetails(beds=[], confident=False), [warning])

    def _result(self, beds: list[BedVacancy], nil: bool) -> VacancyReading:
        if not beds and not nil:
            self.doubt("no vacancy statement found")
        confident = not self.doubtful
        return VacancyReading(VacancyDetails(beds=beds, confident=confident), self.warnings)

    # ---- our own template, filled in line by line

    _FORM_BEDS = re.compile(r"^\s*(?:beds?|vacancies)\s*(?:available)?\s*[:=-]\s*(?P<v>.*)$", re.I)
    _FORM_GENDER = re.compile(r"^\s*gender(?:\s+restrictions?)?\s*[:=-]\s*(?P<v>.*)$", re.I)
    _FORM_FROM = re.compile(r"^\s*available\s+from\s*[:=-]\s*(?P<v>.*)$", re.I)
    _FORM_TYPE = re.compile(r"^\s*(?:placement\s+)?type\s*[:=-]\s*(?P<v>.*)$", re.I)

    def _form(self, text: str) -> list[BedVacancy] | None:
        values: dict[str, str] = {}
        for line in text.split("\n"):
            for key, pattern in (
                ("beds", self._FORM_BEDS),
                ("gender", self._FORM_GENDER),
                ("from", self._FORM_FROM),
                ("type", self._FORM_TYPE),
            ):
                m = pattern.match(line)
                if m and key not in values:
                    values[key] = m.group("v").strip()
        if "beds" not in values or len(values) < 2:
            return None
        first = re.match(r"\s*(\w+)", values["beds"].lower())
        count = count_of(first.group(1)) if first else None
        if count is None and values["beds"].lower().strip(" .") in ("none", "n/a", "full", ""):
            count = 0
        if count is None:
            self.doubt("could not read the number of beds")
            return []
        if count == 0:
            return []
        gender_text = values.get("gender", "").lower()
        gender = (
            "any"
            if re.match(r"\s*(?:none|no|n/a|-|$)", gender_text)
            else gender_of(gender_text, values.get("gender", ""))
        )
        kind = placement_type(values.get("type", "").lower() + " " + values["beds"].lower())
        from_text = values.get("from", "").lower()
        # Per-bed answers: "one bed female only, the other either"; "1 today, 1 from Monday".
        by_gender = split_genders(gender_text, count)
        by_date = split_by_date(from_text, (0, 0), count, self.today)
        if by_gender and by_date:
            self.doubt("the beds are split both by gender and by date")
            return []
        # "3 - 1 welfare, 2 justice" with a date answer given type by type.
        by_type = [] if by_gender else split_by_type(values["beds"].lower(), (0, 0), count)
        if by_type and (typed := split_dates_by_type(from_text, by_type, self.today)):
            return [BedVacancy(n, gender, kind_, when_) for n, kind_, when_ in typed]
        if by_date:
            return [BedVacancy(n, gender, kind, when_) for n, when_ in by_date]
        _, when = self._when(from_text)
        if by_gender:
            return [BedVacancy(n, gender_, kind, when) for n, gender_ in by_gender]
        return [BedVacancy(count, gender, kind, when)]

    # ---- a small table, one row a bed entry

    def _table(self, text: str) -> list[BedVacancy] | None:
        rows = read_rows(text, count_of)
        if rows is None:
            return None
        # A table without a gender column: a gender said once around it ("Boys only as
        # always") holds for every row. Whole words only: a signature's initial is no gender.
        around = "\n".join(ln for ln in text.split("\n") if len(cells(ln)) < 2).lower()
        beds = []
        for row in rows:
            count = count_of(row["count"].split(" ")[0]) or 0
            if count == 0:
                continue
            gender_cell = row.get("gender", "")
            if "gender" not in row:
                beds.append(
                    BedVacancy(
                        count,
                        gender_of(around, ""),
                        placement_type(row.get("type", "").lower()),
                        self._when(row.get("when", ""))[1],
                    )
                )
                continue
            _, when = self._when(row.get("when", ""))
            kind = placement_type(row.get("type", "").lower())
            beds.append(BedVacancy(count, gender_of(gender_cell.lower(), gender_cell), kind, when))
        return beds

    # ---- free text

    def _clause(self, clause: str) -> tuple[list[BedVacancy], bool]:
        lower = clause.lower()
        if NIL_WHOLE.match(lower):
            return [], True
        found_mentions = mentions(lower)
        nil_spans = [(m.start(), m.end()) for m in NIL.finditer(lower)]
        said_nil = bool(nil_spans) or any(m.count == 0 for m in found_mentions)
        positive = [
            m
            for m in found_mentions
            if m.count != 0
            and not any(m.start < e and s < m.end for s, e in nil_spans)
            # "all 12 beds are full", "of our 8 beds": the home's size, never a vacancy
            and not is_opposite(lower, m.start, m.end, all_full=said_nil)
        ]
        if positive and refers_back(lower):
            # "We can take a boy or a girl in that bed": the bed was counted already.
            return [], said_nil
        if not positive:
            if (
                not said_nil
                and PLURAL_NO_COUNT.search(lower)
                and re.search(r"\b(?:available|vacant|free|have)\b", lower)
                and not CLOSED.search(lower)
                and not ASKING.search(lower)
            ):
                self.doubt(f"beds mentioned without a number: {clause!r}")
            return [], said_nil
        if CLOSED.search(lower) or clause.rstrip().endswith("?"):
            return [], said_nil
        asking = ASKING.search(lower)
        if asking is not None:  # "if you need a bed ..." asks, it does not offer
            positive = [m for m in positive if m.start < asking.start()]
            if not positive:
                return [], said_nil
        if len(positive) == 1:
            return self._one(clause, lower, positive[0]), said_nil
        # Several mentions ("1 male bed now and 1 female bed from Monday"): each part keeps
        # its own words; a date or type said once for the whole clause applies to all.
        beds: list[BedVacancy] = []
        cuts = [m.start for m in positive] + [len(clause)]
        cuts[0] = 0
        shared_dated, shared_when = self._when(lower, quiet=True)
        shared_type = placement_type(lower)
        for m, start, end in zip(positive, cuts, cuts[1:], strict=False):
            part, part_lower = clause[start:end], lower[start:end]
            inside = Mention(m.count, m.start - start, m.end - start)
            beds.extend(
                self._one(part, part_lower, inside, (shared_type, shared_dated, shared_when))
            )
        return beds, said_nil

    def _one(
        self,
        clause: str,
        lower: str,
        mention: Mention,
        shared: tuple[str, bool, date | None] = ("any", False, None),
    ) -> list[BedVacancy]:
        """The beds of one mention; `shared` is the (type, dated, date) said once for a
        clause that holds several mentions, used where this part says none of its own."""
        total = mention.count or 1
        kind = placement_type(lower)
        if kind == "any":
            kind = shared[0]
        if len(list(GENDER_PAIR.finditer(lower))) >= 2:
            dated, when = self._when(lower, quiet=True)  # each pair reads its own date below
        else:
            dated, when = self._when(lower, quiet=True)
            if not split_by_date(lower, (mention.start, mention.end), total, self.today):
                dated, when = self._when(lower)
        if not dated and shared[1]:
            when = shared[2]
        pairs = [
            p for p in GENDER_PAIR.finditer(lower) if not (mention.start <= p.start() < mention.end)
        ]
        if len(pairs) >= 2 and sum(count_of(p.group("count")) or 0 for p in pairs) == total:
            # "2 beds (1 boy, 1 girl)": one bed entry per gender, each with its own words.
            beds = []
            ends = [p.start() for p in pairs[1:]] + [len(lower)]
            for p, end in zip(pairs, ends, strict=True):
                part = lower[p.start() : end]
                part_dated, part_when = self._when(part)
                part_kind = placement_type(part)
                beds.append(
                    BedVacancy(
                        count_of(p.group("count")) or 0,
                        "female" if p.group("gender")[0] in "fg" else "male",
                        kind if part_kind == "any" else part_kind,
                        part_when if part_dated else when,
                    )
                )
            return [b for b in beds if b.count > 0]
        if len(pairs) >= 2:
            self.doubt(f"the beds by gender do not add up: {clause!r}")
        gender = gender_of(lower, clause)
        if by_type := split_by_type(lower, (mention.start, mention.end), total):
            return [BedVacancy(count, gender, kind_, when) for count, kind_ in by_type]
        if by_date := split_by_date(lower, (mention.start, mention.end), total, self.today):
            return [BedVacancy(count, gender, kind, when_) for count, when_ in by_date]
        return [BedVacancy(total, gender, kind, when)]

    def _when(self, text: str, quiet: bool = False) -> tuple[bool, date | None]:
        """(a date was stated, the date or None for now)."""
        lower = text.lower()
        found = find_dates(lower, self.today)
        if not quiet:
            for w in found:
                if not w.consistent:
                    self.doubt(f"the weekday and the date do not agree: {text.strip()!r}")
        if not found:
            if not quiet and VAGUE_WHEN.search(lower):
                self.doubt(f"could not read when the bed is free: {text.strip()!r}")
            return False, None
        distinct = {w.date for w in found}
        if len(distinct) == 1:
            return True, found[0].date
        # Several different dates: the most specific one wins, and an officer checks.
        if not quiet:
            self.doubt(f"more than one date for the same bed: {text.strip()!r}")
        for kind in ("numeric", "day_month", "month_day", "weekday_day", "ordinal", "weekday"):
            for w in found:
                if w.kind == kind:
                    return True, w.date
        return True, found[0].date
