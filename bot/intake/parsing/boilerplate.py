"""Text that is not about the child: legal disclaimers, confidentiality notices, council
straplines, "think before you print", and the sender's signature.

A council's footer says "if you are worried that a child is being harmed or exploited, or
is at risk of going missing…": read as prose, those words would become risks the social
worker never stated. Every prose reader (risks, needs, legal status, dates, home area…)
therefore reads `about_child(text)`, never the raw text.

Two kinds of evidence, by how sure they are:
- a *notice* phrase ("this email and any attachments", "not the intended recipient",
  "before printing this email", "is everyone's responsibility") marks its paragraph as
  boilerplate wherever it stands: nobody writes that about a child;
- after the last sign-off ("Kind regards," "Thanks,"), the signature paragraphs that follow
  it are dropped too, and from the first notice paragraph on the rest of that message is a
  footer (a strapline between two notices need not match anything itself).

A forwarded or quoted message below (its "From:" / "-----Original Message-----" line)
starts again: its content is kept.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.intake.parsing import vocab

_I = re.I

# Phrasing of notices, never of a child's circumstances: such a paragraph is boilerplate
# wherever it stands.
_NOTICE = re.compile(
    r"\b(?:intended\s+recipient|disclaimer|confidentiality\s+notice|legally\s+privileged|"
    r"this\s+(?:e-?mail|message|communication)(?:\s+and\s+any\s+(?:files|attachments))?"
    r"(?:\s+\w+){0,4}\s+(?:is|are|may\s+be)\s+(?:confidential|private|intended|subject)|"
    r"intended\s+(?:solely\s+|only\s+)?for\s+the\s+(?:sole\s+)?(?:use|attention|named|addressee)|"
    r"received\s+(?:this|it)\s+(?:e-?mail\s+|message\s+|communication\s+)?"
    r"(?:in\s+error|by\s+mistake)|"
    r"views\s+(?:or|and)\s+opinions\s+(?:expressed|presented|contained)|"
    r"(?:may|will)\s+(?:be\s+)?monitor(?:ed)?|monitor(?:s|ed|ing)?\s+(?:the\s+content\s+of\s+)?"
    r"(?:e-?mails?|communications|its\s+network)|computer\s+virus|"
    r"before\s+printing|think\s+before\s+you\s+print|consider\s+the\s+environment|"
    r"freedom\s+of\s+information\s+act|data\s+protection\s+act|privacy\s+notice|"
    r"is\s+everyone['’]s\s+(?:business|responsibility)|"
    r"if\s+you\s+are\s+(?:worried|concerned)\s+(?:that|about)\s+(?:a|any)\s+child|"
    r"accepts?\s+no\s+(?:liability|responsibility))",
    _I,
)
# Single words that mark a notice only where notices stand: after the sign-off. (Before
# it "please treat this as confidential" may precede what the child disclosed.)
_TAIL_NOTICE = re.compile(
    r"\b(?:confidential|privileged|virus(?:es)?|(?:gcsx|cjsm)\b(?!\.)|secure\s+e-?mail|"
    r"sent\s+from\s+my|working\s+(?:hours|days|pattern)|follow\s+us|www\.)",
    _I,
)
_SIGN_OFF = re.compile(
    r"^\s*(?:" + vocab.load_words().sign_off + r"|thanks\s+(?:again|so\s+much))"
    r"\s*[,.!]?\s*(?:[A-Z][\w'’-]+\s*)?$",
    _I,
)
# Where another message starts (a forward, a quoted reply, a note greeting someone): its
# words are about the child again, whatever the signature above them.
_NEXT_MESSAGE = re.compile(
    r"^\s*(?:-{2,}\s*(?:original|forwarded)\s+message|begin\s+forwarded\s+message|"
    r"from:\s|on\s.+\swrote:\s*$|>)",
    _I,
)
_GREETING = re.compile(r"^\s*(?:hi|hello|dear|good\s+(?:morning|afternoon|evening))\b", _I)
_POSTSCRIPT = re.compile(r"^\s*p\.?\s?s\b", _I)
_SENTENCE_END = re.compile(r"[a-z)]\.\s*$")
_SIGNATURE_LINES = 8  # a signature longer than this is something else (a pasted form)


def is_notice(paragraph: str) -> bool:
    """A paragraph of a notice (disclaimer, confidentiality, strapline)."""
    return _NOTICE.search(paragraph) is not None


def _signature_like(paragraph: str) -> bool:
    """Name, job title, team, address, phone: short lines, none a sentence or a table row."""
    lines = [ln for ln in paragraph.split("\n") if ln.strip()]
    if not lines or _POSTSCRIPT.match(lines[0]) or _GREETING.match(lines[0]):
        return False
    return all(len(ln) <= 90 and "\t" not in ln and not _SENTENCE_END.search(ln) for ln in lines)


def _paragraphs(text: str) -> list[str]:
    return re.split(r"\n[ \t]*\n", text)


@lru_cache(maxsize=8)  # asked of the same text by several readers of one message
def about_child(text: str) -> str:
    """The text without notices and without the signature after the last sign-off."""
    return _strip(text, signatures=True)


def without_notices(text: str) -> str:
    """The text without notices; the signature stays (it says who writes, and their phone)."""
    return _strip(text, signatures=False)


def _strip(text: str, *, signatures: bool) -> str:
    kept: list[str] = []
    tail = False  # after a sign-off, in the same message
    signature = 0  # lines of signature dropped so far; -1 once the signature has ended
    for paragraph in _paragraphs(text):
        lines = paragraph.split("\n")
        if any(_NEXT_MESSAGE.match(ln) for ln in lines) or _GREETING.match(paragraph):
            tail, signature = False, -1
        if is_notice(paragraph) or (tail and _TAIL_NOTICE.search(paragraph)):
            signature = -1  # a notice ends the signature
            continue
        sign_at = next((n for n, ln in enumerate(lines) if _SIGN_OFF.match(ln)), None)
        if sign_at is not None:
            rest = "\n".join(lines[sign_at + 1 :])
            # "Thanks Jo,\nHer risks are…" opens a reply: only a name or a signature
            # after the sign-off makes it one.
            if not rest.strip() or _signature_like(rest):
                tail, signature = True, len(lines) - sign_at
                if signatures:
                    kept.append("\n".join(lines[:sign_at]))
                    continue
        elif (
            tail
            and 0 <= signature
            and _signature_like(paragraph)
            and signature + len(lines) <= _SIGNATURE_LINES
        ):
            signature += len(lines)
            if signatures:
                continue
        else:
            signature = -1
        kept.append(paragraph)
    return "\n\n".join(p for p in kept if p.strip())
