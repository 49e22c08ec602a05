"""Who may do what, by Slack user ID from the settings. A user may hold several roles;
any of them may grant an operation."""

from __future__ import annotations

from bot.settings import SlackSettings

READ = frozenset({"help", "referrals", "vacancies", "oncall", "home"})
# Details of the child (date of birth, risks) and the officers' operations.
OFFICER = READ | frozenset(
    {
        "referral",
        "edit",
        "new",
        "match",
        "send",
        "consult",
        "assign",
        "outcome",
        "vacancy",
        "acknowledge",
    }
)
PERMISSIONS: dict[str, frozenset[str]] = {
    "viewer": READ,
    "on_call": READ | frozenset({"referral", "match", "acknowledge"}),
    "officer": OFFICER,
    "manager": OFFICER | frozenset({"fees"}),
}
# Strongest first: the role named in the audit trail and replies.
ORDER = ("manager", "officer", "on_call", "viewer")


def roles_of(settings: SlackSettings, user_id: str | None) -> frozenset[str]:
    if not user_id:
        return frozenset()
    held = {
        "manager": settings.managers,
        "officer": settings.officers,
        "on_call": settings.on_call,
        "viewer": settings.viewers,
    }
    return frozenset(role for role, ids in held.items() if user_id in ids)


def main_role(roles: frozenset[str]) -> str | None:
    return next((r for r in ORDER if r in roles), None)


def may(roles: frozenset[str], operation: str) -> bool:
    return any(operation in PERMISSIONS[r] for r in roles)
