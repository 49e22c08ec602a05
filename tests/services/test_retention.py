"""Raw emails of closed referrals are purged after the retention period, and only those."""

from __future__ import annotations

from sqlmodel import select

from bot.app import App
from bot.services.intake import IntakeService
from bot.services.outcomes import record_outcome
from bot.services.retention import purge_raw_emails
from bot.store.models import InboundEmail
from tests.conftest import sample
from tests.support.clock import FakeClock


def raws(app: App) -> dict[str, bool]:
    with app.db.read_session() as s:
        return {e.message_id: e.raw is not None for e in s.exec(select(InboundEmail))}


def test_purges_only_closed_referrals_past_retention(app: App, clock: FakeClock) -> None:
    service = IntakeService(app)
    service.receive(sample("01"))
    service.receive(sample("02"))
    record_outcome(
        app, "SWCU-2026-0001", "withdrawn", reason="placed locally", actor="test", key="k1",
        now=clock.now,
    )
    clock.advance(days=30)
    with app.db.session() as s:
        assert purge_raw_emails(s, clock.now, retention_days=31) == 0
    clock.advance(days=2)
    with app.db.session() as s:
        assert purge_raw_emails(s, clock.now, retention_days=31) == 1
    kept = raws(app)
    assert sorted(kept.values()) == [False, True]  # 01 purged, 02 (still open) kept
    with app.db.read_session() as s:
        purged = s.exec(select(InboundEmail).where(InboundEmail.raw == None)).one()  # noqa: E711
        assert purged.raw_purged_at == clock.now and purged.kind == "referral"
