"""`ParsedMessage` to the JSON object promised by spec/interfaces.md (`swcu parse --json`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.domain.model import ParsedMessage, ReferralDetails, VacancyDetails


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _codes(values: list[str] | None) -> list[str] | None:
    return sorted(values) if values is not None else None


def referral_json(r: ReferralDetails) -> dict[str, Any]:
    return {
        "placing_authority": r.placing_authority,
        "placing_authority_code": r.placing_authority_code,
        "social_worker": {
            "name": r.social_worker.name,
            "email": r.social_worker.email,
            "phone": r.social_worker.phone,
        },
        "child": {
            "initials": r.child.initials,
            "date_of_birth": _iso(r.child.date_of_birth),
            "age": r.child.age,
            "gender": r.child.gender,
            "ethnicity": r.child.ethnicity,
        },
        "home_area": r.home_area,
        "legal_status": r.legal_status,
        "placement_type": r.placement_type,
        "court_date": _iso(r.court_date),
        "needed_by": _iso(r.needed_by),
        "needed_now": r.needed_now,
        "secretary_of_state_approval": r.secretary_of_state_approval,
        "risks": _codes(r.risks),
        "needs": _codes(r.needs),
        "avoid_homes": list(r.avoid_homes) if r.avoid_homes is not None else None,
        "avoid_areas": list(r.avoid_areas) if r.avoid_areas is not None else None,
        "notes": r.notes,
        "sources": dict(sorted(r.sources.items())),
    }


def vacancy_json(v: VacancyDetails) -> dict[str, Any]:
    return {
        "home": v.home,
        "home_code": v.home_code,
        "total_available": v.total_available,
        "beds": [
            {
                "count": b.count,
                "gender": b.gender,
                "placement_type": b.placement_type,
                "available_from": _iso(b.available_from),
            }
            for b in v.beds
        ],
        "confident": v.confident,
    }


def parsed_to_json(msg: ParsedMessage) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kind": msg.kind,
        "message_id": msg.message_id,
        "subject": msg.subject,
        "sender": msg.sender,
        "sent_at": _iso(msg.sent_at),
        "reference": msg.reference,
        "thread_of": msg.thread_of,
        "auto_submitted": msg.auto_submitted,
        "complete": msg.complete,
        "missing": list(msg.missing),
        "warnings": list(msg.warnings),
        "flags": list(msg.flags),
        "referral": referral_json(msg.referral) if msg.referral is not None else None,
        "vacancy": vacancy_json(msg.vacancy) if msg.vacancy is not None else None,
    }
    return out
