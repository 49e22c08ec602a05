"""Plain-text tables drawn with pipes ("| Gender | F |"), as tab-separated rows.

Some case systems and Markdown-minded writers draw a two-column form as a text table:
`+----+----+` borders and `| label | value |` rows, a long value wrapped onto a row whose
label cell is empty. The form reader already knows tab-separated rows (from HTML and
Word tables), so each row becomes its cells joined by tabs, a wrapped row is joined to
the row above, and a border line becomes a blank line (it ends a value, as in a table).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# "| a | b |", "|a|b|" (at least two cells); the borders "+---+---+", "|---|:---:|".
_ROW = re.compile(r"^\s*\|(?:[^|\n]*\|){2,}\s*$")
_BORDER = re.compile(r"^\s*[+|](?:\s*:?-{3,}:?\s*[+|])+\s*$")


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip()[1:-1].split("|")]


def unpipe(lines: Iterable[str]) -> list[str]:
    """`lines` with pipe-table rows as tab-separated cells; other lines unchanged."""
    out: list[str] = []
    previous: list[str] | None = None  # the cells of the row above, while in a table
    for line in lines:
        if _BORDER.match(line):
            if previous is not None:
                out[-1] = "\t".join(previous)
            out.append("")
            previous = None
            continue
        if not _ROW.match(line):
            if previous is not None:
                out[-1] = "\t".join(previous)
            previous = None
            out.append(line)
            continue
        cells = _cells(line)
        if previous is not None and not cells[0] and len(cells) == len(previous):
            # A wrapped row: its text belongs to the cells of the row above.
            previous = [f"{a} {b}".strip() for a, b in zip(previous, cells, strict=True)]
            continue
        if previous is not None:
            out[-1] = "\t".join(previous)
        previous = cells
        out.append("\t".join(cells))
    if previous is not None:
        out[-1] = "\t".join(previous)
    return out
