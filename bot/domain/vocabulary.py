"""Canonical codes from spec/domain.md. Inputs use many words for each; these are the targets."""

from __future__ import annotations

from typing import Final

# legal status code -> placement type
LEGAL_STATUSES: Final[dict[str, str]] = {
    "s25_order": "welfare",
    "s25_interim_order": "welfare",
    "s25_application_pending": "welfare",
    "s25_72_hour": "welfare",
    "remand": "justice",
    "sentenced": "justice",
}

RISKS: Final[tuple[str, ...]] = (
    "cse",
    "cce",
    "gang_affiliation",
    "self_harm",
    "suicide_risk",
    "absconding",
    "substance_misuse",
    "violence",
    "sexually_harmful_behaviour",
    "fire_setting",
    "trafficking",
    "radicalisation",
)

NEEDS: Final[tuple[str, ...]] = (
    "mental_health",
    "ehcp",
    "learning_disability",
    "autism",
    "physical_health",
    "pregnancy",
    "interpreter",
)

CHILD_GENDERS: Final[tuple[str, ...]] = ("female", "male", "non_binary", "unknown")
HOME_GENDERS: Final[tuple[str, ...]] = ("mixed", "female", "male")
PLACEMENT_TYPES: Final[tuple[str, ...]] = ("welfare", "justice")
OFSTED_RATINGS: Final[tuple[str, ...]] = (
    "Outstanding",
    "Good",
    "Requires improvement",
    "Inadequate",
)

REFERRAL_STATUSES: Final[tuple[str, ...]] = (
    "incomplete",
    "complete",
    "list_sent",
    "placed",
    "withdrawn",
    "not_placed",
)
OPEN_STATUSES: Final[frozenset[str]] = frozenset({"incomplete", "complete", "list_sent"})

MESSAGE_KINDS: Final[tuple[str, ...]] = (
    "referral",
    "referral_reply",
    "vacancy_update",
    "auto_reply",
    "bounce",
    "unknown",
)

# Paths used in "missing", in the order a person would read them.
REQUIRED_FIELDS: Final[tuple[str, ...]] = (
    "placing_authority",
    "child.initials",
    "child.date_of_birth",
    "child.gender",
    "legal_status",
    "court_date",
    "secretary_of_state_approval",
    "risks",
    "needed_by",
    "social_worker.email",
)

# Plain words for each missing path, for the reply to the social worker.
MISSING_IN_WORDS: Final[dict[str, str]] = {
    "placing_authority": "the placing authority",
    "child.initials": "the child's initials",
    "child.date_of_birth": "the child's date of birth (or age)",
    "child.gender": "the child's gender",
    "legal_status": "the legal status (for example: secure accommodation order, "
    "interim order, application to be heard on a date)",
    "court_date": "the date and time of the court hearing",
    "secretary_of_state_approval": "a note of Secretary of State approval for a child under 13 "
    "(or that it is being sought)",
    "risks": 'the risks ("none known" is a valid answer)',
    "needed_by": 'when the bed is needed (a date and time, or "now")',
    "social_worker.email": "an email address for the social worker",
}
