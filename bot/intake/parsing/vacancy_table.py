"""A small table of beds in a vacancy reply ("Type | Gender | Beds | Available").

Rows come as cells split by tabs (HTML and Word tables) or by runs of spaces (a table typed
in plain text). The header row says which column is which; each row under it is one bed
entry. A table whose header does not name a count column is not a bed table.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_CELLS = re.compile(r"\t|\s{2,}|\s*\|\s*")
_COLUMNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # The type first: "Bed type" names the kind of bed, not a number of beds.
    ("type", re.compile(r"^(?:(?:bed\s+)?type|placement(?:\s+type)?|status|legal)\b", re.I)),
    (
        "count",
        re.compile(
            r"^(?:beds?|vacanc(?:y|ies)|number|no\.?|count|qty|spaces?|places?)\b"
            r"|\b(?:beds?|vacancies)\s*(?:available|free)?$"
            # "Available" alone (a "From" column beside it) is the number of beds free.
            r"|^(?:available|free|vacant)$",
            re.I,
        ),
    ),
    ("gender", re.compile(r"^(?:gender|sex)\b", re.I)),
    ("when", re.compile(r"^(?:available(?:\s+from)?|from|date|when|free\s+from)\b", re.I)),
)
_BARE_AVAILABLE = re.compile(r"^(?:available|free|vacant)$", re.I)
# A column of beds in use or of the home's size is never a count of vacancies.
_NOT_VACANT = re.compile(r"\b(?:occupied|full|taken|in\s+use|capacity|total|filled)\b", re.I)


def cells(line: str) -> list[str]:
    return [c.strip() for c in _CELLS.split(line.strip().strip("|")) if c.strip()]


def header_columns(line: str) -> list[str | None] | None:
    """The column kinds of a header row, or None if the line is not a bed table's header."""
    row = cells(line)
    if len(row) < 2:
        return None
    kinds = [
        None if _NOT_VACANT.search(c) else next((k for k, p in _COLUMNS if p.search(c)), None)
        for c in row
    ]
    if kinds.count("count") > 1:
        # "Beds | Available": the beds column counts, "Available" then says from when.
        kinds = [
            "when" if k == "count" and _BARE_AVAILABLE.match(c) else k
            for k, c in zip(kinds, row, strict=True)
        ]
    if "count" not in kinds or sum(k is not None for k in kinds) < 2:
        return None
    return kinds


def read_rows(text: str, count_of: Callable[[str], int | None]) -> list[dict[str, str]] | None:
    """Each row under the header as {column kind: cell}; None when there is no bed table."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        kinds = header_columns(line)
        if kinds is None:
            continue
        rows: list[dict[str, str]] = []
        for following in lines[i + 1 :]:
            row = cells(following)
            if len(row) != len(kinds) or set("".join(row)) <= set("-=+: "):
                if rows or not following.strip():
                    if rows:
                        break
                    continue
                break
            entry = {k: c for k, c in zip(kinds, row, strict=True) if k}
            if count_of(entry.get("count", "").split(" ")[0]) is None:
                break
            rows.append(entry)
        if rows:
            return rows
    return None
