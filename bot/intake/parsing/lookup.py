"""What the parser needs from the placing-authorities directory.

A Protocol rather than an import of `bot.reference`, so the parser can be tested with a
tiny fake directory and does not depend on how the real table is loaded.
"""

from __future__ import annotations

from typing import Protocol

from bot.domain.model import PlacingAuthority


class AuthorityMatchLike(Protocol):
    @property
    def authority(self) -> PlacingAuthority: ...

    @property
    def confident(self) -> bool: ...

    @property
    def note(self) -> str | None: ...


class AuthorityLookup(Protocol):
    def find(self, text: str) -> AuthorityMatchLike | None: ...

    def by_email(self, address: str) -> PlacingAuthority | None: ...


class NoAuthorities:
    """A directory that knows nobody: every authority ends up missing, with a warning."""

    def find(self, text: str) -> AuthorityMatchLike | None:
        return None

    def by_email(self, address: str) -> PlacingAuthority | None:
        return None
