"""Forwarded chains and quoted replies.

A reply's quoted history repeats old values that must not count again, so it is cut.
A forward is the other way round: the forwarded message IS the content, and its author
(not the forwarder) is the social worker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.intake.parsing.headers import address

_FWD_SUBJECT = re.compile(r"^\s*(?:(?:re|aw|sv)\s*:\s*)*(?:fwd?|fw|tr|wg)\s*:", re.I)
_FWD_MARKER = re.compile(
    r"^\s*(?:-{2,}\s*(?:forwarded|original)\s+message\s*-{2,}|"
    r"begin\s+forwarded\s+message\s*:?)\s*$",
    re.I,
)
_ORIGINAL = re.compile(r"^\s*-{3,}\s*original\s+message\s*-{3,}\s*$", re.I)
_UNDERSCORES = re.compile(r"^\s*_{10,}\s*$")
_WROTE = re.compile(r"^\s*(?:on\s.{0,200}?|.{0,120}?<[^>]+@[^>]+>\s*)wrote\s*:\s*$", re.I)
_ON_START = re.compile(r"^\s*on\s.{4,}$", re.I)
_HEADER = re.compile(r"^\s*\*?(from|sent|date|to|cc|subject)\s*:\*?\s*(.*)$", re.I)


@dataclass
class Forwarded:
    author_name: str | None = None
    author_email: str | None = None
    body: str = ""


@dataclass
class Chain:
    top: str  # what the sender wrote themselves
    forwarded: list[Forwarded] = field(default_factory=list)

    @property
    def author(self) -> Forwarded | None:
        """The original author: the innermost forwarded message that names one."""
        for part in reversed(self.forwarded):
            if part.author_email:
                return part
        return None

    def content(self) -> str:
        return "\n\n".join([self.top] + [f.body for f in self.forwarded])


# The forwarder's own note saying they are the child's worker or the contact to use:
# "I'm M.K.'s allocated social worker", "please use me as the contact". Then the
# forwarded message's author (a youth justice officer, the police) is not the worker.
_CLAIMS_WORKER = re.compile(
    r"\bI(?:'m|’m|\s+am)\s+(?!not\b)(?:(?!not\b)[\w.'’]+\s+){0,3}social\s+worker\b"
    r"|\b(?:use|treat)\s+me\s+as\s+(?:the\s+)?(?:main\s+|first\s+)?(?:contact|social\s+worker)\b"
    r"|\b(?:direct|send)\s+(?:all\s+)?(?:replies|correspondence|queries)\s+to\s+me\b",
    re.I,
)


def forwarder_is_worker(top: str) -> bool:
    """The forwarder says, above the chain, that they are the worker to contact."""
    return bool(_CLAIMS_WORKER.search(" ".join(top.split())))


def _header_block(lines: list[str], i: int) -> int:
    """If lines[i] starts an email header block (From: + Sent:/Date: nearby), its length."""
    m = _HEADER.match(lines[i])
    if not m or m.group(1).lower() != "from" or not m.group(2).strip():
        return 0
    seen = {"from"}
    j = i + 1
    while j < len(lines) and j < i + 8:
        h = _HEADER.match(lines[j])
        if not h:
            # Outlook wraps long To:/Cc: lines; allow one continuation.
            if (
                lines[j].strip()
                and not lines[j].startswith((" ", "\t"))
                and j - i > 1
                and seen >= {"from"}
                and lines[j - 1].strip().endswith((";", ","))
            ):
                j += 1
                continue
            break
        seen.add(h.group(1).lower())
        j += 1
    if seen & {"sent", "date"} and seen & {"to", "subject"}:
        return j - i
    return 0


def _dequote(lines: list[str]) -> list[str]:
    body = [ln for ln in lines if ln.strip()]
    if body and all(ln.lstrip().startswith(">") for ln in body):
        return [re.sub(r"^\s*>\s?", "", ln) for ln in lines]
    return lines


def _quoted_from_sent(lines: list[str], i: int) -> bool:
    """Inside a reply a trimmed header ("From: …" then "Sent:"/"Date:") is enough to mark
    the quoted message; splitting forwarded chains keeps the stricter `_header_block`."""
    m = _HEADER.match(lines[i])
    if not m or m.group(1).lower() != "from" or not m.group(2).strip():
        return False
    for nxt in lines[i + 1 : i + 4]:
        h = _HEADER.match(nxt)
        if h and h.group(1).lower() in ("sent", "date"):
            return True
    return False


def strip_quoted(text: str) -> str:
    """The new part of a reply: cut at the first quoted-history marker, drop '>' lines."""
    lines = text.split("\n")
    out: list[str] = []
    for i, line in enumerate(lines):
        if _ORIGINAL.match(line) or _FWD_MARKER.match(line) or _WROTE.match(line):
            break
        if (
            _ON_START.match(line)
            and i + 1 < len(lines)
            and re.search(r"wrote\s*:\s*$", lines[i + 1], re.I)
            and len(line) < 200
        ):
            break
        if _UNDERSCORES.match(line) and i + 1 < len(lines) and _HEADER.match(lines[i + 1]):
            break
        if _header_block(lines, i) or _quoted_from_sent(lines, i):
            break
        if line.lstrip().startswith(">"):
            continue
        out.append(line)
    return "\n".join(out).strip() + "\n"


def is_forward(subject: str, text: str) -> bool:
    if _FWD_SUBJECT.match(subject):
        return True
    return any(_FWD_MARKER.match(ln) and "original" not in ln.lower() for ln in text.split("\n"))


def split_chain(text: str, subject: str) -> Chain:
    """Separate what the sender wrote from the messages it forwards or quotes."""
    if not is_forward(subject, text):
        return Chain(top=strip_quoted(text))
    lines = text.split("\n")
    starts: list[tuple[int, int]] = []  # (line index, lines of markers/headers to skip)
    i = 0
    while i < len(lines):
        line = lines[i]
        if _FWD_MARKER.match(line) or _ORIGINAL.match(line) or _UNDERSCORES.match(line):
            j = i + 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            n = _header_block(lines, j) if j < len(lines) else 0
            starts.append((i, j - i + n))
            i = j + max(n, 0) if n else i + 1
            continue
        n = _header_block(lines, i)
        if n:
            starts.append((i, n))
            i += n
            continue
        i += 1
    if not starts:
        return Chain(top=strip_quoted(text))
    chain = Chain(top="\n".join(ln for ln in lines[: starts[0][0]] if not ln.startswith(">")))
    for k, (start, skip) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        head = lines[start : start + skip]
        part = Forwarded(body="\n".join(_dequote(lines[start + skip : end])))
        for h in head:
            m = _HEADER.match(h.lstrip("> "))
            if m and m.group(1).lower() == "from":
                part.author_name, part.author_email = address(m.group(2))
        chain.forwarded.append(part)
    return chain
