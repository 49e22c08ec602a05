"""Ordinary words to the canonical codes of spec/domain.md.

Lists (risks, needs) are read item by item (commas, semicolons, lines, bullets). An item
that names nothing we know is returned as unrecognised so the caller can warn: a code is
never guessed. A word preceded by a negation in its own clause ("no CAMHS involvement",
"not pregnant", "no known risk of fire setting") does not count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_I = re.I


def _rx(*words: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(words) + r")\b", _I)


RISK_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("cse", _rx(r"cse", r"sexual(?:ly)?\s+exploit\w*", r"groom(?:ed|ing)")),
    (
        "cce",
        _rx(
            r"cce",
            r"county\s+lines?",
            r"criminal(?:ly)?\s+exploit\w*",
            r"drugs?\s+(?:running|runner|dealing)",
            r"(?:running|dealing)\s+drugs",
        ),
    ),
    ("gang_affiliation", _rx(r"gangs?", r"gang[\s-]+\w+")),
    (
        "self_harm",
        _rx(
            r"self[\s-]*harm\w*",
            r"cutting",
            r"cuts\s+(?:her|him|them)sel\w+",
            r"dsh",
            r"overdos\w*",
        ),
    ),
    ("suicide_risk", _rx(r"suicid\w*", r"ligatures?")),
    (
        "absconding",
        _rx(r"abscond\w*", r"missing", r"runs?\s+away", r"running\s+away", r"ran\s+away"),
    ),
    (
        "substance_misuse",
        _rx(
            r"substance\w*",
            r"drugs?(?!\s+(?:running|runner|dealing))",
            r"cannabis",
            r"alcohol\w*",
            r"drinking",
            r"cocaine",
            r"ketamine",
            r"spice",
            r"solvents?",
            r"heroin",
        ),
    ),
    (
        "violence",
        _rx(
            r"violen\w*",
            r"assault\w*",
            r"aggressi\w*",
            r"weapons?",
            r"knife",
            r"knives",
            r"blades?",
            r"bladed\s+articles?",
        ),
    ),
    (
        "sexually_harmful_behaviour",
        _rx(
            r"hsb",
            r"harmful\s+sexual\s+behaviou?rs?",
            r"sexually\s+harmful\s+behaviou?rs?",
            r"sexuali[sz]ed\s+behaviou?rs?",
        ),
    ),
    (
        "fire_setting",
        _rx(
            r"fire[\s-]*setting",
            r"arson\w*",
            r"sets?\s+(?:\w+\s+)?fires?",
            r"setting\s+fires?",
            r"set\s+fire\s+to",
        ),
    ),
    ("trafficking", _rx(r"traffick\w*", r"modern\s+slavery", r"nrm")),
    ("radicalisation", _rx(r"radicali[sz]\w*", r"extremis\w*", r"prevent")),
)

# ADHD and SEMH count as mental health (a diagnosed condition / social, emotional and
# mental health needs); an EHCP that names SEMH therefore gives both codes.
NEED_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "mental_health",
        _rx(
            r"camhs",
            r"mental\s+health",
            r"anxiety",
            r"anxious",
            r"depress\w*",
            r"ptsd",
            r"semh",
            r"adhd",
            r"trauma\w*",
            r"eating\s+disorder",
            r"anorexi\w*",
            r"personality\s+(?:disorder|traits?)",
            r"emotionally\s+unstable",
            r"eupd",
            r"bulimi\w*",
            r"bipolar",
            r"psychos[ie]s",
            r"psychotic",
            r"personality\s+disorder",
            r"attachment\s+disorder",
            r"ocd",
        ),
    ),
    (
        "ehcp",
        _rx(
            r"ehcp",
            r"ehc\s+plan",
            r"education,?\s+health\s+(?:and|&)\s+care\s+plan",
            r"sen",
            r"special\s+educational\s+needs?",
            r"statement(?:ed)?",
        ),
    ),
    (
        "learning_disability",
        _rx(
            r"learning\s+disabilit\w*",
            r"learning\s+difficult\w*",
            r"ld",
            r"mld",
            r"sld",
            r"global\s+developmental\s+delay",
        ),
    ),
    ("autism", _rx(r"autis\w*", r"asd", r"asc", r"asperger\w*")),
    (
        "physical_health",
        _rx(
            r"diabet\w*",
            r"epilep\w*",
            r"medication",
            r"medicated",
            r"asthma\w*",
            r"physical\s+health",
            r"insulin",
            r"seizures?",
            r"allerg\w*",
        ),
    ),
    ("pregnancy", _rx(r"pregnan\w*")),
    (
        "interpreter",
        _rx(
            r"interpreter",
            r"translator",
            r"first\s+language\s+(?:is\s+)?not\s+english",
            r"limited\s+english",
            r"english\s+(?:is\s+)?not\s+(?:her|his|their)\s+first\s+language",
            r"no\s+english",
        ),
    ),
)

_NONE = re.compile(
    r"^(?:none|nil|n/?a|no|nothing|nowhere|not\s+applicable|no\s+(?:known\s+)?"
    r"(?:risks?|needs?|concerns?|issues?|homes?|areas?|places?)(?:\s+to\s+avoid)?)"
    r"(?:\s+(?:known|identified|noted|"
    r"reported|at\s+present|currently|to\s+note|in\s+particular))?[.!]?$",
    _I,
)
_NOT_GIVEN = re.compile(
    r"^(?:unknown|not\s+known|tbc|tbd|to\s+be\s+confirmed|to\s+follow|"
    r"awaiting|\?+|-+)[.!]?$",
    _I,
)
_SPLIT = re.compile(r"[,;\n•|]+|\s+/\s+|(?<=\w)/(?=\w)")
_CLAUSE_BREAK = re.compile(r"\b(?:but|although|though|however|whereas|yet|except)\b|[.:]", _I)
# Negation scoped to the words just before the match, inside its clause. "no longer"
# counts: a risk that is over is not a current risk.
_NEGATION = re.compile(
    r"\b(?:no|not|nil|never|without|denies|denied|isn't|is\s+not|"
    r"no\s+longer|ruled\s+out|none)\b(?:[\s'-]*[\w'-]+){0,4}[\s'-]*$",
    _I,
)


def is_none(value: str) -> bool:
    return bool(_NONE.match(_clean(value)))


def is_not_given(value: str) -> bool:
    return not _clean(value) or bool(_NOT_GIVEN.match(_clean(value)))


def _clean(value: str) -> str:
    return " ".join(value.split()).strip(" .-*")


def split_items(value: str) -> list[str]:
    return [item.strip(" \t-*.") for item in _SPLIT.split(value) if item.strip(" \t-*.")]


def _negated(item: str, start: int) -> bool:
    before = item[:start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    if breaks:
        before = before[breaks[-1].end() :]
    return bool(_NEGATION.search(before))


def codes_in(
    value: str, table: Iterable[tuple[str, re.Pattern[str]]]
) -> tuple[list[str] | None, list[str]]:
    """(sorted codes or None when not given, unrecognised items)."""
    if is_not_given(value):
        return None, []
    if is_none(value):
        return [], []
    found: set[str] = set()
    unknown: list[str] = []
    for item in split_items(value):
        if is_none(item):
            continue
        recognised = False
        for code, pattern in table:
            for m in pattern.finditer(item):
                recognised = True
                if not _negated(item, m.start()):
                    found.add(code)
        if not recognised:
            unknown.append(item)
    return sorted(found), unknown


def risks(value: str) -> tuple[list[str] | None, list[str]]:
    return codes_in(value, RISK_WORDS)


def needs(value: str) -> tuple[list[str] | None, list[str]]:
    return codes_in(value, NEED_WORDS)
