"""Follow-ups: a complete referral always ends up with a draft list for the officers."""

from __future__ import annotations

from datetime import timedelta

from bot.app import App
from bot.services.follow_up import follow_up, missing_draft_lists
from bot.services.intake import IntakeService
from tests.conftest import sample
from tests.support.clock import FakeClock


def test_a_complete_referral_without_its_draft_list_is_found_until_it_has_one(
    app: App, clock: FakeClock
) -> None:
    receipt = IntakeService(app).receive(sample("01"))  # stored; the follow-up never ran
    assert receipt.completed_referral_id is not None
    assert missing_draft_lists(app, clock()) == []  # completed just now: may still be queued
    clock.advance(minutes=2)
    assert missing_draft_lists(app, clock()) == [receipt.completed_referral_id]
    follow_up(app, receipt)
    assert missing_draft_lists(app, clock()) == []


def test_an_incomplete_referral_needs_no_draft_list(app: App, clock: FakeClock) -> None:
    IntakeService(app).receive(sample("03"))
    assert missing_draft_lists(app, clock() + timedelta(days=1)) == []
