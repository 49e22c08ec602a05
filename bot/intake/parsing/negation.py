"""Whether a risk or need word is denied by the words before it.

A referral says what the child does not do as often as what she does: "no CSE concerns",
"not known to be involved in county lines or with any gang", "no fire setting, arson or
sexually harmful behaviour". A denied word must not become a risk the homes are told of.

The rule is local: a negation counts only inside the word's own clause (a full stop, a
colon, "but", "and she ..." end it) and only over a few words, so "no concerns about
school; she cuts herself" still reads the cutting. Filler words ("to be", "involved in",
"any", "at risk of") do not count towards those few words: they carry no meaning of
their own and councils put many of them between the negation and the risk.
A denied word also denies the next one when an "or"/"nor" joins them ("no drug or
alcohol use", "no X, Y or Z"): that is how a list after a negation is written.
"""

from __future__ import annotations

import re

_I = re.I

# What ends the clause a negation lives in. "None known apart from going missing": an
# exception names what there is, so a negation before it does not reach past it. "and
# she/he ..." starts a new statement about the child ("no CSE concerns and she is
# cutting"), unlike "and" inside a list ("no drug and alcohol use").
_CLAUSE_BREAK = re.compile(
    r"\b(?:but|although|though|however|whereas|yet|except|apart\s+from|aside\s+from|"
    r"other\s+than|besides|save\s+for)\b|[.:]|"
    r"\band\s+(?:she|he|they|is|has|does|did|was|will|can|there)\b",
    _I,
)
# "No concerns re: self-harm": the colon of "re:" is not the end of a clause. Same
# length, so the positions of the words found stay right.
_RE_COLON = re.compile(r"\bre:", _I)

_NEGATOR = re.compile(
    r"\b(?:no|not|nil|never|without|denies|denied|deny|isn't|doesn't|hasn't|wasn't|"
    r"no\s+longer|ruled\s+out|none|neither|nor|nothing\s+to\s+(?:suggest|indicate))\b",
    _I,
)
# Words that say nothing of their own between a negation and the word it denies.
_FILLER = frozenset(
    "to be been being in into with any of about re regarding around the a an at risk "
    "known involved involvement evidence concern concerns history current currently "
    "indication indications suggestion suggestions or nor".split()
)
_MAX_WORDS = 4
_WORD = re.compile(r"[\w'-]+")
# Between two words of one denied list: a word or two ("concerns"), a joining "or"/
# "nor", a few words ("with any"). A comma list ("no X, Y or Z") is joined by the
# caller, which sees the separators.
_OR_JOIN = re.compile(
    r"^[\s)]*(?:[\w'-]+\s+){0,2}?[\s,]*\b(?:or|nor)\b\s*(?:[\w'-]+\s+){0,3}?$", _I
)


def clause_before(text: str) -> str:
    """The part of `text` (everything before a word) in the word's own clause."""
    text = _RE_COLON.sub("re ", text)
    breaks = list(_CLAUSE_BREAK.finditer(text))
    return text[breaks[-1].end() :] if breaks else text


def negated(before: str) -> bool:
    """Whether the words just before a risk or need word (`before`, everything up to it)
    deny it."""
    clause = clause_before(before)
    found = list(_NEGATOR.finditer(clause))
    if not found:
        return False
    last = found[-1]
    between = [w.lower() for w in _WORD.findall(clause[last.end() :])]
    return len([w for w in between if w not in _FILLER]) <= _MAX_WORDS


def joined_by_or(between: str) -> bool:
    """Whether the text between two words found joins them as one list with "or"/"nor"
    ("self-harm or suicide", "county lines or with any gang")."""
    return bool(_OR_JOIN.match(between)) and not _CLAUSE_BREAK.search(between)


Span = tuple[int, int]  # where a risk or need word is in its item


def denied_spans(item: str, spans: list[Span], carried: bool = False) -> list[bool]:
    """For each word found in an item (`spans`, sorted by start), whether it is denied:
    by a negation before it, or by being joined with "or" to a denied word before it.
    `carried`: the item goes on a denied comma list from the item before ("no CSE,
    violence or arson": "violence or arson"), so its first word is denied too when only
    a word or two come before it."""
    flags: list[bool] = []
    for start, _end in spans:
        denied = negated(item[:start])
        if not denied:
            earlier = [j for j, (_s, e) in enumerate(spans[: len(flags)]) if e <= start]
            if earlier:
                j = earlier[-1]
                denied = flags[j] and joined_by_or(item[spans[j][1] : start])
            elif carried:
                denied = _lead_in(item[:start])
        flags.append(denied)
    return flags


def _lead_in(before: str) -> bool:
    words = _WORD.findall(before)
    return len(words) <= 2 and not _CLAUSE_BREAK.search(before)


def ends_denied(item: str, spans: list[Span], flags: list[bool]) -> bool:
    """Whether an item ends on a denied word (a word or two may follow: "no CSE
    concerns"), so that a comma list may carry the denial on."""
    if not spans or not flags[-1]:
        return False
    return len(_WORD.findall(item[spans[-1][1] :])) <= 2


_OR = re.compile(r"\b(?:or|nor)\b", _I)


def list_ends_with_or(items: list[str]) -> bool:
    """Whether the comma-separated items that follow a denied word are the rest of one
    list closed by "or"/"nor" ("..., Y or Z"): short items, the last joined by "or".
    Without the "or" ("no CSE, violence") the list may be of what there is."""
    for item in items:
        if _OR.search(item):
            return True
        if len(_WORD.findall(item)) > 6:
            return False
    return False
