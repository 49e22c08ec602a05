"""A tiny stand-in for bot.reference's authority directory (the parser's Protocol only)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.model import PlacingAuthority


@dataclass(frozen=True)
class FakeMatch:
    authority: PlacingAuthority
    confident: bool = True
    note: str | None = None


def _authority(code: str, name: str, official: str, domain: str,
               aliases: tuple[str, ...] = ()) -> PlacingAuthority:
    return PlacingAuthority(code=code, name=name, official_name=official, region="", town=name,
                            latitude=0.0, longitude=0.0, aliases=aliases,
                            email_domains=(domain,))


AUTHORITIES = (
    _authority("E10000014", "Hampshire", "Hampshire County Council", "hants-cs.test", ("Hants",)),
    _authority("E09000022", "Lambeth", "London Borough of Lambeth", "lambeth-cs.test",
               ("LB Lambeth",)),
    _authority("E10000016", "Kent", "Kent County Council", "kent-cs.test"),
    _authority("E08000035", "Leeds", "Leeds City Council", "leeds-cs.test"),
    _authority("E10000015", "Hertfordshire", "Hertfordshire County Council", "herts-cs.test",
               ("Herts",)),
    _authority("E08000025", "Birmingham", "Birmingham City Council", "bham-cs.test"),
    _authority("E09000008", "Croydon", "London Borough of Croydon", "croydon-cs.test",
               ("LB Croydon",)),
    _authority("E10000008", "Devon", "Devon County Council", "devon-cs.test"),
    _authority("E08000003", "Manchester", "Manchester City Council", "manchester-cs.test"),
)


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^a-z ]", " ", text.lower()).split())


class FakeDirectory:
    def __init__(self, authorities: tuple[PlacingAuthority, ...] = AUTHORITIES) -> None:
        self._names: dict[str, PlacingAuthority] = {}
        for a in authorities:
            for n in (a.name, a.official_name, *a.aliases):
                self._names[_key(n)] = a
        self._authorities = authorities

    def find(self, text: str) -> FakeMatch | None:
        key = _key(text)
        if key in self._names:
            return FakeMatch(self._names[key])
        for name, authority in self._names.items():
            if re.search(rf"\b{re.escape(name)}\b", key):
                return FakeMatch(authority, confident=False, note="partial match")
        return None

    def by_email(self, address: str) -> PlacingAuthority | None:
        domain = address.rsplit("@", 1)[-1].lower()
        return next((a for a in self._authorities if domain in a.email_domains), None)
