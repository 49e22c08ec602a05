"""What kind of message this is: auto reply, bounce, vacancy update, reply, referral."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.intake.parsing.mime import Mail

REFERENCE = re.compile(r"\bSWCU-(\d{4})-(\d{3,6})\b", re.I)
_AUTO_SUBJECT = re.compile(
    r"^\s*(?:automatic\s+reply|auto(?:matic)?\s*-?\s*reply|autoreply|"
    r"auto\s*:|out\s+of\s+(?:the\s+)?office|ooo\b|away\s*:|"
    r"abwesenheitsnotiz|r[ée]ponse\s+automatique)",
    re.I,
)
_BOUNCE_SUBJECT = re.compile(
    r"^\s*(?:undeliverable|undelivered\s+mail|delivery\s+status\s+"
    r"notification|mail\s+delivery\s+(?:failed|failure|subsystem)|"
    r"returned\s+mail|delivery\s+(?:has\s+)?failed|failure\s+notice|"
    r"non[-\s]?delivery)",
    re.I,
)
_BOUNCE_SENDER = re.compile(r"^(?:mailer-daemon|postmaster|mail-daemon)@", re.I)
_VACANCY_WORDS = re.compile(r"\b(?:beds?|vacanc(?:y|ies)|no\s+vacancy|full|capacity)\b", re.I)
_REFERRAL_WORDS = re.compile(
    r"\b(?:referral|secure\s+(?:welfare|accommodation|placement|bed)|"
    r"s\.?\s*25|section\s+25|(?:remand|secure|welfare|justice)\s+(?:bed|placement)s?|"
    r"beds?\s+(?:needed|required|wanted|request(?:ed)?))\b",
    re.I,
)


@dataclass(frozen=True)
class Envelope:
    subject: str
    sender: str | None
    recipients: list[str]
    in_reply_to: str | None
    references: list[str]


# X-Auto-Response-Suppress values that ask for no automatic answers (Microsoft).
SUPPRESSING = frozenset({"all", "autoreply", "oof", "autoreplies"})


def asks_no_auto_reply(mail: Mail) -> bool:
    """X-Auto-Response-Suppress (Microsoft): the sender asks for no automatic answers."""
    try:
        value = str(mail.raw("X-Auto-Response-Suppress") or "")
    except Exception:
        return False
    words = {w.strip().lower() for w in value.replace(";", ",").split(",")}
    return bool(words & SUPPRESSING)


def automatic_headers(mail: Mail) -> bool:
    """Headers that say a program sent this (Auto-Submitted, X-Autoreply, Precedence).

    They stop automatic answers; they do not decide what the message is: a referral a
    council's case system sends with Auto-Submitted is still a referral.
    """
    auto = mail.header("Auto-Submitted").lower()
    if auto and auto != "no":
        return True
    if mail.header("X-Autoreply") or mail.header("X-Autorespond"):
        return True
    # X-Auto-Response-Suppress asks *others* not to auto-reply: Outlook puts it on ordinary
    # mail, so it says nothing about this message.
    return mail.header("Precedence").lower() in ("auto_reply", "bulk", "junk", "list")


def is_auto_reply(mail: Mail, subject: str) -> bool:
    return automatic_headers(mail) or bool(_AUTO_SUBJECT.match(subject))


def auto_reply_subject(subject: str) -> bool:
    return bool(_AUTO_SUBJECT.match(subject))


# The fields whose labels make a message read as a referral of its own.
_REFERRAL_FIELDS = frozenset(
    {"placing_authority", "initials", "dob", "age", "gender", "legal_status", "needed_by", "risks"}
)
NEW_REFERRAL_FIELDS = 4  # a reply adding a field or two states far fewer


def reads_as_referral(fields: set[str]) -> bool:
    """Enough of a referral's own fields stated to be one, whatever the headers say."""
    return len(fields & _REFERRAL_FIELDS) >= NEW_REFERRAL_FIELDS


def is_bounce(mail: Mail, env: Envelope, *, strong_only: bool = False) -> bool:
    if mail.content_type == "multipart/report" and mail.report_type.lower() in (
        "delivery-status",
        "",
    ):
        return True
    if env.sender and _BOUNCE_SENDER.match(env.sender):
        return True
    return not strong_only and bool(_BOUNCE_SUBJECT.match(env.subject))


def is_vacancy(env: Envelope, vacancies_local: str, home_contacts: set[str], text: str) -> bool:
    if any(r.split("@")[0] == vacancies_local for r in env.recipients):
        return True
    if any("vacancy-check-" in ref.lower() for ref in _thread_ids(env)):
        return True
    return bool(env.sender and env.sender in home_contacts and _VACANCY_WORDS.search(text))


def _thread_ids(env: Envelope) -> list[str]:
    return ([env.in_reply_to] if env.in_reply_to else []) + env.references


def reference_in(*texts: str) -> str | None:
    for text in texts:
        m = REFERENCE.search(text)
        if m:
            return f"SWCU-{m.group(1)}-{m.group(2)}"
    return None


def thread_of(env: Envelope) -> str | None:
    ids = _thread_ids(env)
    return ids[0] if ids else None


def looks_like_referral(label_count: int, subject: str, text: str) -> bool:
    """Enough to be worth an officer's look; completeness is judged separately."""
    if label_count >= 3:
        return True
    return (
        label_count >= 1
        and bool(_REFERRAL_WORDS.search(subject + "\n" + text))
        or bool(_REFERRAL_WORDS.search(subject))
    )


def classify(
    mail: Mail,
    env: Envelope,
    *,
    vacancies_local: str,
    home_contacts: set[str],
    text: str,
    reference: str | None,
) -> str:
    # A real bounce often also carries Auto-Submitted; the stronger bounce signals win.
    if is_bounce(mail, env, strong_only=True):
        return "bounce"
    if is_auto_reply(mail, env.subject):
        return "auto_reply"
    if is_bounce(mail, env):
        return "bounce"
    # A home writing about a referral (a reference in it) is answering a consultation,
    # not reporting vacancies, unless it wrote to the vacancies address or thread.
    if is_vacancy(env, vacancies_local, home_contacts if reference is None else set(), text):
        return "vacancy_update"
    if thread_of(env) or reference:
        return "referral_reply"
    return "referral"  # the caller demotes it to "unknown" when it has no referral content
