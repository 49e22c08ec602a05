"""An officer changes a referral: corrects fields, or keys in one taken by phone. Either
way completeness is checked again; a referral that becomes complete starts its two-hour
clock then, gets its acknowledgement and its draft list, and is re-matched."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from bot.app import App
from bot.domain.completeness import missing_fields
from bot.domain.fields import PATHS, get_path, given_paths
from bot.domain.model import ReferralDetails
from bot.domain.vocabulary import MISSING_IN_WORDS, OPEN_STATUSES
from bot.services import audit, idempotency
from bot.services.errors import ServiceError
from bot.services.field_values import apply_values, read_value, show_value
from bot.services.messages import queue_email
from bot.services.referrals import find_referral, flag_duplicates, set_sources, sources_of
from bot.store import referrals as referral_store
from bot.store.models import Referral
from bot.store.rows import insert_row

ORIGINS = ("phone", "cli", "slack")


@dataclass
class ChangeResult:
    reference: str
    status: str
    changed: dict[str, str]  # path -> the value now, in words
    missing: list[str]
    became_complete: bool
    due_at: datetime | None
    possible_duplicates: list[str] = field(default_factory=list)
    ranked: int | None = None  # homes on the draft list / re-matched list
    repeated: bool = False  # the same key was used before: nothing done again


def parse_assignments(pairs: list[str]) -> list[tuple[str, str]]:
    """["child.gender=female", ...] -> [(path, text)]."""
    out = []
    for pair in pairs:
        path, sep, value = pair.partition("=")
        if not sep or not path.strip():
            raise ServiceError(f"'{pair}' is not FIELD=VALUE")
        out.append((path.strip(), value))
    return out


def correct_fields(
    app: App,
    reference: str,
    changes: list[tuple[str, str]],
    *,
    actor: str,
    now: datetime,
) -> ChangeResult:
    """Set fields as an officer: each read like the parser reads it, audited with who and
    when, marked "officer" so no reply overwrites it and no one asks for it again."""
    if not changes:
        raise ServiceError("no field to set")
    with app.db.session() as s:
        row = find_referral(s, reference)
        if row.status not in OPEN_STATUSES:
            raise ServiceError(f"{row.reference} is closed ({row.status})")
        homes = app.current_homes(s)
        details = referral_store.details_of(row)
        sources = sources_of(row)
        changed: dict[str, str] = {}
        for path, text in changes:
            values = read_value(path, text, now=now, authorities=app.authorities, homes=homes)
            apply_values(details, values)
            sources[path] = "officer"
            changed[path] = show_value(get_path(details, path))
        referral_store.write_details(row, details)
        set_sources(row, sources)
        became_complete = _recheck(row, details, now)
        row.updated_at = now
        s.add(row)
        for path in changed:
            # The value itself may be a child's detail: the trail keeps the field only.
            audit.record(
                s,
                "field_corrected",
                at=now,
                actor=actor,
                referral_id=row.id,
                detail=f"{row.reference} {path}",
            )
        duplicates = flag_duplicates(s, row, now=now)
        if became_complete:
            _acknowledge(app, s, row, now)
        result = ChangeResult(
            row.reference,
            row.status,
            changed,
            _missing(row),
            became_complete,
            row.due_at,
            duplicates,
        )
        rid = row.id or 0
    result.ranked = _after(app, rid, became_complete, now)
    return result


def create_referral(
    app: App,
    details: ReferralDetails,
    *,
    origin: str,
    actor: str,
    now: datetime,
    key: str | None = None,
) -> ChangeResult:
    """A referral taken by phone or typed into a form: no email behind it. Its fields are
    all the officer's."""
    if origin not in ORIGINS:
        raise ServiceError(f"origin must be one of {', '.join(ORIGINS)}")
    with app.db.session() as s:
        first = idempotency.done_before(s, key, "create_referral")
        if first is not None:
            row = find_referral(s, str(first["reference"]))
            return ChangeResult(
                row.reference, row.status, {}, _missing(row), False, row.due_at, repeated=True
            )
        if details.home_area is None:
            details.home_area = details.placing_authority
        for name in ("needs", "avoid_homes", "avoid_areas"):
            if getattr(details, name) is None:
                setattr(details, name, [])
        row = Referral(
            reference=referral_store.next_reference(s, now.year),
            received_at=now,
            updated_at=now,
            origin=origin,
            created_by=actor,
        )
        referral_store.write_details(row, details)
        set_sources(row, {p: "officer" for p in given_paths(details)})
        missing = missing_fields(details)
        row.missing = ";".join(missing)
        if not missing:
            referral_store.set_complete(row, now)
        insert_row(s, row)
        audit.record(
            s,
            "referral_created",
            at=now,
            actor=actor,
            referral_id=row.id,
            detail=f"{row.reference} {row.status} ({origin})",
        )
        duplicates = flag_duplicates(s, row, now=now)
        if row.status == "complete":
            _acknowledge(app, s, row, now)
        elif row.social_worker_email:
            queue_email(
                app,
                s,
                "missing",
                to=[row.social_worker_email],
                dedupe_key=f"missing:{row.reference}",
                now=now,
                referral_id=row.id,
                reference=row.reference,
                initials=row.initials or "",
                missing_words=[MISSING_IN_WORDS.get(m, m) for m in missing],
                warnings_words=[],
            )
        idempotency.remember(
            s,
            key,
            "create_referral",
            {"reference": row.reference},
            actor=actor,
            at=now,
            referral_id=row.id,
        )
        result = ChangeResult(
            row.reference,
            row.status,
            {
                p: show_value(get_path(details, p))
                for p in PATHS
                if get_path(details, p) is not None
            },
            missing,
            row.status == "complete",
            row.due_at,
            duplicates,
        )
        rid = row.id or 0
    result.ranked = _after(app, rid, result.became_complete, now)
    return result


def _recheck(row: Referral, details: ReferralDetails, now: datetime) -> bool:
    missing = missing_fields(details)
    row.missing = ";".join(missing)
    if row.status == "incomplete" and not missing:
        referral_store.set_complete(row, now)
        return True
    return False


def _missing(row: Referral) -> list[str]:
    return [m for m in row.missing.split(";") if m]


def _acknowledge(app: App, session: Session, row: Referral, now: datetime) -> None:
    """The social worker's acknowledgement that the referral is complete and the clock runs."""
    if not row.social_worker_email:
        return
    queue_email(
        app,
        session,
        "ack",
        to=[row.social_worker_email],
        dedupe_key=f"ack:{row.reference}:{row.completed_at}",
        now=now,
        referral_id=row.id,
        in_reply_to=row.message_id,
        references=[row.message_id] if row.message_id else [],
        reference=row.reference,
        initials=row.initials or "",
        placing_authority=row.placing_authority or "",
        due_at=row.due_at,
        needed_now=row.needed_now,
    )


def _after(app: App, referral_id: int, became_complete: bool, now: datetime) -> int | None:
    """After the change is stored: the draft list of a newly complete referral, or the
    list of a complete one matched again with its new fields."""
    from bot.services import matching

    if became_complete:
        result = matching.draft_list(app, referral_id, now)
        return len(result.ranked) if result else None
    return matching.rematch_one(app, referral_id, now)


def build_details(app: App, pairs: list[tuple[str, str]], *, now: datetime) -> ReferralDetails:
    """Details from `(path, text)` pairs, each read as `correct_fields` reads it."""
    details = ReferralDetails()
    homes = app.homes.all()
    for path, text in pairs:
        apply_values(
            details, read_value(path, text, now=now, authorities=app.authorities, homes=homes)
        )
    return details


def pairs_from_json(data: object) -> list[tuple[str, str]]:
    """The `referral` object of interfaces.md as `(path, text)` pairs. Derived fields
    (`placing_authority_code`, `placement_type`, `needed_now`) follow from the others."""
    if not isinstance(data, dict):
        raise ServiceError("the referral must be a JSON object")
    data = data.get("referral", data) if "referral" in data else data
    if not isinstance(data, dict):
        raise ServiceError("the referral must be a JSON object")
    flat: dict[str, object] = {}
    for key, value in data.items():
        if key in ("child", "social_worker") and isinstance(value, dict):
            flat.update({f"{key}.{k}": v for k, v in value.items()})
        else:
            flat[key] = value
    if flat.get("needed_now") and not flat.get("needed_by"):
        flat["needed_by"] = "now"
    pairs: list[tuple[str, str]] = []
    for path, value in flat.items():
        if path in ("placing_authority_code", "placement_type", "needed_now") or value is None:
            continue
        if path == "child.age" and flat.get("child.date_of_birth"):
            continue  # the date of birth says it
        if path not in PATHS:
            raise ServiceError(f"unknown field '{path}' in the referral")
        if isinstance(value, list):
            text = ",".join(str(v) for v in value) if value else "none"
        else:
            text = str(value)
        pairs.append((path, text))
    return pairs
