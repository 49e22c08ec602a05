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
from dataclasses import dataclass, field
from datetime import date, datetime

from bot.clock import LONDON
from bot.domain.model import BedVacancy, Home, VacancyDetails
from bot.intake.parsing.availability import find_dates
from bot.intake.parsing.vacancy_home import identify_home, strip_quoted_reply
from bot.intake.parsing.vacancy_table import read_rows
from bot.intake.parsing.vacancy_types import split_by_type

__all__ = [
    "VacancyReading",
    "identify_home",
    "parse_vacancy_text",
    "read_vacancy",
    "strip_quoted_reply",
]

# --------------------------------------------------------------------------- words

_NUMBER_WORDS = {
    "zero": 0,
    "no": 0,
    "nil": 0,
    "one": 1,
    "a": 1,
    "an": 1,
    "single": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_COUNT_WORDS = "|".join(_NUMBER_WORDS)
_COUNT = rf"(?P<count>\d{{1,2}}|{_COUNT_WORDS})"
_BED_NOUN = r"(?P<noun>beds?|vacanc(?:y|ies)|spaces?|places?|placements?|rooms?)"
_ATTR = (
    r"(?:female|male|girls?|boys?|girl'?s|boy'?s|f|m|welfare|justice|secure|remand|yjb|mixed|"
    r"gender|any|available|vacant|free|more|further|additional|new|other|x|-)"
)
_MENTIONS = [
    # "1 bed", "one welfare bed", "2 female welfare beds", "1 x female bed", "a bed"
    re.compile(rf"\b{_COUNT}\s*(?:x\s*)?(?:{_ATTR}\s+){{0,3}}{_BED_NOUN}\b"),
    # "x1 female bed"
    re.compile(rf"\bx\s*(?P<count>\d{{1,2}})\s+(?:{_ATTR}\s+){{0,3}}{_BED_NOUN}\b"),
    # "Male welfare bed x1", "beds available: 2", "vacancies - nil"
    re.compile(
        rf"(?:\b{_ATTR}\s+){{0,3}}{_BED_NOUN}(?:\s+(?:available|free|vacant))?"
        rf"\s*(?:x\s*|[:=-]\s*){_COUNT}\b"
    ),
    # "we can take someone straight away", "able to take a girl from Monday": one bed
    re.compile(
        r"\b(?:can|could|able\s+to|happy\s+to)\s+(?:now\s+)?(?:take|accept|admit|offer\s+a\s+place\s+to)"
        r"\s+(?:someone|somebody|a\s+young\s+person|a\s+child|one|a\s+(?:girl|boy|young\s+(?:man|woman)))"
        r"(?P<noun>)"
    ),
    # "Female bed from Monday", "the bed is available": one bed, no count given
    re.compile(rf"(?:\b{_ATTR}\s+){{0,3}}(?P<noun>bed|vacancy)\b"),
]
_PLURAL_NO_COUNT = re.compile(r"\b(?:beds|vacancies|spaces|places)\b")
_GENDER_PAIR = re.compile(
    r"\b(?P<count>\d{1,2}|one|two|three|four|five|six)\s*(?:x\s*)?"
    r"(?P<gender>boys?|girls?|males?|females?|m|f)\b"
)
_FEMALE = re.compile(r"\b(?:females?|girls?|girl'?s|young\s+(?:woman|women|lady|ladies))\b")
_MALE = re.compile(r"\b(?:males?|boys?|boy'?s|lads?|young\s+(?:man|men))\b")
_LETTER_GENDER = re.compile(r"(?:(?<=[\s(\d])|^)(?P<g>[MF])(?=[\s),.;/]|$)")
_EITHER = re.compile(
    r"\b(?:either|mixed|any gender|both genders|male or female|boy or girl|female or male|"
    r"girl or boy|boys or girls|girls or boys|no gender restrictions?)\b"
)
_WELFARE = re.compile(r"\b(?:welfare|s\.?\s?25|section 25)\b")
_JUSTICE = re.compile(
    r"\b(?:justice|yjb|remand|remands|remanded|youth custody|sentenced|yjs|ycs)\b"
)

_NIL = re.compile(
    r"""\b(?:
        (?:no|nil|zero|0)\s+(?:current\s+|available\s+|welfare\s+|justice\s+)?
            (?:vacanc(?:y|ies)|beds?|availability|spaces?|places?|capacity)
      | nil\b
      | none\s+(?:available|at\s+(?:the\s+moment|present))
      | (?:are|is|remain|remains|still|currently|we're|were|at)\s+(?:currently\s+|still\s+)?full\b
      | full\s+capacity
      | fully\s+(?:occupied|booked|committed)
      | (?:unable|not\s+able|cannot|can't|can\s+not)\s+to?\s*offer\s+(?:any\s+)?(?:beds?|vacanc\w*)
    )""",
    re.VERBOSE,
)
_NIL_WHOLE = re.compile(r"^\s*(?:full|nil|none|no|0)\s*[.!]?\s*$")
_CLOSED = re.compile(
    r"\b(?:closed|closure|refurb\w*|repair\w*|maintenance|decorat\w*|out of (?:use|action)|"
    r"offline|unavailable|not available|isn'?t available|no longer|occupied|filled|taken|"
    r"being used|on hold|reserved|staffing|cannot|can'?t|unable)\b"
)
_ASKING = re.compile(
    r"\b(?:if you|do you|could you|can you|would you|please let|need a|needs a|require|request)"
)
_OUT_OF_OFFICE = re.compile(
    r"\b(?:out of (?:the )?office|annual leave|automatic reply|auto-?reply|"
    r"limited access to (?:my )?e-?mail|on leave until|away from (?:my|the) desk)\b"
)
_VAGUE_WHEN = re.compile(
    r"\b(?:next week|end of (?:the|this) week|this week|later|soon|shortly|weekend|tbc|tbd|"
    r"to be confirmed|hopefully)\b"
)


# --------------------------------------------------------------------------- clauses

_CLAUSE_SPLIT = re.compile(
    r"(?<=[.!?])\s+|\s+/\s+|;\s*|\s+but\s+|,\s*however,?\s*|\n+"
    r"|,?\s+(?=(?:and\s+|while\s+|whilst\s+)?the\s+other\b)|,\s*(?=other\b)"
)
_PARAGRAPH = re.compile(r"\n\s*\n")
_LIST_ITEM = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)])\s+")


def _normalise(text: str) -> str:
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'")
    text = text.replace("\u00a0", " ").replace("\t", " ")
    return text


def _clauses(text: str) -> list[str]:
    """Sentences and list items; wrapped lines inside a paragraph are joined first."""
    out: list[str] = []
    for paragraph in _PARAGRAPH.split(text):
        lines = [ln.strip() for ln in paragraph.split("\n") if ln.strip()]
        joined: list[str] = []
        for line in lines:
            # A line that starts a new item or ends a sentence stands alone.
            if joined and not _LIST_ITEM.match(line) and not re.search(r"[.!?:]$", joined[-1]):
                # Short lines are usually items of their own ("Male bed now").
                if len(joined[-1]) >= 60:
                    joined[-1] = f"{joined[-1]} {line}"
                    continue
            joined.append(line)
        for line in joined:
            line = _LIST_ITEM.sub("", line)
            out.extend(c.strip() for c in _CLAUSE_SPLIT.split(line) if c and c.strip())
    return out


@dataclass
class _Mention:
    count: int | None  # None: plural with no number
    start: int
    end: int


def _count(word: str) -> int | None:
    word = word.lower()
    if word.isdigit():
        return int(word)
    return _NUMBER_WORDS.get(word)


def _mentions(clause: str) -> list[_Mention]:
    found: list[_Mention] = []
    for pattern in _MENTIONS:
        for m in pattern.finditer(clause):
            if any(m.start() < x.end and x.start < m.end() for x in found):
                continue
            groups = m.groupdict()
            if groups.get("noun") == "" and found:
                continue  # "we can take someone - one welfare bed": the bed is the mention
            count = _count(groups["count"]) if groups.get("count") else 1
            found.append(_Mention(count, m.start(), m.end()))
    found.sort(key=lambda x: x.start)
    return found


def _gender(lower: str, original: str) -> str:
    if _EITHER.search(lower):
        return "any"
    female = bool(_FEMALE.search(lower))
    male = bool(_MALE.search(lower))
    for m in _LETTER_GENDER.finditer(original):
        female = female or m.group("g") == "F"
        male = male or m.group("g") == "M"
    if female and not male:
        return "female"
    if male and not female:
        return "male"
    return "any"


def _placement_type(lower: str) -> str:
    welfare = bool(_WELFARE.search(lower))
    justice = bool(_JUSTICE.search(lower))
    if welfare and not justice:
        return "welfare"
    if justice and not welfare:
        return "justice"
    return "any"


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
        text = _normalise(strip_quoted_reply(raw))
        lower = text.lower()
        if not lower.strip():
            return self._unsure("the reply is empty")
        if _OUT_OF_OFFICE.search(lower):
            return self._unsure("looks like an out-of-office reply")
        form = self._form(text)
        if form is not None:
            return self._result(form, nil=not form)
        table = self._table(strip_quoted_reply(raw))
        if table is not None:
            return self._result(table, nil=not table)
        beds: list[BedVacancy] = []
        nil = False
        for clause in _clauses(text):
            found, said_nil = self._clause(clause)
            beds.extend(found)
            nil = nil or said_nil
        return self._result(beds, nil)

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
        count = _count(first.group(1)) if first else None
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
            else _gender(gender_text, values.get("gender", ""))
        )
        _, when = self._when(values.get("from", ""))
        kind = _placement_type(values.get("type", "").lower() + " " + values["beds"].lower())
        return [BedVacancy(count, gender, kind, when)]

    # ---- a small table, one row a bed entry

    def _table(self, text: str) -> list[BedVacancy] | None:
        rows = read_rows(text, _count)
        if rows is None:
            return None
        beds = []
        for row in rows:
            count = _count(row["count"].split(" ")[0]) or 0
            if count == 0:
                continue
            gender_cell = row.get("gender", "")
            _, when = self._when(row.get("when", ""))
            kind = _placement_type(row.get("type", "").lower())
            beds.append(BedVacancy(count, _gender(gender_cell.lower(), gender_cell), kind, when))
        return beds

    # ---- free text

    def _clause(self, clause: str) -> tuple[list[BedVacancy], bool]:
        lower = clause.lower()
        if _NIL_WHOLE.match(lower):
            return [], True
        mentions = [m for m in _mentions(lower)]
        nil_spans = [(m.start(), m.end()) for m in _NIL.finditer(lower)]
        positive = [
            m
            for m in mentions
            if m.count != 0 and not any(m.start < e and s < m.end for s, e in nil_spans)
        ]
        said_nil = bool(nil_spans) or any(m.count == 0 for m in mentions)
        if not positive:
            if (
                not said_nil
                and _PLURAL_NO_COUNT.search(lower)
                and re.search(r"\b(?:available|vacant|free|have)\b", lower)
                and not _CLOSED.search(lower)
                and not _ASKING.search(lower)
            ):
                self.doubt(f"beds mentioned without a number: {clause!r}")
            return [], said_nil
        if _CLOSED.search(lower) or clause.rstrip().endswith("?"):
            return [], said_nil
        asking = _ASKING.search(lower)
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
        shared_type = _placement_type(lower)
        for m, start, end in zip(positive, cuts, cuts[1:], strict=False):
            part, part_lower = clause[start:end], lower[start:end]
            dated, when = self._when(part_lower)
            if not dated and shared_dated:
                when = shared_when
            kind = _placement_type(part_lower)
            if kind == "any":
                kind = shared_type
            beds.append(BedVacancy(m.count or 1, _gender(part_lower, part), kind, when))
        return beds, said_nil

    def _one(self, clause: str, lower: str, mention: _Mention) -> list[BedVacancy]:
        total = mention.count or 1
        kind = _placement_type(lower)
        if len(list(_GENDER_PAIR.finditer(lower))) >= 2:
            _, when = self._when(lower, quiet=True)  # each pair reads its own date below
        else:
            _, when = self._when(lower)
        pairs = [
            p
            for p in _GENDER_PAIR.finditer(lower)
            if not (mention.start <= p.start() < mention.end)
        ]
        if len(pairs) >= 2 and sum(_count(p.group("count")) or 0 for p in pairs) == total:
            # "2 beds (1 boy, 1 girl)": one bed entry per gender, each with its own words.
            beds = []
            ends = [p.start() for p in pairs[1:]] + [len(lower)]
            for p, end in zip(pairs, ends, strict=True):
                part = lower[p.start() : end]
                dated, part_when = self._when(part)
                part_kind = _placement_type(part)
                beds.append(
                    BedVacancy(
                        _count(p.group("count")) or 0,
                        "female" if p.group("gender")[0] in "fg" else "male",
                        kind if part_kind == "any" else part_kind,
                        part_when if dated else when,
                    )
                )
            return [b for b in beds if b.count > 0]
        if len(pairs) >= 2:
            self.doubt(f"the beds by gender do not add up: {clause!r}")
        if by_type := split_by_type(lower, (mention.start, mention.end), total):
            gender = _gender(lower, clause)
            return [BedVacancy(count, gender, kind_, when) for count, kind_ in by_type]
        return [BedVacancy(total, _gender(lower, clause), kind, when)]

    def _when(self, text: str, quiet: bool = False) -> tuple[bool, date | None]:
        """(a date was stated, the date or None for now)."""
        lower = text.lower()
        found = find_dates(lower, self.today)
        if not quiet:
            for w in found:
                if not w.consistent:
                    self.doubt(f"the weekday and the date do not agree: {text.strip()!r}")
        if not found:
            if not quiet and _VAGUE_WHEN.search(lower):
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
