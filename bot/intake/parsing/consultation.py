"""A home's answer to a consultation on one referral: can consider, or decline (and why).

A registered manager may always decline, so a decline is read generously ("no, sorry",
"unable to offer") while an acceptance needs words that clearly say the home can consider
the child; anything else (questions, "will discuss and come back to you") is unclear and
returns None, for an officer to read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.intake.parsing import vocab
from bot.intake.parsing.vacancy_home import strip_quoted_reply


@dataclass(frozen=True)
class ConsultationAnswer:
    answer: Literal["accept", "decline"]
    reason: str | None = None  # the home's own words for a decline


_VERB = r"(?:consider|offer|accept|take|admit|support|meet|manage|accommodate|progress)"
_DECLINE = re.compile(
    rf"""\b(?:
        declin(?:e|ed|ing)
      | (?:unable|not\s+able|not\s+in\s+a\s+position)\s+to\s+(?:\w+\s+)?{_VERB}
      | (?:can\s*not|can't|cannot|won't|will\s+not|would\s+not|wouldn't|couldn't|could\s+not)
            \s+(?:\w+\s+)?{_VERB}
      | not\s+(?:be\s+)?(?:suitable|appropriate|a\s+good\s+match|the\s+right\s+(?:match|home))
      | not\s+(?:at\s+this\s+time|this\s+time)
      | (?:we|i)\s+(?:must|have\s+to|will\s+have\s+to)\s+(?:say\s+no|pass)
      | regret(?:tably)?
      | no\s*,?\s+(?:sorry|thank\s*you|thanks)
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)
_BARE_NO = re.compile(r"^\s*no\b(?!\s+(?:problem|worries|issue))[\s,.!-]*", re.IGNORECASE)
_ACCEPT = re.compile(
    r"""\b(?:
        (?:can|could|will|would|are\s+able\s+to|am\s+able\s+to|able\s+to|happy\s+to|
           pleased\s+to|willing\s+to)\s+(?:\w+\s+)?consider
      | (?:can|could|will|would|are\s+able\s+to|able\s+to|happy\s+to)\s+(?:\w+\s+)?
            (?:offer|accept|take)\s+(?:this|the|her|him|them|a\s+bed|a\s+placement)
      | (?:we\s+)?accept(?:ed)?\s+(?:this|the)\s+(?:referral|young\s+person|child|consultation)
      | yes\s*,?\s*(?:we\s+)?(?:can|happy|will|please|able)
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_BARE_YES = re.compile(r"^\s*yes\b", re.IGNORECASE)
# "before we can consider", "whether we can consider": conditions, not answers.
_CONDITION = re.compile(
    r"\b(?:before|whether|if|until|once|when)\s+(?:\w+\s+){0,3}$", re.IGNORECASE
)
_QUESTION = re.compile(r"\?\s*$")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_REASON_AFTER = re.compile(
    r"""(?:\s*[-\u2013\u2014:;,(]\s*|\s+(?:due\s+to|because\s+of|because|as|given|owing\s+to)\s+)
        (?P<reason>.+)$""",
    re.IGNORECASE | re.VERBOSE,
)
_SIGN_OFF = re.compile(
    r"^(?:" + vocab.load_words().sign_off + r"|thanks?|sent\s+from|--)\b", re.IGNORECASE
)
_GREETING = re.compile(
    r"^(?:hi|hello|dear|good\s+(?:morning|afternoon|evening))\b[^.!?]{0,40}[,!]?$", re.IGNORECASE
)
_FILLER_REASON = re.compile(
    r"^(?:sorry|unfortunately|thanks?|thank\s+you|at\s+this\s+time|at\s+present|"
    r"this\s+(?:referral|young\s+person|child|time)|for\s+this\s+(?:referral|young\s+person|child)|"
    r"the\s+referral|on\s+this\s+occasion|him|her|them)[\s.,!]*$",
    re.IGNORECASE,
)


def parse_consultation_reply(text: str) -> ConsultationAnswer | None:
    """accept / decline (with the home's reason, when it gives one), or None when unclear."""
    body = strip_quoted_reply(text or "").replace("\u2019", "'")
    sentences = [s.strip() for s in _SENTENCE.split(body) if s and s.strip()]
    sentences = [s for s in _until_sign_off(sentences) if not _GREETING.match(s)]
    for i, sentence in enumerate(sentences):
        if _QUESTION.search(sentence):
            continue
        decline = _DECLINE.search(sentence)
        bare_no = _BARE_NO.match(sentence) if i == 0 else None
        if decline is not None or bare_no is not None:
            end = decline.end() if decline is not None else bare_no.end() if bare_no else 0
            return ConsultationAnswer("decline", _reason(sentence, end, sentences[i + 1 :]))
        accept = _ACCEPT.search(sentence)
        if accept is not None and not _CONDITION.search(sentence[: accept.start()]):
            return ConsultationAnswer("accept")
        if i == 0 and _BARE_YES.match(sentence):
            return ConsultationAnswer("accept")
    return None


def _until_sign_off(sentences: list[str]) -> list[str]:
    for i, sentence in enumerate(sentences):
        if _SIGN_OFF.match(sentence):
            return sentences[:i]
    return sentences


def _reason(sentence: str, end: int, rest: list[str]) -> str | None:
    """The home's words after the decline, or the sentences that follow it."""
    tail = re.sub(_LEADING_OBJECT, "", sentence[end:], flags=re.IGNORECASE)
    found = _REASON_AFTER.match(tail)
    candidate = _tidy(found.group("reason")) if found else _tidy(tail)
    if candidate and not _FILLER_REASON.match(candidate):
        return candidate
    following = " ".join(rest).strip()
    if following:
        return _tidy(following)[:500] or None
    return None


# Words that only carry the decline itself ("this referral", "at this time") are dropped.
_LEADING_OBJECT = (
    r"^\s*(?:this\s+(?:referral|young\s+person|child)|the\s+referral|him|her|them|"
    r"(?:a|any)\s+(?:beds?|placements?|places?)(?:\s+(?:to|for)\s+(?:him|her|them))?)\b"
)


def _tidy(text: str) -> str:
    text = text.strip().strip(" .,;:-\u2013\u2014()")
    text = re.sub(_LEADING_OBJECT + r"[\s,]*", "", text, flags=re.IGNORECASE)
    text = re.sub(
        r"^(?:at\s+this\s+time|at\s+present|on\s+this\s+occasion)\b[\s,]*",
        "",
        text,
        flags=re.IGNORECASE,
    )
    return text.strip().strip(" .,;:-\u2013\u2014()")
