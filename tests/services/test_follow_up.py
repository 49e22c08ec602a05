"""Follow-ups: a complete referral always ends up with a draft list for the officers."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.app import App
from bot.services.follow_up import follow_up, make_missing_draft_lists, missing_draft_lists
from bot.services.intake import IntakeService
from bot.store.models import OutboundMessage
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
    assert make_missing_draft_lists(app, clock()) == [receipt.completed_referral_id]
    assert missing_draft_lists(app, clock()) == []
    assert make_missing_draft_lists(app, clock()) == []  # made once, never twice
    with app.db.read_session() as s:
        drafts = s.exec(
            select(OutboundMessage).where(OutboundMessage.purpose == "draft_list")
        ).all()
    assert [d.referral_id for d in drafts] == [receipt.completed_referral_id]


def test_a_follow_up_that_ran_leaves_nothing_to_catch_up(app: App, clock: FakeClock) -> None:
    receipt = IntakeService(app).receive(sample("01"))
    follow_up(app, receipt)
    clock.advance(minutes=2)
    assert missing_draft_lists(app, clock()) == []


def test_an_incomplete_referral_needs_no_draft_list(app: App, clock: FakeClock) -> None:
    IntakeService(app).receive(sample("03"))
    assert missing_draft_lists(app, clock() + timedelta(days=1)) == []
