"""The placing authority when no label names it and the directory does not know the
sender's domain: from the domain's own name, or from the text's "X Council".

Both are hints, not statements: the caller records where each came from and warns, so an
officer checks it. Both accept only a name the directory knows exactly and for one
authority; a misspelling or a shared alias ("Merseyside") gives nothing.
"""

from __future__ import annotations

import re

from bot.domain.model import PlacingAuthority
from bot.intake.parsing.lookup import AuthorityLookup

# Second-level domains of organisations that are not councils: a college at "bury.ac.uk"
# or a police force at "kent.police.uk" is not the authority of that name.
_NOT_COUNCILS = ("ac.uk", "sch.uk", "nhs.uk", "nhs.net", "police.uk", "mod.uk", "org.uk")
# What councils add to their name in a domain ("surreycc", "nottinghamcity", "wirral-cs"),
# longest first.
_DOMAIN_SUFFIXES = (
    "childrensservices",
    "council",
    "county",
    "borough",
    "city",
    "mbc",
    "cbc",
    "bc",
    "cc",
    "cs",
)


def _compact(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower().replace("&", "and"))


def names_exactly(authority: PlacingAuthority, text: str) -> bool:
    """Whether `text` is the authority's name, official name or an alias, as written."""
    key = _compact(text)
    return bool(key) and any(
        _compact(n) == key for n in (authority.name, authority.official_name, *authority.aliases)
    )


def _exact(authorities: AuthorityLookup, text: str) -> PlacingAuthority | None:
    match = authorities.find(text)
    if match is None or not match.confident or not names_exactly(match.authority, text):
        return None
    return match.authority


def from_domain(address: str | None, authorities: AuthorityLookup) -> PlacingAuthority | None:
    """ "jo@wirral-cs.test", "x@surreycc.gov.uk": the domain's first label is a council's
    name, with a council-style ending removed. Only for a domain the directory lacks."""
    if not address or "@" not in address:
        return None
    domain = address.rpartition("@")[2].strip(" <>\"'").lower().rstrip(".")
    if "." not in domain or any(domain.endswith("." + s) for s in _NOT_COUNCILS):
        return None
    label = domain.split(".")[0]
    candidates = [label]
    bare = label.replace("-", "")
    for suffix in _DOMAIN_SUFFIXES:
        if bare.endswith(suffix) and len(bare) > len(suffix) + 2:
            candidates.append(bare[: -len(suffix)])
    for candidate in candidates:
        if (found := _exact(authorities, candidate)) is not None:
            return found
    return None


# "Wirral Council", "Liverpool City Council", "Kent County Council Children's Services",
# "London Borough of Croydon": the capitalised words next to the council words are the
# name. Case-sensitive on the names, so "the council" names nobody.
_WORD = r"(?!Council\b)[A-Z][\w'’-]*"
_NAME = rf"{_WORD}(?:\s+(?:{_WORD}|and|upon|on|in|le|&))*"
_AFTER = (
    r"(?:(?:Metropolitan\s+)?(?:City|County|Borough|District|County\s+Borough)\s+)?Council\b"
    r"|Children[’']?s\s+(?:Services|Social\s+Care)\b"
)
_COUNCIL = re.compile(
    rf"(?<![\w'’-])({_NAME})\s+(?={_AFTER})"
    rf"|\b(?:London|Royal)\s+Borough\s+of\s+({_NAME})"
)
# A sentence asking to keep away from a place names an area, not the authority.
_AVOIDING = re.compile(
    r"\b(?:avoid\w*|away\s+from|not\s+(?:in|near|place|approach|use|consider)|exclu\w+|"
    r"previously|formerly|transferr\w+)\b",
    re.I,
)


def from_text(parts: list[str], authorities: AuthorityLookup) -> PlacingAuthority | None:
    """The one authority the sentences name as a council ("looked after by Wirral Council",
    a signature's "Liverpool City Council | Youth Justice Service"); None when none is
    named, or more than one (a letter that names two councils does not say which places)."""
    found: dict[str, PlacingAuthority] = {}
    for sentence in parts:
        if _AVOIDING.search(sentence):
            continue
        for m in _COUNCIL.finditer(sentence):
            authority = _name_before(m.group(1), authorities) if m.group(1) else None
            if m.group(2):
                authority = _name_before(m.group(2), authorities, trailing=True)
            if authority is not None:
                found[authority.code] = authority
    return next(iter(found.values())) if len(found) == 1 else None


def _name_before(
    words: str, authorities: AuthorityLookup, *, trailing: bool = False
) -> PlacingAuthority | None:
    """The longest run of the words next to the council words that is exactly a name
    ("Hi Wirral" -> Wirral; "Brighton and Hove" whole)."""
    tokens = words.split()
    spans = (
        [tokens[:n] for n in range(len(tokens), 0, -1)]
        if trailing
        else [tokens[n:] for n in range(len(tokens))]
    )
    for span in spans:
        # "Kent County" before "Council": the council words are not part of the name.
        while len(span) > 1 and span[-1] in _COUNCIL_WORDS:
            if (found := _exact(authorities, " ".join(span))) is not None:
                return found
            span = span[:-1]
        if span and span[0][0].isupper() and (found := _exact(authorities, " ".join(span))):
            return found
    return None


_COUNCIL_WORDS = frozenset({"City", "County", "Borough", "Metropolitan", "District"})
