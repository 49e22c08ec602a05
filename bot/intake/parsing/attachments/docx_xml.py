"""Text out of WordprocessingML elements, content controls included.

python-docx's `Paragraph.text` leaves out content controls (`w:sdt`, the grey fill-in
boxes) and its document iterator skips block-level ones, so the text is read here from
the elements python-docx parsed. A control still showing its placeholder ("Click or tap
here to enter text.") holds no value and is skipped.
"""

from __future__ import annotations

import re
from typing import Any

from bot.intake.parsing.attachments.form import FormText, humanise

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
P, TBL, TR, TC, SDT, SDT_CONTENT, SDT_PR = (
    W + "p",
    W + "tbl",
    W + "tr",
    W + "tc",
    W + "sdt",
    W + "sdtContent",
    W + "sdtPr",
)
_TEXT, _TAB, _BREAKS = W + "t", W + "tab", (W + "br", W + "cr")
# Properties, deleted text, field codes and the second (fallback) copy of a drawing.
_SKIP = {
    W + "pPr",
    W + "rPr",
    W + "sdtPr",
    W + "sdtEndPr",
    W + "del",
    W + "moveFrom",
    W + "instrText",
    W + "delInstrText",
    W + "fldData",
    MC + "Fallback",
}
_PLACEHOLDER = re.compile(
    r"^\s*(?:click|tap)(?: or (?:click|tap))? (?:here )?to enter (?:text|a date)\.?\s*$"
    r"|^\s*choose an item\.?\s*$",
    re.I,
)

Element = Any  # lxml elements (python-docx's oxml classes); lxml ships no type hints

# Check boxes, written as the glyphs the tick-box reader knows: a check-box content
# control (w14:checkbox), a legacy form field (FORMCHECKBOX) and a Wingdings symbol.
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
_SYM, _FLD_CHAR = W + "sym", W + "fldChar"
_TICKED, _EMPTY = "☒ ", "☐ "
# Wingdings / Wingdings 2 characters forms use for boxes (ticked, crossed, empty).
_SYMBOL_TICKED = {"F0FE", "F0FD", "F0FC", "F078", "F050", "F052", "F053", "F054"}
_SYMBOL_EMPTY = {"F0A8", "F06F", "F0A3"}


def control_box(sdt: Element) -> str | None:
    props = sdt.find(SDT_PR)
    box = props.find(W14 + "checkbox") if props is not None else None
    if box is None:
        return None
    checked = box.find(W14 + "checked")
    on = checked is not None and checked.get(W14 + "val", "1") in ("1", "true")
    return _TICKED if on else _EMPTY


def legacy_box(fld: Element) -> str:
    data = fld.find(W + "ffData")
    box = data.find(W + "checkBox") if data is not None else None
    if box is None:
        return ""
    state = box.find(W + "checked")
    if state is None:
        state = box.find(W + "default")
    on = state is not None and state.get(W + "val", "1") in ("1", "true")
    return _TICKED if on else _EMPTY


def symbol_box(sym: Element) -> str:
    """A symbol character: a box glyph when it is one forms use, else an unreadable mark
    (a private character), so a list of them is not guessed at."""
    code = (sym.get(W + "char") or "").upper()
    if code in _SYMBOL_TICKED:
        return _TICKED
    if code in _SYMBOL_EMPTY:
        return _EMPTY
    return "\ue000 " if code else ""


def control_title(sdt: Element) -> str | None:
    """The label a content control carries: its title (w:alias), else its tag."""
    props = sdt.find(SDT_PR)
    if props is None:
        return None
    for name in ("alias", "tag"):
        node = props.find(W + name)
        if node is not None and (value := node.get(W + "val")):
            words = humanise(value)
            if words:
                return words
    return None


def shows_placeholder(sdt: Element) -> bool:
    props = sdt.find(SDT_PR)
    return props is not None and props.find(W + "showingPlcHdr") is not None


def paragraph_text(p: Element, form: FormText) -> tuple[str, str | None]:
    """(text, title): title is set when all the text comes from one titled control."""
    pieces: list[tuple[str, str | None]] = []
    _collect(p, pieces, None, form)
    text = "".join(t for t, _ in pieces)
    if _PLACEHOLDER.match(text):
        return "", None
    outside = "".join(t for t, owner in pieces if owner is None).strip()
    owners = {owner for t, owner in pieces if owner is not None and t.strip()}
    title = owners.pop() if not outside and len(owners) == 1 else None
    return text.strip(), title or None


def _collect(
    el: Element, out: list[tuple[str, str | None]], owner: str | None, form: FormText
) -> None:
    for child in el:
        tag = child.tag
        if tag == _TEXT:
            out.append((child.text or "", owner))
        elif tag == _TAB:
            out.append(("\t", owner))
        elif tag == _SYM:
            out.append((symbol_box(child), owner))
        elif tag == _FLD_CHAR:
            out.append((legacy_box(child), owner))
        elif tag in _BREAKS:
            out.append((" ", owner))
        elif tag in _SKIP or not isinstance(tag, str):  # comments, processing instructions
            continue
        elif tag == SDT:
            form.tick()
            if (state := control_box(child)) is not None:
                out.append((state, owner))  # its glyph may be in a font we cannot read
                continue
            if shows_placeholder(child):
                continue
            content = child.find(SDT_CONTENT)
            if content is not None:
                # "" marks text inside an untitled control: not "outside" any control.
                inner: list[tuple[str, str | None]] = []
                _collect(content, inner, control_title(child) or "", form)
                if not _PLACEHOLDER.match("".join(t for t, _ in inner)):
                    out.extend(inner)
        else:
            _collect(child, out, owner, form)


def children(el: Element, tag: str) -> list[Element]:
    """Direct children with `tag`, looking through content controls that wrap them
    (a repeating-section control wraps rows, a cell control wraps cells)."""
    found: list[Element] = []
    for child in el:
        if child.tag == tag:
            found.append(child)
        elif child.tag == SDT and not shows_placeholder(child):
            content = child.find(SDT_CONTENT)
            if content is not None:
                found.extend(children(content, tag))
    return found
