"""What a Slack channel message may say: a referral's reference and the child's initials
only. The rule lives apart from the Slack client so that queueing a message (the outbox)
needs no Slack library."""

from __future__ import annotations

import re

# dd/mm/yyyy (also with . or - and two-digit years) and ISO yyyy-mm-dd.
_DMY = re.compile(r"(?<![\d/.-])\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})(?![\d/.-])")
_ISO = re.compile(r"(?<!\d)\d{4}-\d{1,2}-\d{1,2}(?!\d)")
_EMAIL = re.compile(r"[\w.+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")

class UnsafeChannelContent(ValueError):
    """Text meant for a Slack channel carries something that identifies a child."""


def assert_channel_safe(text: str) -> None:
    """Raise UnsafeChannelContent if `text` holds a date (of birth?) or an email address.

    Deliberately blunt: dates for officers are written in words ("Tue 24 Nov"), so any
    numeric date is suspect. The message names the kind of problem, never the text itself.
    """
    if _DMY.search(text) or _ISO.search(text):
        raise UnsafeChannelContent("Slack message contains a numeric date (date of birth?)")
    if _EMAIL.search(text):
        raise UnsafeChannelContent("Slack message contains an email address")
