"""Reference data: the placing authorities and a gazetteer of places, for matching and distances."""

from bot.reference.authorities import AuthorityDirectory, AuthorityMatch, load_authorities
from bot.reference.places import Gazetteer, load_gazetteer, miles_between

__all__ = [
    "AuthorityDirectory",
    "AuthorityMatch",
    "Gazetteer",
    "load_authorities",
    "load_gazetteer",
    "miles_between",
]
