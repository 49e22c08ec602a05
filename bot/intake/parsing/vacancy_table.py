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
    (
        "count",
        re.compile(
            r"^(?:beds?|vacanc(?:y|ies)|number|no\.?|count|qty|spaces?|places?)\b"
            r"|\b(?:beds?|vacancies)\s*(?:available|free)?$",
            re.I,
        ),
    ),
    ("gender", re.compile(r"^(?:gender|sex)\b", re.I)),
    ("type", re.compile(r"^(?:type|placement(?:\s+type)?|status|legal)\b", re.I)),
    ("when", re.compile(r"^(?:available(?:\s+from)?|from|date|when|free\s+from)\b", re.I)),
)


def cells(line: str) -> list[str]:
    return [c.strip() for c in _CELLS.split(line.strip().strip("|")) if c.strip()]


def header_columns(line: str) -> list[str | None] | None:
    """The column kinds of a header row, or None if the line is not a bed table's header."""
    row = cells(line)
    if len(row) < 2:
        return None
    kinds = [next((k for k, p in _COLUMNS if p.search(c)), None) for c in row]
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
