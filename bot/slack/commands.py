"""`/swcu` text → what was asked. A pure function of the text: no Slack, no database."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

USAGE = {
    "help": "/swcu help",
    "referrals": "/swcu referrals",
    "referral": "/swcu referral REF",
    "edit": "/swcu edit REF",
    "new": "/swcu new",
    "match": "/swcu match REF",
    "send": "/swcu send REF",
    "consult": "/swcu consult REF HOME [HOME…]  (names with spaces: commas or quotes)",
    "assign": "/swcu assign REF @person",
    "outcome": "/swcu outcome REF placed HOME | withdrawn REASON | not_placed [REASON]",
    "vacancies": "/swcu vacancies",
    "vacancy": "/swcu vacancy HOME 2 female from Monday",
    "oncall": "/swcu oncall",
}
ALIASES = {"list": "referrals", "show": "referral", "on-call": "oncall", "on_call": "oncall"}
_REF = re.compile(r"^[A-Za-z]{2,8}-\d{4}-\d{1,6}$")
_MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")
_NOUN = re.compile(r"^(beds?|vacanc(y|ies)|places?|spaces?)[.,]?$", re.IGNORECASE)
_WHEN = {"from", "on", "available", "until", "till", "starting", "now", "today", "tomorrow"}
_COUNT = re.compile(r"^(\d+|no|none|nil|zero|one|two|three|four|five|six)$", re.IGNORECASE)


@dataclass(frozen=True)
class Command:
    name: str
    reference: str | None = None
    homes: tuple[str, ...] = ()  # consult
    person: str | None = None  # assign: "<@U123>" or a name
    outcome: str | None = None
    home: str | None = None  # outcome placed, vacancy
    reason: str | None = None
    beds_text: str | None = None  # vacancy: "2 female from Monday", read by the parser


@dataclass(frozen=True)
class Usage:
    """Input that is not a command: a short, friendly line to show."""

    message: str


def usage_line(name: str | None = None) -> str:
    if name in USAGE:
        return f"Usage: `{USAGE[name]}`"
    return "I didn't catch that. Try `/swcu help` — e.g. `/swcu referrals` or `/swcu match REF`."


def parse_command(text: str) -> Command | Usage:
    words = (text or "").split()
    if not words:
        return Command("help")
    name = ALIASES.get(words[0].lower(), words[0].lower())
    rest = words[1:]
    if name not in USAGE:
        return Usage(usage_line())
    if name in ("help", "referrals", "new", "vacancies", "oncall"):
        return Command(name) if not rest or name == "help" else Usage(usage_line(name))
    if name == "vacancy":
        return _vacancy(rest)
    if not rest or not _REF.match(rest[0]):
        return Usage(usage_line(name))
    ref = rest[0].upper()
    args = rest[1:]
    if name in ("referral", "edit", "match", "send"):
        return Command(name, ref) if not args else Usage(usage_line(name))
    if name == "consult":
        homes = _homes(" ".join(args))
        return Command(name, ref, homes=homes) if homes else Usage(usage_line(name))
    if name == "assign":
        if not args:
            return Usage(usage_line(name))
        m = _MENTION.match(args[0]) if len(args) == 1 else None
        person = f"<@{m.group(1)}>" if m else " ".join(args)
        return Command(name, ref, person=person)
    return _outcome(ref, args)


def _homes(text: str) -> tuple[str, ...]:
    if "," in text:
        return tuple(h.strip() for h in text.split(",") if h.strip())
    try:
        return tuple(shlex.split(text))
    except ValueError:  # an unclosed quote
        return ()


def _outcome(ref: str, args: list[str]) -> Command | Usage:
    if not args:
        return Usage(usage_line("outcome"))
    kind = args[0].lower().replace("-", "_")
    detail = " ".join(args[1:]).strip() or None
    if kind == "placed" and detail:
        return Command("outcome", ref, outcome="placed", home=detail)
    if kind == "withdrawn" and detail:
        return Command("outcome", ref, outcome="withdrawn", reason=detail)
    if kind in ("not_placed", "notplaced"):
        return Command("outcome", ref, outcome="not_placed", reason=detail)
    return Usage(usage_line("outcome"))


def _vacancy(args: list[str]) -> Command | Usage:
    at = next((i for i, w in enumerate(args) if _COUNT.match(w)), None)
    if not at:  # None, or a count with no home before it
        return Usage(usage_line("vacancy"))
    return Command("vacancy", home=" ".join(args[:at]), beds_text=_with_noun(args[at:]))


def _with_noun(words: list[str]) -> str:
    """The vacancy reader reads sentences ("2 female beds from Monday"); officers type
    "2 female from Monday". The noun goes after the count and its qualifiers."""
    if any(_NOUN.match(w) for w in words):
        return " ".join(words)
    cut = next((i for i, w in enumerate(words) if w.lower() in _WHEN), len(words))
    return " ".join([*words[:cut], "beds", *words[cut:]])
