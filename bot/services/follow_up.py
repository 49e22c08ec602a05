"""The work that follows a stored message, wherever it was stored from (SMTP, `swcu ingest`,
a release from quarantine): the draft list of a referral that has just become complete,
and re-matching after a vacancy report."""

from __future__ import annotations

from bot.app import App
from bot.services import matching
from bot.services.intake import Receipt


def follow_up(app: App, receipt: Receipt) -> None:
    if receipt.completed_referral_id is not None:
        matching.draft_list(app, receipt.completed_referral_id)
    if receipt.vacancy_home_code is not None:
        matching.rematch_open(app, receipt.vacancy_home_code)


def needs_follow_up(receipt: Receipt) -> bool:
    return receipt.completed_referral_id is not None or receipt.vacancy_home_code is not None
