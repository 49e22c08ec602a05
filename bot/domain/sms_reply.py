"""A reply to an on-call alert's SMS: is it an ACK, which alerts does it name, and which
alerts does it acknowledge. Pure: the texts, the alerts texted to the sender and the
numbers are arguments.

An SMS has no thread, so a reply is matched by who sent it: the alerts texted to that
number. A bare "ACK" acknowledges every unacknowledged alert texted to the number in the
window before the reply (someone woken by two alerts answers once, and reads both); "ACK
12" or "ACK SWCU-2026-0042" names alerts, and then only those — but still only among the
alerts texted to that number, so a mistyped number never silences someone else's alert."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

# How far back a bare ACK reaches: older alerts have run their escalation and were seen
# (or not) long ago; a stray ACK must not tidy them away.
BARE_ACK_WINDOW = timedelta(hours=12)

_REFERENCE = re.compile(r"^SWCU-\d{4}-\d{3,6}$", re.IGNORECASE)
_ALERT_NUMBER = re.compile(r"^(?:ALERT)?#?(\d{1,9})$", re.IGNORECASE)
# Words that may stand between ACK and what it names: "ACK alert 12 and 13".
_FILLERS = {"ALERT", "ALERTS", "AND", "&", "#", "NO"}
_PUNCTUATION = ".,;:!?()[]\"'*"
# The first word: "ACK", or "ACK12" written without the space.
_FIRST = re.compile(r"^ACK(?:#?(\d{1,9}))?$", re.IGNORECASE)


@dataclass(frozen=True)
class ReceivedText:
    """One text from Notify's received-text-messages: its id, who sent it, when it reached
    Notify (UTC) and what it says."""

    id: str
    user_number: str
    content: str
    received_at: datetime


@dataclass(frozen=True)
class AckReply:
    alerts: tuple[int, ...] = ()  # alert numbers named
    references: tuple[str, ...] = ()  # referral references named, upper case

    @property
    def bare(self) -> bool:
        return not (self.alerts or self.references)


@dataclass(frozen=True)
class TextedAlert:
    """An alert texted to the sender's number, as plain data."""

    alert_id: int
    reference: str
    texted_at: datetime
    acknowledged: bool


def parse_ack(text: str) -> AckReply | None:
    """ "ACK", "ack.", " Ack 12", "ACK #12, 13", "ACK alert 12", "ACK SWCU-2026-0042 on my
    way" → an AckReply; anything whose first word is not ACK → None. Only what follows
    ACK directly names alerts: "ACK on it, back at 22:30" names none."""
    words = (text or "").split()
    first = _FIRST.match(words[0].strip(_PUNCTUATION)) if words else None
    if first is None:
        return None
    numbers: list[int] = [int(first.group(1))] if first.group(1) else []
    references: list[str] = []
    for raw in _split_commas(words[1:]):
        word = raw.strip(_PUNCTUATION)
        if not word:
            continue
        if _REFERENCE.match(word):
            references.append(word.upper())
        elif (m := _ALERT_NUMBER.match(word)) is not None:
            numbers.append(int(m.group(1)))
        elif word.upper() not in _FILLERS:
            break  # the rest is prose
    return AckReply(tuple(dict.fromkeys(numbers)), tuple(dict.fromkeys(references)))


def _split_commas(words: Iterable[str]) -> Iterable[str]:
    for word in words:
        yield from (part for part in word.split(",") if part)


def normalise_number(number: str) -> str | None:
    """A phone number in one form, for comparing: UK numbers as +44… whether written
    07700 900001, 447700900001, +44 (0)7700 900001 or 0044 7700 900001; other
    international numbers as + and digits. None when it is not a phone number."""
    text = (number or "").strip().replace("(0)", "")
    plus = text.startswith("+")
    digits = re.sub(r"[\s().-]", "", text.removeprefix("+"))
    if not digits.isdigit() or not 9 <= len(digits) <= 15:
        return None
    if digits.startswith("00"):
        digits, plus = digits[2:], True
    if plus or (digits.startswith("44") and len(digits) == 12):
        return "+" + digits
    if digits.startswith("0") and len(digits) == 11:
        return "+44" + digits[1:]
    return None


def people_with_number(numbers: Mapping[str, str | None], sender: str) -> tuple[str, ...]:
    """The keys of the people (key → phone as configured) whose number is the sender's;
    more than one when a team shares an on-call handset."""
    wanted = normalise_number(sender)
    if wanted is None:
        return ()
    return tuple(sorted(k for k, phone in numbers.items()
                        if phone and normalise_number(phone) == wanted))


def choose_alerts(reply: AckReply, texted: Iterable[TextedAlert],
                  received_at: datetime, window: timedelta = BARE_ACK_WINDOW) -> list[int]:
    """The alerts this reply acknowledges, oldest first. Only alerts texted before the
    reply count (an ACK cannot answer a text that had not been sent). Named alerts count
    even if acknowledged already (acknowledging again is harmless and says so)."""
    before = [t for t in texted if t.texted_at <= received_at]
    if reply.bare:
        chosen = [t for t in before
                  if not t.acknowledged and received_at - t.texted_at <= window]
    else:
        chosen = [t for t in before
                  if t.alert_id in reply.alerts or t.reference.upper() in reply.references]
    ids = dict.fromkeys(t.alert_id for t in sorted(chosen, key=lambda t: (t.texted_at,
                                                                          t.alert_id)))
    return list(ids)
