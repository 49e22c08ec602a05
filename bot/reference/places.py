"""Where a place that a social worker wrote is, for distances between a child's home and a home.

Text is read, in order of trust, as: a known town or area, a UK postcode (full or outward
only), an authority name, a known name followed by other words, and last a close misspelling.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from rapidfuzz import fuzz, process

from bot.domain.model import Place
from bot.reference.authorities import (
    CONFIG_DIR,
    AuthorityDirectory,
    load_authorities,
    normalise,
)

EARTH_RADIUS_MILES = 3958.8

_POSTCODE_FULL = re.compile(r"^([A-Z]{1,2})(\d[A-Z\d]?)\s*(\d[A-Z]{2})$")
_POSTCODE_OUTWARD = re.compile(r"^([A-Z]{1,2})(\d[A-Z\d]?)$")
_POSTCODE_INSIDE = re.compile(r"\b([A-Z]{1,2})(\d[A-Z\d]?)\s*(\d[A-Z]{2})\b")
# Words before a place that do not change where it is.
_CAPITALISED = re.compile(r"\b[A-Z][\w'’.-]*")
_LEAD_WORDS = ("near", "nr", "around", "in", "the", "outskirts of", "outside", "close to")
_FUZZY_CUTOFF = 88.0  # "Portsmoth" scores 94.7 against "portsmouth"
_FUZZY_MIN_LEN = 5
_MAX_SPAN = 5


def miles_between(a: Place, b: Place) -> float:
    """Great-circle distance in miles (haversine)."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat = lat2 - lat1
    dlon = math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(h)))


class Gazetteer:
    """Named places, postcode areas and the authorities, all answering `locate`."""

    def __init__(
        self,
        places: Iterable[tuple[Place, Iterable[str]]],
        postcode_areas: dict[str, Place],
        authorities: AuthorityDirectory,
    ) -> None:
        self._places: dict[str, Place] = {}
        for place, aliases in places:
            self.add_place(place, aliases)
        self._areas = {area.upper(): place for area, place in postcode_areas.items()}
        self._authorities = authorities
        self._fuzzy_keys: list[str] | None = None

    def add_place(self, place: Place, aliases: Iterable[str] = ()) -> None:
        for written in (place.name, *aliases):
            key = normalise(written)
            if not key:
                continue
            existing = self._places.get(key)
            if existing is not None and existing != place:
                raise ValueError(f"{written!r} already names {existing.name}")
            self._places[key] = place
        self._fuzzy_keys = None

    def __len__(self) -> int:
        return len({id(p) for p in self._places.values()})

    def postcode_area(self, area: str) -> Place | None:
        return self._areas.get(area.strip().upper())

    def locate(self, text: str) -> Place | None:
        key = normalise(text)
        if not key:
            return None
        return (
            self._whole(text, key)
            or self._leading(key)
            or self._postcode_inside(text)
            or self._anywhere(text, key)
            or self._fuzzy(key)
        )

    # -- steps of locate ----------------------------------------------------------------------

    def _keys_without_lead_words(self, key: str) -> Iterator[str]:
        yield key
        for word in _LEAD_WORDS:
            if key.startswith(word + " "):
                yield key[len(word) + 1 :]

    def _whole(self, text: str, key: str) -> Place | None:
        for candidate in self._keys_without_lead_words(key):
            if candidate in self._places:
                return self._places[candidate]
        postcode = self._postcode(text)
        if postcode is not None:
            return postcode
        for candidate in self._keys_without_lead_words(key):
            authority = self._authorities.lookup(candidate)
            if authority is not None:
                return self._authority_place(authority.code)
        return None

    def _postcode(self, text: str) -> Place | None:
        compact = " ".join(text.upper().split())
        full = _POSTCODE_FULL.match(compact)
        if full:
            return self._postcode_place(full.group(1), f"{full[1]}{full[2]} {full[3]}")
        outward = _POSTCODE_OUTWARD.match(compact)
        if outward:
            return self._postcode_place(outward.group(1), compact)
        return None

    def _postcode_inside(self, text: str) -> Place | None:
        for found in _POSTCODE_INSIDE.finditer(text.upper()):
            place = self._postcode_place(found[1], f"{found[1]}{found[2]} {found[3]}")
            if place is not None:
                return place
        return None

    def _postcode_place(self, area: str, written: str) -> Place | None:
        centre = self._areas.get(area)
        if centre is None:
            return None
        # Named as written: PO16 is Fareham, so calling it "Portsmouth" would mislead.
        return Place(written, centre.latitude, centre.longitude)

    def _authority_place(self, code: str) -> Place | None:
        authority = self._authorities.by_code(code)
        if authority is None:
            return None
        return Place(authority.name, authority.latitude, authority.longitude)

    def _leading(self, key: str) -> Place | None:
        """A known name followed by other words: "Portsmouth (mum's address)"."""
        for candidate in self._keys_without_lead_words(key):
            tokens = candidate.split()
            for length in range(min(_MAX_SPAN, len(tokens)), 0, -1):
                span = " ".join(tokens[:length])
                if span in self._places:
                    return self._places[span]
                authority = self._authorities.lookup(span)
                if authority is not None:
                    return self._authority_place(authority.code)
        return None

    def _anywhere(self, text: str, key: str) -> Place | None:
        """A known name further into the text ("lives with mum in Fareham"); longest wins.

        Only where the writer capitalised it: "march", "deal" and "sale" are places too.
        """
        capitalised = {normalise(w).split()[0] for w in _CAPITALISED.findall(text)}
        tokens = key.split()
        for length in range(min(_MAX_SPAN, len(tokens)), 0, -1):
            for start in range(1, len(tokens) - length + 1):
                span = " ".join(tokens[start : start + length])
                if span in self._places and tokens[start] in capitalised:
                    return self._places[span]
        return None

    def _fuzzy(self, key: str) -> Place | None:
        if len(key.replace(" ", "")) < _FUZZY_MIN_LEN:
            return None
        if self._fuzzy_keys is None:
            self._fuzzy_keys = sorted(self._places)
        hit = process.extractOne(
            key, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF
        )
        if hit is not None:
            return self._places[hit[0]]
        match = self._authorities.find(key)
        if match is not None and match.confident:
            return self._authority_place(match.authority.code)
        return None


# -- loading ----------------------------------------------------------------------------------


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(CONFIG_DIR.parent).as_posix()
    except ValueError:
        return str(path)


def _coordinates(lat: str, lon: str) -> tuple[float, float]:
    try:
        latitude, longitude = float(lat), float(lon)
    except ValueError:
        raise ValueError("latitude and longitude must be numbers") from None
    # The British Isles, Channel Islands included: catches swapped or mistyped coordinates.
    if not (49.0 <= latitude <= 61.0 and -8.7 <= longitude <= 2.0):
        raise ValueError(f"{latitude},{longitude} is not in the British Isles")
    return latitude, longitude


def _rows(path: Path, columns: list[str]) -> Iterator[tuple[int, list[str]]]:
    label = _display(path)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None or [h.strip() for h in header] != columns:
            raise ValueError(f"{label} line 1: expected columns {','.join(columns)}")
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(columns):
                raise ValueError(
                    f"{label} line {reader.line_num}: expected {len(columns)} columns, "
                    f"found {len(row)}"
                )
            yield reader.line_num, [cell.strip() for cell in row]


def _load_places(path: Path) -> list[tuple[int, Place, list[str]]]:
    places = []
    for line, (name, lat, lon, aliases) in _rows(
        path, ["name", "latitude", "longitude", "aliases"]
    ):
        try:
            if not name:
                raise ValueError("name is empty")
            latitude, longitude = _coordinates(lat, lon)
        except ValueError as error:
            raise ValueError(f"{_display(path)} line {line}: {error}") from None
        alias_list = [a.strip() for a in aliases.split(";") if a.strip()]
        places.append((line, Place(name, latitude, longitude), alias_list))
    return places


def _load_areas(path: Path) -> dict[str, Place]:
    areas: dict[str, Place] = {}
    for line, (area, lat, lon, name) in _rows(path, ["area", "latitude", "longitude", "name"]):
        try:
            if not re.fullmatch(r"[A-Z]{1,2}", area):
                raise ValueError(f"{area!r} is not a postcode area")
            if area in areas:
                raise ValueError(f"duplicate postcode area {area}")
            latitude, longitude = _coordinates(lat, lon)
        except ValueError as error:
            raise ValueError(f"{_display(path)} line {line}: {error}") from None
        areas[area] = Place(name or area, latitude, longitude)
    return areas


def load_gazetteer(
    config_dir: Path | None = None, authorities: AuthorityDirectory | None = None
) -> Gazetteer:
    """Read places.csv and postcode_areas.csv (and authorities.csv unless given)."""
    config_dir = config_dir or CONFIG_DIR
    if authorities is None:
        authorities = load_authorities(config_dir / "authorities.csv")
    places_path = config_dir / "places.csv"
    places = _load_places(places_path)
    gazetteer = Gazetteer([], _load_areas(config_dir / "postcode_areas.csv"), authorities)
    for line, place, aliases in places:
        try:
            gazetteer.add_place(place, aliases)
        except ValueError as error:
            raise ValueError(f"{_display(places_path)} line {line}: {error}") from None
    return gazetteer
