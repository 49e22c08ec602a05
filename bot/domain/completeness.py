"""When a referral is complete (spec/domain.md), and how a reply updates one."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date

from bot.domain.model import Child, ReferralDetails, SocialWorker
from bot.domain.vocabulary import REQUIRED_FIELDS

SOS_AGE = 13  # reg. 4: under 13 needs Secretary of State approval


def _age(child: Child, today: date | None = None) -> int | None:
    if child.age is not None:
        return child.age
    if child.date_of_birth is None:
        return None
    day = today or date.today()
    dob = child.date_of_birth
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def missing_fields(details: ReferralDetails) -> list[str]:
    """Required paths (interfaces.md names) that are not given, in REQUIRED_FIELDS order."""
    child = details.child
    age = _age(child)
    gaps = {
        "placing_authority": not details.placing_authority,
        "child.initials": not child.initials,
        # a stated age is enough when no date of birth is known
        "child.date_of_birth": child.date_of_birth is None and child.age is None,
        "child.gender": not child.gender,
        "legal_status": not details.legal_status,
        "court_date": details.legal_status == "s25_application_pending"
        and details.court_date is None,
        "secretary_of_state_approval": age is not None
        and age < SOS_AGE
        and not details.secretary_of_state_approval,
        # None is "not given"; [] is a valid "none known"
        "risks": details.risks is None,
        "needed_by": details.needed_by is None and not details.needed_now,
        "social_worker.email": not details.social_worker.email,
    }
    return [path for path in REQUIRED_FIELDS if gaps[path]]


def _merge_flat(base: object, update: object) -> object:
    changes = {
        f.name: getattr(update, f.name)
        for f in fields(update)  # type: ignore[arg-type]
        if getattr(update, f.name) is not None
    }
    return replace(base, **changes)  # type: ignore[type-var]


def merge(base: ReferralDetails, update: ReferralDetails) -> ReferralDetails:
    """`base` updated by a reply: every field the reply gives wins; lists are replaced."""
    merged = _merge_flat(base, update)
    assert isinstance(merged, ReferralDetails)
    sw = _merge_flat(base.social_worker, update.social_worker)
    child = _merge_flat(base.child, update.child)
    assert isinstance(sw, SocialWorker) and isinstance(child, Child)
    if update.child.date_of_birth is not None and update.child.age is None:
        child.age = None  # an age derived from the old date of birth no longer holds
    merged.social_worker, merged.child = sw, child
    if update.needed_by is not None or update.needed_now:
        merged.needed_by, merged.needed_now = update.needed_by, update.needed_now
    else:
        merged.needed_now = base.needed_now
    if update.placing_authority is not None:
        merged.placing_authority_code = update.placing_authority_code
    return merged
