"""Word tables in the layouts referral forms use, to "Label<TAB>value" lines.

- label beside its value: `Date of birth | 11/01/2011`, also two pairs to a row
  (`Name | MR | DOB | 11/01/2011`);
- a section column before the label (`Young person | Name (initials only) | MR`), often
  merged down the rows of the section: the label nearest the value is the label, the
  section name is context;
- labels in one row and their values in the row below, matched by column;
- section header rows (one cell, often merged across the table): a heading, kept apart
  from the values around it by blank lines;
- a fill-in box (content control) alone in a row: its title is the label.

Cells are read from the XML grid (w:gridSpan, w:vMerge) rather than python-docx's
`row.cells`, which repeats a merged cell's text in every grid position it covers.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.intake.parsing.attachments.docx_xml import (
    SDT,
    SDT_CONTENT,
    TBL,
    TC,
    TR,
    Element,
    P,
    W,
    children,
    paragraph_text,
    shows_placeholder,
)
from bot.intake.parsing.attachments.form import FormText, clean, looks_like_label


@dataclass(frozen=True)
class Cell:
    text: str
    title: str | None  # the title of the control that holds all of the cell's text
    start: int  # grid columns covered: [start, end)
    end: int


def read_table(tbl: Element, form: FormText) -> None:
    rows: list[list[Cell]] = []
    nested: list[list[Element]] = []
    for tr in children(tbl, TR):
        cells, inner = _row(tr, form)
        rows.append([c for c in cells if c.text])
        nested.append(inner)
    form.blank()
    i = 0
    while i < len(rows):
        cells = rows[i]
        below = rows[i + 1] if i + 1 < len(rows) else []
        if cells and _labels_above(cells, below):
            for label in cells:
                values = [c.text for c in below if c.start < label.end and label.start < c.end]
                if values:
                    form.pair(label.text, _join(values))
            _nested(nested[i] + nested[i + 1], form)
            i += 2
            continue
        _beside(cells, form)
        _nested(nested[i], form)
        i += 1
    form.blank()


def _row(tr: Element, form: FormText) -> tuple[list[Cell], list[Element]]:
    col = _int(tr.find(f"{W}trPr/{W}gridBefore"), 0)
    cells: list[Cell] = []
    inner: list[Element] = []
    for tc in children(tr, TC):
        form.tick()
        props = tc.find(W + "tcPr")
        span = min(max(_int(None if props is None else props.find(W + "gridSpan"), 1), 1), 64)
        merge = None if props is None else props.find(W + "vMerge")
        continued = merge is not None and merge.get(W + "val") in (None, "continue")
        text, title = ("", None) if continued else _cell_text(tc, form)
        cells.append(Cell(text, title, col, col + span))
        inner.extend(children(tc, TBL))
        col += span
    return cells, inner


def _cell_text(tc: Element, form: FormText) -> tuple[str, str | None]:
    texts: list[str] = []
    titles: list[str | None] = []
    for block in _cell_blocks(tc):
        form.tick()
        text, title = paragraph_text(block, form)
        if text:
            texts.append(clean(text))
            titles.append(title)
    title = titles[0] if len(titles) == 1 else None
    if title is None and len(texts) >= 2 and looks_like_label(texts[0]):
        if not any(looks_like_label(t) for t in texts[1:]):
            # "Initials" over a fill-in box in the same cell: the label is the cell's title.
            return _join(texts[1:]), texts[0]
    return _join(texts), title


def _cell_blocks(el: Element) -> list[Element]:
    """The paragraphs of a cell, through block-level controls, not nested tables."""
    found: list[Element] = []
    for child in el:
        if child.tag == P:
            found.append(child)
        elif child.tag == SDT and not shows_placeholder(child):
            content = child.find(SDT_CONTENT)
            if content is not None:
                found.extend(_cell_blocks(content))
    return found


def _labels_above(cells: list[Cell], below: list[Cell]) -> bool:
    """A row of labels over a row of values in the same columns."""
    if not below or not all(looks_like_label(c.text) for c in cells):
        return False
    if any(looks_like_label(c.text) for c in below):
        return False
    # Every value must sit under exactly one label.
    return all(sum(1 for lb in cells if v.start < lb.end and lb.start < v.end) == 1 for v in below)


def _beside(cells: list[Cell], form: FormText) -> None:
    if not cells:
        return
    if len(cells) == 1:
        only = cells[0]
        if only.title:
            form.pair(only.title, only.text)
        else:  # a section heading, or a label whose value was left empty
            form.blank()
            form.line(only.text)
            form.blank()
        return
    if all(c.title for c in cells):  # each cell holds its own label and value
        for c in cells:
            form.pair(c.title or "", c.text)
        return
    if len(cells) == 2:
        form.pair(cells[0].text, cells[1].text)
        return
    marks = [k for k, c in enumerate(cells) if looks_like_label(c.text)]
    if not marks:
        form.line("\t".join(c.text for c in cells))  # a row of data, not of labels
        return
    for n, k in enumerate(marks):
        stop = marks[n + 1] if n + 1 < len(marks) else len(cells)
        values = [c.text for c in cells[k + 1 : stop]]
        # A label with no value before the next label is a section name: context only.
        if values:
            form.pair(cells[k].text, _join(values))
    for c in cells[: marks[0]]:
        if c.title:  # a titled fill-in box before any label
            form.pair(c.title, c.text)


def _nested(tables: list[Element], form: FormText) -> None:
    for inner in tables:
        read_table(inner, form)


def _join(texts: list[str]) -> str:
    """Paragraphs of one cell: a list reads "a, b"; sentences keep their own stops."""
    out = ""
    for text in texts:
        if not out:
            out = text
        elif out[-1] in ".!?;:,":
            out += " " + text
        else:
            out += ", " + text
    return out


def _int(node: Element | None, default: int) -> int:
    if node is None:
        return default
    try:
        return int(node.get(W + "val") or default)
    except ValueError:
        return default
