"""The subject line read as one more line of prose, only for what the body left empty."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.model import ReferralDetails
from bot.intake.parsing.prose_fields import read_subject

SENT = datetime(2026, 5, 11, 10, 0, tzinfo=UTC)


def test_status_and_risks_only_in_the_subject_are_read_and_flagged() -> None:
    details = ReferralDetails()
    warnings: list[str] = []
    filled = read_subject(
        details, "RE: Urgent bed - SAO made yesterday - county lines / self-harm", SENT, [],
        warnings,
    )
    assert details.legal_status == "s25_order"
    assert details.risks == ["cce", "self_harm"]
    assert {"legal_status", "risks"} <= filled
    assert details.sources["risks"] == "prose"
    assert any("subject line" in w for w in warnings)


def test_what_the_body_gave_is_not_overwritten() -> None:
    details = ReferralDetails(legal_status="remand", risks=[])
    read_subject(details, "Bed needed - s25 order - CSE", SENT, [], [])
    assert details.legal_status == "remand" and details.risks == []


def test_an_empty_subject_reads_nothing() -> None:
    details = ReferralDetails()
    assert read_subject(details, "Fwd:", SENT, [], []) == set()
