"""The words of a vacancy reply: bed counts, genders, placement types, nil and closed beds,
and the cutting of a reply into clauses.

Split from vacancy.py (which reads the beds from these) to keep each module short; the
patterns are unchanged by the move.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# --------------------------------------------------------------------------- words

NUMBER_WORDS = {
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
_COUNT_WORDS = "|".join(NUMBER_WORDS)
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
PLURAL_NO_COUNT = re.compile(r"\b(?:beds|vacancies|spaces|places)\b")
GENDER_PAIR = re.compile(
    r"\b(?P<count>\d{1,2}|one|two|three|four|five|six)\s*(?:x\s*)?"
    # "1 boy", "1 x girl", "1 for a boy", "two beds for girls"
    r"(?:(?:beds?|places?|spaces?)\s+)?(?:for\s+(?:a\s+|an\s+)?)?"
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

NIL = re.compile(
    r"""\b(?:
        (?:no|nil|zero|0)\s+(?:current\s+|available\s+|welfare\s+|justice\s+)?
            (?:vacanc(?:y|ies)|beds?|availability|spaces?|places?|capacity)
      | nil\b
      | none\s+(?:available|at\s+(?:the\s+moment|present))
      | (?:are|is|remain|remains|still|currently|we're|were|at)\s+(?:currently\s+|still\s+)?full\b
      | full\s+capacity
      | (?:beds?|vacanc(?:y|ies)|places?)\s+(?:are\s+|is\s+)?all\s+(?:full|occupied|taken)
      | fully\s+(?:occupied|booked|committed)
      | (?:unable|not\s+able|cannot|can't|can\s+not)\s+to?\s*offer\s+(?:any\s+)?(?:beds?|vacanc\w*)
    )""",
    re.VERBOSE,
)
NIL_WHOLE = re.compile(r"^\s*(?:full|nil|none|no|0)\s*[.!]?\s*$")
CLOSED = re.compile(
    r"\b(?:closed|closure|refurb\w*|repair\w*|maintenance|decorat\w*|out of (?:use|action)|"
    r"offline|unavailable|not available|isn'?t available|no longer|occupied|filled|taken|"
    r"being used|on hold|reserved|staffing|cannot|can'?t|unable)\b"
)
ASKING = re.compile(
    r"\b(?:if you|do you|could you|can you|would you|please let|need a|needs a|require|request)"
)
OUT_OF_OFFICE = re.compile(
    r"\b(?:out of (?:the )?office|annual leave|automatic reply|auto-?reply|"
    r"limited access to (?:my )?e-?mail|on leave until|away from (?:my|the) desk)\b"
)
VAGUE_WHEN = re.compile(
    r"\b(?:next week|end of (?:the|this) week|this week|later|soon|shortly|weekend|tbc|tbd|"
    r"to be confirmed|hopefully)\b"
)


# --------------------------------------------------------------------------- clauses

_CLAUSE_SPLIT = re.compile(
    r"(?<=[.!?])\s+|\s+/\s+|;\s*|\s+but\s+|,\s*however,?\s*|\n+"
    r"|,?\s+(?=(?:and\s+|while\s+|whilst\s+)?the\s+other\b)|,\s*(?=other\b)"
)
_PARAGRAPH = re.compile(r"\n\s*\n")
_SLASHED_LABEL = re.compile(r"^([^:\d]{1,60}\s/\s[^:\d]{1,60}):\s*(.*)$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)])\s+")


def normalise(text: str) -> str:
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'")
    text = text.replace("\u00a0", " ").replace("\t", " ")
    return text


def clauses(text: str) -> list[str]:
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
            # A bilingual label ("Justice / Cyfiawnder: 2 beds") is one label: its slash
            # does not cut the line, so the type it names stays with the beds after it.
            label = _SLASHED_LABEL.match(line)
            if label is not None:
                # Its value is bilingual too ("1 gwely / 1 bed"): each part keeps the
                # label, so the type it names stays with whichever part has the beds.
                name = label.group(1).replace(" / ", " ")
                parts = _CLAUSE_SPLIT.split(label.group(2))
                out.extend(f"{name}: {c.strip()}" for c in parts if c and c.strip())
                continue
            out.extend(c.strip() for c in _CLAUSE_SPLIT.split(line) if c and c.strip())
    return out


@dataclass
class Mention:
    count: int | None  # None: plural with no number
    start: int
    end: int


def count_of(word: str) -> int | None:
    word = word.lower()
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def mentions(clause: str) -> list[Mention]:
    found: list[Mention] = []
    for pattern in _MENTIONS:
        for m in pattern.finditer(clause):
            if any(m.start() < x.end and x.start < m.end() for x in found):
                continue
            groups = m.groupdict()
            if groups.get("noun") == "" and found:
                continue  # "we can take someone - one welfare bed": the bed is the mention
            count = count_of(groups["count"]) if groups.get("count") else 1
            found.append(Mention(count, m.start(), m.end()))
    found.sort(key=lambda x: x.start)
    return found


def gender_of(lower: str, original: str) -> str:
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


def placement_type(lower: str) -> str:
    welfare = bool(_WELFARE.search(lower))
    justice = bool(_JUSTICE.search(lower))
    if welfare and not justice:
        return "welfare"
    if justice and not welfare:
        return "justice"
    return "any"
