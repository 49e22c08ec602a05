"""The one way a service finds a home from what an officer or a form wrote: a code, a name
in any case, an abbreviation, a spelling (domain/home_lookup). Unsure is an error that
lists the candidates, never a guess."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, select

from bot.domain.home_lookup import lookup_home
from bot.domain.model import Home
from bot.services.errors import ServiceError
from bot.store.models import HomeRow


def find_home(homes: Sequence[Home], text: str) -> Home:
    found = lookup_home(text, homes)
    if found.home is not None:
        return found.home
    if found.how == "ambiguous":
        names = " or ".join(f"{h.name} ({h.code})" for h in found.candidates)
        raise ServiceError(f"'{text.strip()}' could be {names}: say which")
    raise ServiceError(f"no home matches '{text.strip()}'")


def home_row(session: Session, home: Home) -> HomeRow:
    return session.exec(select(HomeRow).where(HomeRow.code == home.code)).one()
