"""Legal status, gender and Secretary of State approval words to codes."""

from __future__ import annotations

import re

from bot.intake.parsing.ticks import ticked_value

_I = re.I
# Section 25 (England) and its Welsh equal, section 119 of the SSWB(W)A 2014.
_SECTION = r"(?:s\.?\s*(?:25|119)|sec(?:tion|\.)?\s*(?:25|119))"
_S25 = r"(?:" + _SECTION + r"|secure(?:\s+accommodation)?)"

# Checked in this order: the more specific reading wins ("interim secure accommodation
# order made" is interim, not a full order; "application for S25" is pending).
LEGAL_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("remand", re.compile(r"\bremand\w*", _I)),
    ("sentenced", re.compile(r"\bsentenced?\b|\bdto\b|detention\s+and\s+training\s+order", _I)),
    (
        "s25_72_hour",
        re.compile(
            r"\b72[\s-]*h(?:ou)?rs?\b|without\s+(?:an?\s+|a\s+court\s+)?"
            r"order|\breg(?:ulation)?\.?\s*10\b",
            _I,
        ),
    ),
    (
        "s25_interim_order",
        re.compile(
            r"\b(?:isao|isa\s+order)\b|\binterim\s+" + _S25 + r"|\b" + _S25 + r"\s+(?:order\s+)?"
            r"\(?interim\b|\binterim\s+(?:order|sao|basis)\b|\bon\s+an\s+interim\b"
            # "s25 IO", "S25 I.O. (interim) granted": IO is an interim order's short form.
            r"|\b" + _S25 + r"\s+i\.?o\b\.?",
            _I,
        ),
    ),
    (
        "s25_application_pending",
        re.compile(
            r"\bapplication\b|\bapply(?:ing)?\b|\bapplied\b|to\s+be\s+heard|\bhearing\s+"
            r"(?:on|is|listed|set)\b|\blisted\s+for\b|\bawaiting\s+(?:court|hearing)|\bpending\b",
            _I,
        ),
    ),
    (
        "s25_order",
        re.compile(
            r"\bsecure\s+accommodation\s+order\b|\bsao\b"
            r"|\b" + _SECTION + r"\b.{0,40}?"
            r"\b(?:order|granted|made)\b|\border\s+(?:granted|made)\b",
            _I,
        ),
    ),
)


# A status word denied in its clause states no status: "no application made", "we
# haven't applied yet", "not yet applied for an order". The words between may be a few.
_DENIED_BEFORE = re.compile(
    r"\b(?:no|not|never|nor|haven['’]?t|hasn['’]?t|have\s+not|has\s+not|yet\s+to)\b"
    r"(?:\s+[\w'’]+){0,3}\s*$",
    _I,
)
_DENIED_AFTER = re.compile(
    r"^(?:\s+\w+)?\s+(?:(?:is|has|have)\s+)?(?:not|yet\s+to\s+be)\s+(?:yet\s+)?(?:been\s+)?"
    r"(?:made|lodged|filed|issued|submitted|granted)\b",
    _I,
)
# An application still only intended is no status yet: "the authority will then apply",
# "we are considering making an application". Only small words may stand between, so
# "the court will hear the application" keeps its status.
_INTENDED = re.compile(
    r"\b(?:will|would|may|might|could|intends?|intending|plans?|planning|going|"
    r"consider(?:s|ing)?|hop(?:e|es|ing)|aim(?:s|ing)?|expect(?:s|ing)?)\b"
    r"(?:\s+(?:then|to|be|make|making|an|a|also|probably|likely|now|soon|whether))*\s*$",
    _I,
)
# An order applied for is not an order made: when the application itself is denied or
# only intended ("will then apply for a secure accommodation order"), so is the order.
_SOUGHT = re.compile(
    r"\b(?:apply|applying|applied|application|seek|seeking|sought)\s+for\b"
    r"(?:\s+[\w'’().]+){0,4}\s*$",
    _I,
)
_CLAUSE = re.compile(r"[.;:,\n–—]|\s-\s|\b(?:but|and)\b", _I)


def _denied(value: str, m: re.Match[str]) -> bool:
    before = value[: m.start()]
    breaks = list(_CLAUSE.finditer(before))
    if breaks:
        before = before[breaks[-1].end() :]
    return bool(
        _DENIED_BEFORE.search(before)
        or _INTENDED.search(before)
        or _SOUGHT.search(before)
        or _DENIED_AFTER.match(value[m.end() :])
    )


def legal_status(value: str) -> str | None:
    for code, pattern in LEGAL_RULES:
        if any(not _denied(value, m) for m in pattern.finditer(value)):
            return code
    return None


# The day an application was lodged is not its hearing: "application lodged 13/05 -
# awaiting listing" states no court date. The phrase runs to the next break.
_APPLICATION_DATED = re.compile(
    r"\b(?:lodged|made|filed|issued|submitted|applied|sent|dated)\b"
    r"(?:(?!\s-\s)[^,;\n–—()])*",
    _I,
)


def hearing_in_status(value: str) -> str:
    """The words of a status line that may date a hearing, without the application's own
    date."""
    return _APPLICATION_DATED.sub(" ", value)


# Gender as the social worker states it. A trans boy/girl is recorded by their stated
# gender (it is what a home's gender rule is about); "unknown" is a real answer.
_GENDERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("non_binary", re.compile(r"^(?:non[\s-]*binary|nb|enby|gender\s*fluid|agender)\b", _I)),
    (
        "male",
        re.compile(
            r"^(?:m|male|boy|man|young\s+man|trans(?:gender)?\s+(?:male|boy|man)|"
            r"ftm|he(?:/him)?)\b",
            _I,
        ),
    ),
    (
        "female",
        re.compile(
            r"^(?:f|female|girl|woman|young\s+woman|trans(?:gender)?\s+"
            r"(?:female|girl|woman)|mtf|she(?:/her)?)\b",
            _I,
        ),
    ),
    ("unknown", re.compile(r"^(?:unknown|not\s+known|prefer\s+not\s+to\s+say|not\s+stated)\b", _I)),
)


def gender(value: str) -> str | None:
    text = value.strip().strip(".").strip()
    for code, pattern in _GENDERS:
        if pattern.search(text):
            return code
    return None


def _one_ticked(value: str, what: str, warnings: list[str]) -> str | None:
    """The one answer of a single-answer question: the value itself, or of tick boxes the
    one ticked. Two boxes ticked (or none readable) answer nothing: a warning, no guess."""
    ticked = ticked_value(value, what, warnings)
    if ticked is None:
        return None
    answers = [a for a in ticked.split("\n") if a.strip()]
    if len(answers) > 1:
        warnings.append(f"{what}: more than one box ticked ({', '.join(answers)[:40]}): not read")
        return None
    return answers[0] if answers else None


def gender_answer(value: str, warnings: list[str]) -> str | None:
    """The stated gender; of a question answered with tick boxes ("☒ Female ☐ Male ☐
    Non-binary"), the one ticked (ticks.py reads the boxes, as for risks and needs)."""
    answer = _one_ticked(value, "gender", warnings)
    found = gender(answer) if answer else None
    if found is None and answer is not None:
        warnings.append(f"gender not recognised: '{' '.join(value.split())[:30]}'")
    return found


def legal_status_answer(value: str, warnings: list[str]) -> str | None:
    """The legal status; of a list of statuses with boxes ("☐ Remand ☒ Full s25 order"),
    the one ticked: every item names a status, so the words alone would read the first
    listed, ticked or not."""
    answer = _one_ticked(value, "legal status", warnings)
    return legal_status(answer) if answer else None


# "the approval came through this morning", "approval is in place": granted in other words.
_SOS_GRANTED = re.compile(
    r"\b(?:granted|approved|given|agreed|obtained|received|secured|"
    r"c[oa]me\s+through|in\s+place)\b",
    _I,
)
_SOS_SOUGHT = re.compile(
    r"\b(?:sought|seeking|applied|applying|requested|pending|awaiting|"
    r"submitted|in\s+progress|application)\b",
    _I,
)
# "not yet approved", "hasn't been granted": approval still to come.
_SOS_NOT_YET = re.compile(
    r"(?:\bnot|n['’]t)\s+(?:yet\s+)?(?:been\s+)?(?:granted|approved|given|agreed|obtained|"
    r"received|secured|c[oa]me\s+through|in\s+place)\b",
    _I,
)
_SOS_NA = re.compile(r"^(?:n/?a|not\s+applicable|not\s+required|no|none)\b", _I)
# The sentence runs on over a wrapped line ("we applied to the Secretary of State and /
# approval was granted"): a line break before a lower-case word does not end it.
_SOS_IN_TEXT = re.compile(
    r"\b(?:secretary\s+of\s+state|sos|dfe)\b(?:[^.\n]|\n(?=\s*(?-i:[a-z]))){0,80}", _I
)


def sos_approval(value: str) -> str | None:
    """ "granted", "sought", the words as written, or None for n/a."""
    text = " ".join(value.split())
    if not text or _SOS_NA.match(text):
        return None
    if _SOS_GRANTED.search(text) and not _SOS_NOT_YET.search(text):
        return "granted"
    if _SOS_SOUGHT.search(text):
        return "sought"
    return text


def sos_in_text(text: str) -> str | None:
    """Approval mentioned in prose ("Secretary of State approval is being sought")."""
    for m in _SOS_IN_TEXT.finditer(text):
        if "approv" in m.group(0).lower() or _SOS_SOUGHT.search(m.group(0)):
            found = sos_approval(m.group(0))
            if found in ("granted", "sought"):
                return found
    return None
