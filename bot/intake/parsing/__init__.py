"""The email parser: raw bytes to a `ParsedMessage`, with no I/O and no exceptions.

    parse_message(raw, ParseContext(authorities=..., homes=...)) -> ParsedMessage
    parsed_to_json(parsed) -> dict    # the `swcu parse --json` object

Each step lives in its own module: mime (bytes to text), forwarded (chains and quotes),
labels (label/value lines), vocab/status/dates/people/avoid (words to values), referral
(assembly), classify (kind). Completeness rules are in bot.domain.completeness.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.domain.completeness import missing_fields
from bot.domain.model import Home, ParsedMessage
from bot.intake.parsing.classify import (
    Envelope,
    asks_no_auto_reply,
    auto_reply_subject,
    automatic_headers,
    classify,
    looks_like_referral,
    reads_as_referral,
    reference_in,
)
from bot.intake.parsing.classify import thread_of as thread_id
from bot.intake.parsing.forwarded import forwarder_is_worker, split_chain, strip_quoted
from bot.intake.parsing.headers import (
    MAX_REFERENCES,
    address,
    addresses,
    all_header_text,
    message_ids,
    sent_date,
)
from bot.intake.parsing.jsonout import parsed_to_json
from bot.intake.parsing.labels import Form, read_form
from bot.intake.parsing.lookup import AuthorityLookup, AuthorityMatchLike, NoAuthorities
from bot.intake.parsing.mime import Mail, read_mail
from bot.intake.parsing.prose_fields import read_subject
from bot.intake.parsing.referral import Sender, build_referral
from bot.intake.parsing.storable import scrub
from bot.intake.parsing.vacancy import read_vacancy
from bot.intake.parsing.vacancy_home import identify_home

__all__ = [
    "AuthorityLookup",
    "AuthorityMatchLike",
    "NoAuthorities",
    "ParseContext",
    "parse_message",
    "parsed_to_json",
]


@dataclass(frozen=True)
class ParseContext:
    authorities: AuthorityLookup
    homes: Sequence[Home] = ()
    now: datetime | None = None  # fallback when the Date header is missing or unreadable
    referrals_address: str = "referrals@swcu.test"
    vacancies_address: str = "vacancies@swcu.test"
    unit_domain: str = "swcu.test"
    # The home whose vacancy check one of these Message-IDs was (our sent reminders, from
    # the store); None: only the sender and the names tell.
    thread_home: Callable[[Sequence[str]], str | None] | None = None


def parse_message(raw: bytes, ctx: ParseContext) -> ParsedMessage:
    """Never raises: whatever goes wrong becomes kind "unknown" with a "parse_error" flag."""
    try:
        # Whatever the email decoded to, what comes out can be stored and printed.
        return scrub(_parse(raw, ctx))
    except Exception as exc:  # the intake must never lose a message to a parser bug
        return ParsedMessage(
            kind="unknown",
            flags=["parse_error"],
            warnings=[f"the message could not be parsed ({type(exc).__name__})"],
            sent_at=ctx.now,
        )


def _envelope(mail: Mail) -> tuple[Envelope, str | None, str | None]:
    subject = mail.header("Subject")
    sender_name, sender = address(mail.header("From"))
    recipients = addresses(
        [
            v
            for name in ("To", "Cc", "Delivered-To", "X-Original-To")
            for v in all_header_text(mail.message, name)
        ]
    )
    reply_ids = message_ids(mail.header("In-Reply-To"))
    env = Envelope(
        subject=subject,
        sender=sender,
        recipients=recipients,
        in_reply_to=reply_ids[0] if reply_ids else None,
        # Threading needs the newest few; a thousand ids only cost (and once broke) the
        # thread look-up, and would be copied into our answers.
        references=message_ids(
            mail.header("References", keep_end=True), keep_last=MAX_REFERENCES
        ),
    )
    ids = message_ids(mail.header("Message-ID"))
    message_id = ids[0] if ids else (mail.header("Message-ID") or None)
    return env, sender_name, message_id


def _parse(raw: bytes, ctx: ParseContext) -> ParsedMessage:
    if not isinstance(raw, bytes | bytearray):
        raw = str(raw).encode("utf-8", "replace")
    mail = read_mail(bytes(raw))
    env, sender_name, message_id = _envelope(mail)
    warnings = list(mail.warnings)
    sent_at = sent_date(mail.header("Date"))
    if sent_at is None:
        sent_at = ctx.now or datetime.now(UTC)
        warnings.append("no readable Date header: times are read relative to the time of parsing")
    reference = reference_in(env.subject, mail.text)
    homes = list(ctx.homes)
    contacts = {e.lower() for h in homes for e in h.contact_emails}
    vacancies_local = ctx.vacancies_address.split("@")[0].lower()
    kind = classify(
        mail,
        env,
        vacancies_local=vacancies_local,
        home_contacts=contacts,
        text=mail.text,
        reference=reference,
    )
    msg = ParsedMessage(
        kind=kind,
        message_id=message_id,
        in_reply_to=env.in_reply_to,
        references=env.references,
        subject=env.subject,
        sender=env.sender,
        sender_name=sender_name,
        sent_at=sent_at,
        warnings=warnings,
        flags=mail.flags,
        reference=reference,
        text=mail.text,
        no_auto_reply=asks_no_auto_reply(mail),
        unread_attachments=[a.name for a in mail.attachments if a.problem],
    )
    if env.sender and env.sender.endswith("@" + ctx.unit_domain.lower()):
        msg.flags.append("from_unit")
    automatic = kind == "auto_reply" or automatic_headers(mail)
    new_form: Form | None = None  # the body read as a new referral, when already read
    if kind == "auto_reply" and not auto_reply_subject(env.subject):
        # Automatic headers stop our answers, not our reading: a referral sent by a case
        # system with Auto-Submitted is recorded (and never answered). Only the message's
        # own words count: an automatic answer quoting a referral is not one.
        own = read_form(strip_quoted(mail.text).split("\n"))
        if reads_as_referral({p.field for p in own.pairs}):
            kind = msg.kind = "referral"
    if automatic:
        msg.auto_submitted = True
    if kind in ("auto_reply", "bounce"):
        return msg
    if kind == "vacancy_update":
        _vacancy(msg, mail.text, homes, ctx.thread_home)
        return msg

    reply = kind == "referral_reply"
    reply_form = None
    if reply:
        msg.thread_of = thread_id(env)
        content, author = strip_quoted(mail.text), None
        if reference is None:
            # Threading headers do not make a reply: a message that reads as a new referral
            # is one (the service still treats it as a reply if it threads to a known one).
            new_form = read_form(split_chain(mail.text, env.subject).content().split("\n"))
            if reads_as_referral({p.field for p in new_form.pairs}):
                reply_form = (read_form(content.split("\n")), content)
                kind = msg.kind = "referral"
                reply = False
    if not reply:
        chain = split_chain(mail.text, env.subject)
        content = chain.content()
        # The forwarded message's author is the worker, unless the forwarder says it is them.
        original = None if forwarder_is_worker(chain.top) else chain.author
        author = Sender(original.author_email, original.author_name) if original else None
    form = new_form if new_form is not None and not reply else read_form(content.split("\n"))
    pairs = form.pairs
    if not reply and not looks_like_referral(len(pairs), env.subject, content):
        msg.kind = "unknown"
        return msg
    details, found = build_referral(
        pairs,
        content,
        sent_at,
        ctx.authorities,
        homes,
        sender=Sender(env.sender, sender_name),
        author=author,
        reply=reply,
    )
    msg.referral = details
    msg.warnings.extend(form.warnings)
    msg.warnings.extend(found)
    if not reply and missing_fields(details):
        # Details given only in the subject line ("... - s25 full order - CCE/gangs").
        read_subject(details, env.subject or "", sent_at, homes, msg.warnings)
    if not reply:
        msg.missing = missing_fields(details)
        msg.complete = not msg.missing
    if reply_form is not None:
        as_reply, _found = build_referral(
            reply_form[0].pairs,
            reply_form[1],
            sent_at,
            ctx.authorities,
            homes,
            sender=Sender(env.sender, sender_name),
            author=None,
            reply=True,
        )
        msg.as_reply = as_reply
    return msg


def _vacancy(
    msg: ParsedMessage,
    text: str,
    homes: list[Home],
    thread_home: Callable[[Sequence[str]], str | None] | None,
) -> None:
    thread = [m for m in [msg.in_reply_to, *msg.references] if m]
    home, _how = identify_home(
        msg.sender, msg.subject, text, thread, homes, thread_home=thread_home
    )
    if home is None:
        msg.warnings.append("could not tell which home this vacancy reply is from")
    assert msg.sent_at is not None
    # The whole text: the reader cuts quoted history itself and may read answers typed
    # into our quoted check.
    reading = read_vacancy(text, msg.sent_at, home)
    msg.vacancy = reading.details
    msg.warnings.extend(reading.warnings)
