"""The children's services authorities of England and Wales, and how people write their names.

Social workers name their authority in many ways ("Herts", "LB Croydon", "Kent County Council
- Children's Services Duty Team"). `AuthorityDirectory.find` turns such text into one
authority, and says when it is only guessing so that an officer can check.

In config/authorities.csv, `aliases` and `email_domains` are `;`-separated. An alias written
with a leading `?` ("?Northants") is deliberately shared by the rows that carry it: `find`
then answers with confident=False and a note naming every candidate. A plain alias on two rows
is a mistake and stops loading. Generic forms ("London Borough of X", "X County Council",
"X Children's Services") need no alias: the affixes are stripped before lookup.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from rapidfuzz import fuzz, process

from bot.domain.model import PlacingAuthority

REPO_ROOT = Path(__file__).resolve().parents[2]
CONFIG_DIR = REPO_ROOT / "config"

COLUMNS = [
    "code",
    "name",
    "official_name",
    "region",
    "town",
    "latitude",
    "longitude",
    "aliases",
    "email_domains",
]
REGIONS = frozenset(
    {
        "North East",
        "North West",
        "Yorkshire and The Humber",
        "East Midlands",
        "West Midlands",
        "East of England",
        "London",
        "South East",
        "South West",
        "Wales",
    }
)
# Children's services sit with unitaries (E06), metropolitan districts (E08), London boroughs
# (E09), counties (E10) and Welsh principal areas (W06); districts (E07) never hold them.
_CODE_RE = re.compile(r"^(E06|E08|E09|E10|W06)\d{6}$")
_DOMAIN_RE = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]*$")
# An alias written "?Northants" in the CSV is deliberately shared by several authorities.
AMBIGUOUS_MARK = "?"

# Organisational words around an authority's name, normalised. Longest first, so that
# "county council" goes before "council".
_PREFIXES: tuple[tuple[str, ...], ...] = tuple(
    sorted(
        (
            tuple(p.split())
            for p in (
                "the",
                "london borough of",
                "royal borough of",
                "metropolitan borough of",
                "city and county of",
                "city of",
                "county of",
                "borough of",
                "council of the",
                "lb of",
                "lb",
                "rb",
                "cyngor sir",
                "cyngor",
                "dinas a sir",
                "childrens services",
                "childrens social care",
            )
        ),
        key=len,
        reverse=True,
    )
)
_SUFFIXES: tuple[tuple[str, ...], ...] = tuple(
    sorted(
        (
            tuple(s.split())
            for s in (
                "metropolitan borough council",
                "metropolitan district council",
                "metropolitan council",
                "county borough council",
                "city and county council",
                "county council",
                "city council",
                "borough council",
                "district council",
                "unitary authority",
                "council",
                "corporation",
                "childrens services",
                "children services",
                "childrens social care",
                "childrens social services",
                "childrens social work",
                "social services",
                "social care",
                "childrens trust",
                "children first",
                "mbc",
                "cbc",
                "bc",
                "cc",
            )
        ),
        key=len,
        reverse=True,
    )
)
# What stripping may leave of a real name that must never stand for it alone
# ("City of London" -> "london").
_STOP_KEYS = frozenset({"london", "city", "county", "borough", "council", "the"})

_FUZZY_CUTOFF = 85.0  # rapidfuzz ratio; "Hampshrie" scores 88.9 against "hampshire"
_FUZZY_MARGIN = 6.0  # a runner-up this close to the best makes it a close call
_FUZZY_MIN_LEN = 5  # shorter text is too easily close to something
_MAX_SPAN = 7  # the longest key has about this many words


def normalise(text: str) -> str:
    """Lower case, no accents or apostrophes, '&' as 'and', one space between words."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"['’‘`]", "", text)
    # Initialisms: "l.b." -> "lb", "i.o.w." -> "iow"; but "st. helens" keeps its space.
    text = re.sub(r"(?<![a-z0-9])([a-z])\.", r"\1", text)
    text = text.replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return text.strip()


def strip_affixes(key: str) -> str:
    """Remove organisational words ("London Borough of", "County Council") from a key."""
    tokens = key.split()
    changed = True
    while changed:
        changed = False
        for prefix in _PREFIXES:
            if len(tokens) > len(prefix) and tuple(tokens[: len(prefix)]) == prefix:
                tokens = tokens[len(prefix) :]
                changed = True
                break
        for suffix in _SUFFIXES:
            if len(tokens) > len(suffix) and tuple(tokens[-len(suffix) :]) == suffix:
                tokens = tokens[: -len(suffix)]
                changed = True
                break
    return " ".join(tokens)


def _starts_with_suffix(tokens: list[str]) -> bool:
    return any(tuple(tokens[: len(s)]) == s for s in _SUFFIXES)


def _ends_with_prefix(tokens: list[str]) -> bool:
    return bool(tokens) and any(tuple(tokens[-len(p) :]) == p for p in _PREFIXES if len(p) > 1)


def _leading_affixes(tokens: list[str]) -> int:
    """How many words at the start are organisational ("London Borough of", "the")."""
    start = 0
    while True:
        for prefix in _PREFIXES:
            if tuple(tokens[start : start + len(prefix)]) == prefix:
                start += len(prefix)
                break
        else:
            return start


@dataclass(frozen=True)
class AuthorityMatch:
    authority: PlacingAuthority
    confident: bool
    note: str | None = None


class AuthorityDirectory:
    """All authorities, indexed by code, by every way of writing them, and by email domain."""

    def __init__(
        self,
        authorities: Iterable[PlacingAuthority] = (),
        ambiguous_aliases: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        self._by_code: dict[str, PlacingAuthority] = {}
        self._exact: dict[str, str] = {}  # key -> code, from names and aliases
        self._shared: dict[str, set[str]] = {}  # deliberately ambiguous key -> codes
        self._derived: dict[str, set[str]] = {}  # affix-stripped key -> codes
        self._domains: dict[str, str] = {}
        self._fuzzy_keys: list[str] | None = None
        for authority in authorities:
            self._add(authority)
        for alias, codes in (ambiguous_aliases or {}).items():
            for code in codes:
                self._add_shared(alias, code)

    # -- building ---------------------------------------------------------------------------

    def _add(self, authority: PlacingAuthority, shared_aliases: Iterable[str] = ()) -> None:
        """Add one authority; raises ValueError (without a location) on any conflict."""
        if authority.code in self._by_code:
            raise ValueError(f"duplicate code {authority.code}")
        self._by_code[authority.code] = authority
        for written in (authority.name, authority.official_name, *authority.aliases):
            key = normalise(written)
            if not key:
                continue
            owner = self._exact.get(key)
            if owner is not None and owner != authority.code:
                raise ValueError(
                    f"{written!r} already names {self._by_code[owner].name} ({owner}); "
                    f"mark it {AMBIGUOUS_MARK}{written} on both rows if it is meant to be shared"
                )
            if key in self._shared:
                raise ValueError(f"{written!r} is already a shared (ambiguous) alias")
            self._exact[key] = authority.code
            derived = strip_affixes(key)
            if derived != key and derived not in _STOP_KEYS:
                self._derived.setdefault(derived, set()).add(authority.code)
        for alias in shared_aliases:
            self._add_shared(alias, authority.code)
        self.add_domains(authority.code, authority.email_domains)
        self._fuzzy_keys = None

    def _add_shared(self, alias: str, code: str) -> None:
        if code not in self._by_code:
            raise ValueError(f"unknown authority code {code!r}")
        key = normalise(alias)
        if not key:
            return
        if key in self._exact:
            owner = self._exact[key]
            raise ValueError(
                f"shared alias {alias!r} is already a plain alias of {self._by_code[owner].name}"
            )
        self._shared.setdefault(key, set()).add(code)
        self._fuzzy_keys = None

    def add_domains(self, code: str, domains: Iterable[str]) -> None:
        """Attach email domains to an authority (settings may add their own)."""
        authority = self._by_code.get(code)
        if authority is None:
            raise ValueError(f"unknown authority code {code!r}")
        current = list(authority.email_domains)
        for raw in domains:
            domain = raw.strip().lower().lstrip("@").rstrip(".")
            if not _DOMAIN_RE.match(domain):
                raise ValueError(f"{raw!r} is not an email domain")
            owner = self._domains.get(domain)
            if owner is not None and owner != code:
                raise ValueError(f"domain {domain} already belongs to {self._by_code[owner].name}")
            self._domains[domain] = code
            if domain not in current:
                current.append(domain)
        if tuple(current) != authority.email_domains:
            self._by_code[code] = replace(authority, email_domains=tuple(current))

    # -- lookups ----------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._by_code)

    def all(self) -> list[PlacingAuthority]:
        return list(self._by_code.values())

    def by_code(self, code: str) -> PlacingAuthority | None:
        return self._by_code.get(code.strip().upper())

    def known_domains(self) -> set[str]:
        return set(self._domains)

    def by_email(self, address_or_domain: str) -> PlacingAuthority | None:
        """The authority whose domain (or a parent of it) the address or domain is in."""
        domain = address_or_domain.strip().lower().rpartition("@")[2]
        domain = domain.strip(" <>\"'").rstrip(".")
        labels = domain.split(".")
        # "cs.kent.gov.uk" -> "kent.gov.uk" -> "gov.uk"; a bare TLD is never configured.
        for i in range(len(labels) - 1):
            code = self._domains.get(".".join(labels[i:]))
            if code is not None:
                return self._by_code[code]
        return None

    def lookup(self, text: str) -> PlacingAuthority | None:
        """Only an unambiguous whole-text match (name, alias, or either with affixes)."""
        codes = self._codes_for_whole(normalise(text))
        if codes is not None and len(codes) == 1:
            return self._by_code[next(iter(codes))]
        return None

    def find(self, text: str) -> AuthorityMatch | None:
        """Read an authority out of what someone wrote; None when nothing is close."""
        key = normalise(text)
        if not key:
            return None
        codes = self._codes_for_whole(key)
        if codes is not None:
            return self._match(codes, text, confident=True, note=None)
        in_span = self._find_in_span(text, key)
        if in_span is not None and in_span.confident:
            return in_span
        # "Kensingtn and Chelsea": a whole-text misspelling beats a lone word found inside.
        whole = self._fuzzy(strip_affixes(key), text, whole=True)
        return whole or in_span or self._find_fuzzy_leading(text, key)

    # -- find, step by step -----------------------------------------------------------------

    def _codes_for_key(self, key: str) -> set[str] | None:
        if key in self._exact:
            return {self._exact[key]}
        if key in self._shared:
            return self._shared[key]
        if key in self._derived:
            return self._derived[key]
        return None

    def _codes_for_whole(self, key: str) -> set[str] | None:
        if not key:
            return None
        codes = self._codes_for_key(key)
        if codes is None:
            stripped = strip_affixes(key)
            if stripped != key and stripped not in _STOP_KEYS:
                codes = self._codes_for_key(stripped)
        return codes

    def _find_in_span(self, text: str, key: str) -> AuthorityMatch | None:
        """A name inside longer text: "Kent - Children's Services Duty Team"."""
        tokens = key.split()
        best: tuple[int, int, set[str]] | None = None  # (start, length, codes)
        for length in range(min(_MAX_SPAN, len(tokens)), 0, -1):
            for start in range(len(tokens) - length + 1):
                codes = self._codes_for_key(" ".join(tokens[start : start + length]))
                if codes is not None:
                    best = (start, length, codes)
                    break
            if best:
                break
        if best is None:
            return None
        start, length, codes = best
        span = " ".join(tokens[start : start + length])
        before, after = tokens[:start], tokens[start + length :]
        # Where the name opens the text, or is framed by council words, it is what was meant;
        # a lone word further in ("reading", "bury") may be an ordinary English word.
        framed = _starts_with_suffix(after) or _ends_with_prefix(before)
        confident = start <= _leading_affixes(tokens) or framed or length > 1
        note = None if confident else f"found '{span}' inside '{text.strip()}'"
        others = self._other_authorities(tokens[:start] + ["|"] + after, codes)
        if others:
            confident = False
            note = f"'{text.strip()}' also mentions " + ", ".join(sorted(others))
        return self._match(codes, text, confident=confident, note=note)

    def _other_authorities(self, tokens: list[str], codes: set[str]) -> set[str]:
        """Names of other authorities written outside the matched span."""
        found: set[str] = set()
        for length in range(min(_MAX_SPAN, len(tokens)), 0, -1):
            for start in range(len(tokens) - length + 1):
                span = tokens[start : start + length]
                if "|" in span:
                    continue
                key = " ".join(span)
                if key in self._exact and self._exact[key] not in codes:
                    found.add(self._by_code[self._exact[key]].name)
        return found

    def _find_fuzzy_leading(self, text: str, key: str) -> AuthorityMatch | None:
        """A misspelt name followed by other words: try its first words, never confidently."""
        tokens = strip_affixes(key).split()
        for length in range(min(3, len(tokens) - 1), 0, -1):
            match = self._fuzzy(" ".join(tokens[:length]), text, whole=False)
            if match is not None:
                return match
        return None

    def _fuzzy(self, query: str, text: str, whole: bool) -> AuthorityMatch | None:
        """Misspellings: "Hampshrie" -> Hampshire. Only ever a fallback."""
        if len(query.replace(" ", "")) < _FUZZY_MIN_LEN:
            return None
        if self._fuzzy_keys is None:
            self._fuzzy_keys = sorted({*self._exact, *self._shared, *self._derived})
        hits = process.extract(
            query, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF, limit=10
        )
        if not hits:
            return None
        best_key, best_score, _ = hits[0]
        codes = set(self._codes_for_key(best_key) or ())
        close = [k for k, s, _ in hits[1:] if best_score - s < _FUZZY_MARGIN]
        rivals = {c for k in close for c in (self._codes_for_key(k) or ()) if c not in codes}
        confident = whole and not rivals
        best_names = sorted(self._by_code[c].name for c in codes)
        note = f"read '{text.strip()}' as " + " or ".join(best_names)
        if rivals:
            names = sorted(self._by_code[c].name for c in codes | rivals)
            note = f"'{text.strip()}' is close to several authorities: " + ", ".join(names)
        return self._match(codes, text, confident=confident, note=note)

    def _match(
        self, codes: set[str], text: str, confident: bool, note: str | None
    ) -> AuthorityMatch:
        authorities = sorted((self._by_code[c] for c in codes), key=lambda a: a.name)
        if len(authorities) > 1:
            names = ", ".join(a.name for a in authorities)
            return AuthorityMatch(
                authorities[0], False, f"'{text.strip()}' could be any of: {names}"
            )
        return AuthorityMatch(authorities[0], confident, note)


# -- loading ----------------------------------------------------------------------------------


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return str(path)


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def _parse_row(row: list[str]) -> tuple[PlacingAuthority, list[str]]:
    if len(row) != len(COLUMNS):
        raise ValueError(f"expected {len(COLUMNS)} columns, found {len(row)}")
    cells = dict(zip(COLUMNS, (c.strip() for c in row), strict=True))
    for column in ("code", "name", "official_name", "region", "town"):
        if not cells[column]:
            raise ValueError(f"{column} is empty")
    if not _CODE_RE.match(cells["code"]):
        raise ValueError(f"code {cells['code']!r} is not an E06/E08/E09/E10/W06 GSS code")
    if cells["region"] not in REGIONS:
        raise ValueError(f"unknown region {cells['region']!r}")
    try:
        latitude, longitude = float(cells["latitude"]), float(cells["longitude"])
    except ValueError:
        raise ValueError("latitude and longitude must be numbers") from None
    # England and Wales only: catches swapped or mistyped coordinates.
    if not (49.8 <= latitude <= 55.9 and -6.5 <= longitude <= 1.8):
        raise ValueError(f"{latitude},{longitude} is not in England or Wales")
    aliases = _split(cells["aliases"])
    shared = [a[len(AMBIGUOUS_MARK) :] for a in aliases if a.startswith(AMBIGUOUS_MARK)]
    plain = tuple(a for a in aliases if not a.startswith(AMBIGUOUS_MARK))
    authority = PlacingAuthority(
        code=cells["code"],
        name=cells["name"],
        official_name=cells["official_name"],
        region=cells["region"],
        town=cells["town"],
        latitude=latitude,
        longitude=longitude,
        aliases=plain,
        email_domains=(),  # added through add_domains, which checks them
    )
    return authority, shared


def load_authorities(path: Path | None = None) -> AuthorityDirectory:
    """Read config/authorities.csv (or `path`); a bad row raises ValueError naming its line."""
    path = path or CONFIG_DIR / "authorities.csv"
    label = _display(path)
    directory = AuthorityDirectory()
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None or [h.strip() for h in header] != COLUMNS:
            raise ValueError(f"{label} line 1: expected columns {','.join(COLUMNS)}")
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            try:
                authority, shared = _parse_row(row)
                directory._add(authority, shared)
                directory.add_domains(authority.code, _split(row[COLUMNS.index("email_domains")]))
            except ValueError as error:
                raise ValueError(f"{label} line {reader.line_num}: {error}") from None
    return directory
