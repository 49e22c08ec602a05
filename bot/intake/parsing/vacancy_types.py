"""Beds broken down by placement type within one mention: "2 beds for boys from Wednesday
- 1 welfare, 1 justice" is one welfare and one justice bed, the rest said once for both.

Kept apart from vacancy.py (already long); the same shape as its split by gender.
"""

from __future__ import annotations

import re

_TYPE_PAIR = re.compile(
    r"\b(?P<count>\d{1,2}|one|two|three|four|five|six)\s*(?:x\s*)?"
    r"(?:(?:male|female|boys?|girls?)\s+)?"
    r"(?P<type>welfare|justice|remand|yjb|s\.?\s?25)\b"
)
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def split_by_type(lower: str, outside: tuple[int, int], total: int) -> list[tuple[int, str]]:
    """[(count, "welfare" | "justice")] when two or more type counts outside the mention
    add up to its total; [] otherwise (the caller then reads one entry)."""
    pairs = [m for m in _TYPE_PAIR.finditer(lower) if not (outside[0] <= m.start() < outside[1])]
    counts = [
        (
            int(c) if c.isdigit() else _WORDS[c],
            "welfare" if t == "welfare" or "25" in t else "justice",
        )
        for c, t in ((m.group("count"), m.group("type")) for m in pairs)
    ]
    kinds = {k for _, k in counts}
    if len(counts) < 2 or len(kinds) < 2 or sum(c for c, _ in counts) != total:
        return []
    return [(c, k) for c, k in counts if c > 0]
