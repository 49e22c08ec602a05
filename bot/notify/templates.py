"""The wording of every email and Slack post, kept in `templates/` where it can be read.

StrictUndefined: a template that names something the caller did not pass fails loudly in
tests instead of sending a social worker an email with a gap in it. HTML is autoescaped;
plain text is not (there is nothing to escape in text/plain).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateNotFound,
    select_autoescape,
)

from bot.clock import LONDON, london_words
from bot.settings import ROOT

TEMPLATES_DIR = ROOT / "templates"


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str | None


def london(value: datetime) -> str:
    """An aware datetime as London wall-clock time: "Mon 23 Nov 2026, 18:00"."""
    if value.tzinfo is None:
        raise ValueError("london filter: naive datetime (times must carry a zone)")
    return london_words(value)


def london_day(value: date | datetime) -> str:
    """A day in words: "Tue 24 Nov"."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("london_day filter: naive datetime (times must carry a zone)")
        value = value.astimezone(LONDON).date()
    return f"{value:%a} {value.day} {value:%b}"


def hhmm(value: datetime) -> str:
    """An aware datetime as London wall-clock "19:00"."""
    if value.tzinfo is None:
        raise ValueError("hhmm filter: naive datetime (times must carry a zone)")
    return f"{value.astimezone(LONDON):%H:%M}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """`{{ n|plural("bed") }}` → "1 bed" / "3 beds"."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count} {word}"


def words(items: Iterable[str], conjunction: str = "and") -> str:
    """["CSE", "absconding", "self-harm"] → "CSE, absconding and self-harm"."""
    parts = [str(i) for i in items if str(i)]
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {conjunction} {parts[-1]}"


def miles(value: float | None) -> str:
    if value is None:
        return "distance not known"
    rounded = round(value)
    return "under 1 mile" if rounded < 1 else plural(rounded, "mile")


def make_templates(path: str | Path | None = None) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(path or TEMPLATES_DIR)),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # The wording does not change under a running process: no stat() of every
        # template file at every render.
        auto_reload=False,
    )
    env.filters.update(
        london=london, london_day=london_day, plural=plural, words=words, miles=miles,
        hhmm=hhmm,
    )
    return env


def _has(env: Environment, name: str) -> bool:
    try:
        env.get_template(name)
    except TemplateNotFound:
        return False
    return True


def render_email(env: Environment, name: str, **context: Any) -> RenderedEmail:
    """Render `email/{name}.subject.txt`, `.txt` and (when present) `.html`."""
    subject = " ".join(env.get_template(f"email/{name}.subject.txt").render(**context).split())
    text = env.get_template(f"email/{name}.txt").render(**context)
    html_name = f"email/{name}.html"
    html = env.get_template(html_name).render(**context) if _has(env, html_name) else None
    return RenderedEmail(subject=subject, text=text.strip() + "\n", html=html)


def render_slack(env: Environment, name: str, **context: Any) -> str:
    """Render `slack/{name}.txt` (Slack mrkdwn)."""
    return env.get_template(f"slack/{name}.txt").render(**context).strip()


def render_sms(env: Environment, name: str, **context: Any) -> str:
    """Render `sms/{name}.txt` as one line (an SMS has no layout)."""
    return " ".join(env.get_template(f"sms/{name}.txt").render(**context).split())


# The scheduler's notices (bot/services/notices.py).
SCHEDULE_EMAIL_TEMPLATES: Sequence[str] = (
    "vacancy_reminder",
    "vacancy_chase",
    "vacancy_noon_list",
    "guard_warning",
    "guard_breach",
    "oncall_alert",
    "friday_notice",
    "friday_closure",
    "friday_handover",
    "monthly_report",
    "monthly_report_reminder",
)
SCHEDULE_SLACK_TEMPLATES: Sequence[str] = (
    "oncall_alert",
    "friday_notice",
    "friday_closure",
    "friday_handover",
    "guard_warning",
    "guard_breach",
)
SMS_TEMPLATES: Sequence[str] = ("oncall_alert",)

EMAIL_TEMPLATES: Sequence[str] = (
    "ack",
    "missing",
    "reply_update",
    "vacancy_ack",
    "vacancy_unclear",
    "draft_list",
    "placement_list",
    "consult",
)
SLACK_TEMPLATES: Sequence[str] = ("draft_list",)
