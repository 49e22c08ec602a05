from __future__ import annotations

from datetime import UTC, date, datetime

from bot.domain.completeness import merge, missing_fields
from bot.domain.model import Child, ReferralDetails, SocialWorker

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def complete() -> ReferralDetails:
    return ReferralDetails(
        placing_authority="Kent", placing_authority_code="E10000016",
        social_worker=SocialWorker(email="sw@kent-cs.test"),
        child=Child(initials="LW", date_of_birth=date(2012, 8, 9), age=14, gender="female"),
        legal_status="s25_order", needed_by=NOW, risks=[],
    )


def test_complete_referral_has_nothing_missing() -> None:
    assert missing_fields(complete()) == []


def test_everything_missing_in_order() -> None:
    assert missing_fields(ReferralDetails()) == [
        "placing_authority", "child.initials", "child.date_of_birth", "child.gender",
        "legal_status", "risks", "needed_by", "social_worker.email",
    ]


def test_stated_age_stands_in_for_date_of_birth() -> None:
    d = complete()
    d.child.date_of_birth = None
    assert missing_fields(d) == []


def test_court_date_only_for_pending_application() -> None:
    d = complete()
    d.legal_status = "s25_application_pending"
    assert missing_fields(d) == ["court_date"]
    d.court_date = NOW
    assert missing_fields(d) == []


def test_under_13_needs_secretary_of_state_note() -> None:
    d = complete()
    d.child.age = 12
    assert missing_fields(d) == ["secretary_of_state_approval"]
    d.secretary_of_state_approval = "sought"
    assert missing_fields(d) == []


def test_needed_now_counts() -> None:
    d = complete()
    d.needed_by, d.needed_now = None, True
    assert missing_fields(d) == []


def test_merge_reply_overrides_and_replaces_lists() -> None:
    base = complete()
    base.risks = ["cse", "absconding"]
    base.child.date_of_birth, base.child.age = None, None
    update = ReferralDetails(child=Child(date_of_birth=date(2012, 8, 9), age=14),
                             legal_status="s25_interim_order", risks=["self_harm"])
    merged = merge(base, update)
    assert merged.child.initials == "LW" and merged.child.date_of_birth == date(2012, 8, 9)
    assert merged.legal_status == "s25_interim_order" and merged.risks == ["self_harm"]
    assert merged.placing_authority_code == "E10000016"
    assert merged.social_worker.email == "sw@kent-cs.test"
    assert base.legal_status == "s25_order"  # the base is not changed in place


def test_merge_needed_now() -> None:
    base = complete()
    merged = merge(base, ReferralDetails(needed_now=True, needed_by=NOW))
    assert merged.needed_now
    assert merge(merged, ReferralDetails()).needed_now
