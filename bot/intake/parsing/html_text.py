"""HTML bodies to plain text that the label reader understands.

Table rows become "label<TAB>value" lines because referral forms pasted into Outlook
arrive as two-column tables; quoted blocks get "> " so reply stripping treats them like
quoted plain text.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

_BLOCKS = (
    "p",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "ul",
    "ol",
    "hr",
    "pre",
    "address",
    "center",
)
_BLANKS = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


def html_to_text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for junk in soup.find_all(["script", "style", "head", "title", "meta"]):
        junk.decompose()
    for box in soup.find_all("input"):
        # A form's check box: its state as the glyph the tick-box reader knows.
        if str(box.get("type", "")).lower() in ("checkbox", "radio"):
            box.replace_with("☒" if box.has_attr("checked") else "☐")
    for br in soup.find_all("br"):
        br.replace_with("\n")
    # Innermost tables first, so an outer layout table sees plain lines.
    for table in reversed(soup.find_all("table")):
        lines = []
        for row in table.find_all("tr"):
            cells = [c.get_text(" ", strip=True) for c in row.find_all(["td", "th"])]
            cells = [" ".join(c.split()) if "\n" not in c else c for c in cells]
            while cells and not cells[-1] and len(cells) > 2:
                cells.pop()
            line = "\t".join(cells).rstrip(" ")
            if line.strip():
                lines.append(line)
        table.replace_with(NavigableString("\n" + "\n".join(lines) + "\n"))
    for quote in reversed(soup.find_all("blockquote")):
        inner = _block_text(quote)
        quoted = "\n".join("> " + ln for ln in inner.splitlines())
        quote.replace_with(NavigableString("\n" + quoted + "\n"))
    for tag in soup.find_all(_BLOCKS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    text = soup.get_text("")
    text = text.replace("\xa0", " ").replace("\r", "")
    lines = [ln.rstrip(" ") for ln in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip() + "\n"


def _block_text(tag: Tag) -> str:
    for inner in tag.find_all(_BLOCKS):
        inner.insert_before("\n")
        inner.insert_after("\n")
    return tag.get_text("").strip()
