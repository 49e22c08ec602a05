"""Every scheduler notice renders from its template: emails with a subject and text,
Slack texts without a child's details, SMS in one message with reference and initials."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from bot.notify.slack_post import assert_channel_safe
from bot.notify.sms import assert_sms_safe
from bot.notify.templates import (
    SCHEDULE_EMAIL_TEMPLATES,
    SCHEDULE_SLACK_TEMPLATES,
    SMS_TEMPLATES,
    make_templates,
    render_email,
    render_slack,
    render_sms,
)

UNIT = "Secure Welfare Coordination Unit"
AT = datetime(2026, 11, 27, 19, 0, tzinfo=UTC)
REFS = [{"reference": "SWCU-2026-0042", "initials": "AK", "clock": "no list, 35 min left"},
        {"reference": "SWCU-2026-0043", "initials": "JB", "clock": "incomplete"}]
CONTEXT: dict[str, Any] = dict(
    unit_name=UNIT, home_name="Oak Lodge", day=AT, at=AT,
    homes=[{"name": "Oak Lodge", "code": "OAK"}, {"name": "Fenland House", "code": "FEN"}],
    reference="SWCU-2026-0042", initials="AK", due_at=AT, completed_at=AT, minutes=90,
    alert_id=12345, event="now complete", escalated=True,
    closes=AT, reopens=datetime(2026, 11, 30, 9, 0, tzinfo=UTC), closed_from=AT,
    on_call_contact="ring 0300 123 4567", on_call_name="Ann",
    referrals_address="referrals@swcu.test", referrals=REFS,
    month="2026-11", files=["/srv/swcu/reports/2026-11/report.xlsx"],
    deadline=date(2026, 12, 14), deadline_day=10,
)
ENV = make_templates()


@pytest.mark.parametrize("name", SCHEDULE_EMAIL_TEMPLATES)
def test_every_scheduler_email_renders(name: str) -> None:
    mail = render_email(ENV, name, **CONTEXT)
    assert mail.subject and "\n" not in mail.subject
    assert mail.text.strip()
    assert "{{" not in mail.text and "{%" not in mail.text


@pytest.mark.parametrize("name", SCHEDULE_SLACK_TEMPLATES)
def test_every_scheduler_slack_text_is_channel_safe(name: str) -> None:
    text = render_slack(ENV, name, **CONTEXT)
    assert text
    assert_channel_safe(text)


@pytest.mark.parametrize("name", SMS_TEMPLATES)
@pytest.mark.parametrize("escalated", [False, True])
def test_every_sms_fits_one_message_with_reference_and_initials_only(
    name: str, escalated: bool
) -> None:
    text = render_sms(ENV, name, **{**CONTEXT, "escalated": escalated,
                                    "alert_id": 999999, "reference": "SWCU-2026-9999"})
    assert_sms_safe(text)  # ≤ 160 GSM characters, no date or address
    assert "SWCU-2026-9999" in text and "(AK)" in text
    assert "Oak Lodge" not in text and "Hampshire" not in text


def test_the_hand_over_lists_references_and_initials_and_their_clocks() -> None:
    text = render_slack(ENV, "friday_handover", **CONTEXT)
    assert "SWCU-2026-0042 (AK): no list, 35 min left" in text
    assert "SWCU-2026-0043 (JB): incomplete" in text


def test_the_friday_notice_says_until_when_and_whom_to_call() -> None:
    mail = render_email(ENV, "friday_notice", **CONTEXT)
    assert "open until 19:00" in mail.text and "0300 123 4567" in mail.text
    closure = render_email(ENV, "friday_closure", **CONTEXT)
    assert "closed" in closure.subject.lower() and "Mon 30 Nov 2026, 09:00" in closure.text
