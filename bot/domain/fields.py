"""A referral's fields by path (the names `missing` uses: `child.date_of_birth`,
`social_worker.email`, `risks`): read, set, and which a set of details gives. Plain data."""

from __future__ import annotations

from typing import Any, Final

from bot.domain.model import ReferralDetails

# Every path an officer may set, in the order a record is shown. `placing_authority_code`
# and `placement_type` follow from `placing_authority` and `legal_status`; `needed_now`
# travels with `needed_by`.
PATHS: Final[tuple[str, ...]] = (
    "placing_authority",
    "social_worker.name",
    "social_worker.email",
    "social_worker.phone",
    "child.initials",
    "child.date_of_birth",
    "child.age",
    "child.gender",
    "child.ethnicity",
    "home_area",
    "legal_status",
    "court_date",
    "needed_by",
    "secretary_of_state_approval",
    "risks",
    "needs",
    "avoid_homes",
    "avoid_areas",
    "notes",
)


def _owner(details: ReferralDetails, path: str) -> tuple[object, str]:
    head, _, tail = path.partition(".")
    if not tail:
        return details, head
    return getattr(details, head), tail


def get_path(details: ReferralDetails, path: str) -> Any:
    owner, name = _owner(details, path)
    return getattr(owner, name)


def set_path(details: ReferralDetails, path: str, value: Any) -> None:
    owner, name = _owner(details, path)
    setattr(owner, name, value)


def given_paths(details: ReferralDetails) -> list[str]:
    """The paths these details give a value for (`[]` counts: "none known" is an answer)."""
    out = [p for p in PATHS if get_path(details, p) is not None]
    if details.needed_now and "needed_by" not in out:
        out.append("needed_by")
    return out


def without_paths(details: ReferralDetails, paths: set[str]) -> ReferralDetails:
    """A copy of `details` with the given paths cleared ("not given"): a reply's values for
    fields an officer has set are dropped before the reply is merged."""
    from copy import deepcopy

    out = deepcopy(details)
    for path in paths:
        if path in PATHS:
            set_path(out, path, None)
        if path == "needed_by":
            out.needed_now = False
        if path == "placing_authority":
            out.placing_authority_code = None
        if path == "child.date_of_birth":
            out.child.age = None
    return out
