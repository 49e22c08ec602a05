"""Finding a home among the unit's homes: plain functions of plain data."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.model import Home


def home_by_email(homes: Sequence[Home], address: str | None) -> Home | None:
    """A home by its contact address, or else by the domain of one of them."""
    if not address or "@" not in address:
        return None
    address = address.lower()
    domain = address.rpartition("@")[2]
    exact = next((h for h in homes if address in h.contact_emails), None)
    return exact or next(
        (h for h in homes if any(e.rpartition("@")[2] == domain for e in h.contact_emails)),
        None,
    )


def home_by_code(homes: Sequence[Home], code: str) -> Home | None:
    code = code.upper()
    return next((h for h in homes if h.code == code), None)
