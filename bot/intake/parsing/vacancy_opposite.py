"""Counts of beds in a vacancy reply that are the opposite of a vacancy.

"All 12 beds are full", "of our 8 beds", "a capacity of 12 beds", "6 beds occupied" or
"staffed for 4 beds" name beds that exist, not beds that are free. Reading such a number as
a vacancy would offer a full home, the worst error the reader can make, so a bed count
that sits next to these words is never a vacancy. A clause that only refers back to a bed
already stated ("we can take a boy or a girl in that bed") adds no bed either.

Kept apart from vacancy.py, which finds the bed counts; this module only says which of
them to drop.
"""

from __future__ import annotations

import re

# Words after a count that say the beds are in use: "12 beds are full", "4 beds (welfare)
# are all occupied", "3 beds taken", "two beds currently in use".
_IN_USE_AFTER = re.compile(
    r"^\s*(?:\([^)]*\)\s*)?,?\s*(?:(?:are|is|were|remain|remains|being|have\s+been|now|all|"
    r"currently|still|already|both)\s+)*"
    r"(?:full|occupied|taken|filled|in\s+use|used|booked|allocated|reserved|closed|"
    r"committed|spoken\s+for)\b"
)
# "Vacancy position for today", "vacancy return": the name of the report, not a bed.
_REPORT_AFTER = re.compile(r"^\s*(?:position|return|update|check|report|list|status|figures)\b")
# Words before a count that make it a size, not a vacancy: "all 12 beds", "of our 12
# beds", "out of 8 beds", "capacity of 12 beds", "registered for 10 beds", "staffed for 4
# beds", "total of 12 beds", "young people in 7 of the beds".
_SIZE_BEFORE = re.compile(
    r"(?:\ball(?:\s+(?:of\s+)?(?:our|the|its))?|\bof\s+(?:our|the|its|their)|\bout\s+of(?:\s+(?:our|the))?"
    r"|\bcapacity\s+(?:of|is|for)|\bregistered\s+(?:for|to\s+take)|\bstaff(?:ed|ing)?\s+(?:for|to)"
    r"|\btotal\s+of|\bin\s+total|\bcapacity:?|\bresident(?:s|ial)?\s+in|\blive\s+in)\s*$"
)
# A clause that points back at a bed already given rather than naming a new one.
BACK_REFERENCE = re.compile(
    r"\b(?:that|this|the\s+same|said|the\s+above|these|those|the\s+(?:welfare|justice)|the\s+one)"
    r"\s+(?:\w+\s+)?(?:beds?|vacanc(?:y|ies)|places?|spaces?)\b"
)


def is_opposite(lower: str, start: int, end: int, all_full: bool = False) -> bool:
    """True when the bed count at lower[start:end] counts beds that are not free.

    `all_full`: the clause also says the home is full or has no vacancy, in which case
    "all 12 beds" can only be the home's size.
    """
    if _IN_USE_AFTER.match(lower[end:]) or _REPORT_AFTER.match(lower[end:]):
        return True
    before = lower[max(0, start - 40) : start]
    found = _SIZE_BEFORE.search(before)
    if found is None:
        return False
    # "all 3 beds are available" is a vacancy; "all" alone makes a size only beside a nil.
    return not found.group(0).strip().startswith("all") or all_full or " of " in found.group(0)


# "We can take a boy or a girl in it": a pronoun for the bed of the clause before. Only
# in a clause that names no bed of its own ("1 bed - can put a boy in it" is one bed).
_PRONOUN_BACK = re.compile(r"\b(?:in|into|for|to)\s+(?:it|that\s+one|this\s+one)\b")
_BED_NOUN = re.compile(r"\b(?:beds?|places?|spaces?|vacanc(?:y|ies))\b")


def refers_back(lower: str) -> bool:
    """True when the clause's only bed is one named before ("that bed", "the same bed")."""
    if BACK_REFERENCE.search(lower) is not None:
        return True
    return _PRONOUN_BACK.search(lower) is not None and _BED_NOUN.search(lower) is None
