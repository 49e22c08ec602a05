"""The gazetteer: towns, postcodes and authorities to points, and distances between them."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bot.domain.model import Place
from bot.reference.authorities import CONFIG_DIR, AuthorityDirectory, load_authorities
from bot.reference.places import Gazetteer, load_gazetteer, miles_between

ENGLAND_WALES_AREAS = (
    "AL B BA BB BD BH BL BN BR BS CA CB CF CH CM CO CR CT CV CW DA DE DH DL DN DT DY E EC EN "
    "EX FY GL GU HA HD HG HP HR HU HX IG IP KT L LA LD LE LL LN LS LU M ME MK N NE NG NN NP NR "
    "NW OL OX PE PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TF TN TQ TR "
    "TS TW UB W WA WC WD WF WN WR WS WV YO"
).split()


@pytest.fixture(scope="module")
def authorities() -> AuthorityDirectory:
    return load_authorities()


@pytest.fixture(scope="module")
def gazetteer(authorities: AuthorityDirectory) -> Gazetteer:
    return load_gazetteer(authorities=authorities)


def _near(place: Place | None, lat: float, lon: float, miles: float = 3.0) -> bool:
    return place is not None and miles_between(place, Place("", lat, lon)) <= miles


def _csv(name: str) -> list[dict[str, str]]:
    with (CONFIG_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# -- the data -------------------------------------------------------------------------------


def test_places_are_in_england_and_wales() -> None:
    rows = _csv("places.csv")
    assert len(rows) >= 475  # every authority's town and some 300 more
    for row in rows:
        assert 49.8 <= float(row["latitude"]) <= 55.9, row
        assert -6.5 <= float(row["longitude"]) <= 1.8, row


def test_postcode_areas() -> None:
    rows = {r["area"]: r for r in _csv("postcode_areas.csv")}
    assert len(rows) >= 121
    assert set(ENGLAND_WALES_AREAS) <= set(rows)
    for area in ENGLAND_WALES_AREAS:
        assert 49.8 <= float(rows[area]["latitude"]) <= 55.9, area
        assert -6.5 <= float(rows[area]["longitude"]) <= 1.8, area


def test_every_authority_town_is_a_place_near_it(
    gazetteer: Gazetteer, authorities: AuthorityDirectory
) -> None:
    names = {r["name"] for r in _csv("places.csv")}
    for a in authorities.all():
        assert a.town in names, a.town
        assert _near(gazetteer.locate(a.town), a.latitude, a.longitude), a.town


def test_every_authority_locates_to_its_town(
    gazetteer: Gazetteer, authorities: AuthorityDirectory
) -> None:
    for a in authorities.all():
        assert _near(gazetteer.locate(a.name), a.latitude, a.longitude, miles=5), a.name


def test_london_postcode_areas_are_in_london(gazetteer: Gazetteer) -> None:
    london = gazetteer.locate("London")
    assert london is not None
    for area in ("E", "EC", "N", "NW", "SE", "SW", "W", "WC"):
        centre = gazetteer.postcode_area(area)
        assert centre is not None and miles_between(centre, london) < 10, area


# -- locate ---------------------------------------------------------------------------------


def test_portsmouth(gazetteer: Gazetteer) -> None:
    place = gazetteer.locate("Portsmouth")
    assert place is not None and place.name == "Portsmouth"
    assert place.latitude == pytest.approx(50.8, abs=0.05)
    assert place.longitude == pytest.approx(-1.09, abs=0.05)


@pytest.mark.parametrize(
    ("text", "name", "lat", "lon"),
    [
        ("Luton", "Luton", 51.88, -0.42),
        ("Southampton", "Southampton", 50.91, -1.40),
        ("southampton", "Southampton", 50.91, -1.40),
        ("Portsmoth", "Portsmouth", 50.82, -1.09),
        ("Fareham", "Fareham", 50.85, -1.18),
        ("Sheffield", "Sheffield", 53.38, -1.47),
        ("Newton Aycliffe", "Newton Aycliffe", 54.62, -1.57),
        ("Cramlington", "Cramlington", 55.09, -1.59),
        ("Sleaford", "Sleaford", 53.00, -0.41),
        ("Neath", "Neath", 51.66, -3.80),
        ("Portsmouth (mum's address)", "Portsmouth", 50.82, -1.09),
        ("Fareham, Hampshire", "Fareham", 50.85, -1.18),
        ("near Leeds", "Leeds", 53.80, -1.55),
        ("South London", "South London", 51.45, -0.10),
        ("Hull", "Kingston upon Hull", 53.77, -0.33),
        ("Lambeth", "Lambeth", 51.46, -0.12),
        ("Hampshire", "Hampshire", 51.06, -1.31),
        ("Kent County Council", "Kent", 51.27, 0.52),
        ("Isle of Wight", "Isle of Wight", 50.70, -1.29),
        ("Newport", "Newport", 51.58, -3.00),
        ("Stoke", "Stoke-on-Trent", 53.00, -2.18),
        ("Caerdydd", "Cardiff", 51.48, -3.18),
    ],
)
def test_locate(gazetteer: Gazetteer, text: str, name: str, lat: float, lon: float) -> None:
    place = gazetteer.locate(text)
    assert place is not None and place.name == name, place
    assert _near(place, lat, lon)


@pytest.mark.parametrize("text", ["PO16 7BX", "po16 7bx", "PO167BX", "PO16", "po1"])
def test_postcodes(gazetteer: Gazetteer, text: str) -> None:
    place = gazetteer.locate(text)
    assert place is not None and place.name.startswith("PO1")
    assert _near(place, 50.82, -1.09, miles=8)


def test_postcode_inside_text(gazetteer: Gazetteer) -> None:
    place = gazetteer.locate("mum's flat, 12 Some Road, LS14 1NH")
    assert place is not None and place.name == "LS14 1NH"
    assert _near(place, 53.80, -1.55, miles=8)


def test_unknown_postcode_area(gazetteer: Gazetteer) -> None:
    assert gazetteer.locate("QQ1 1AA") is None


@pytest.mark.parametrize("text", ["", "  ", "xyz", "somewhere nice", "Narnia"])
def test_locate_nothing(gazetteer: Gazetteer, text: str) -> None:
    assert gazetteer.locate(text) is None


# -- distances ------------------------------------------------------------------------------


def test_miles_portsmouth_fareham(gazetteer: Gazetteer) -> None:
    a, b = gazetteer.locate("Portsmouth"), gazetteer.locate("Fareham")
    assert a is not None and b is not None
    assert miles_between(a, b) == pytest.approx(6, abs=2)


def test_miles_london_leeds(gazetteer: Gazetteer) -> None:
    a, b = gazetteer.locate("London"), gazetteer.locate("Leeds")
    assert a is not None and b is not None
    assert miles_between(a, b) == pytest.approx(170, abs=10)


def test_miles_basics() -> None:
    here = Place("here", 51.5, -0.1)
    assert miles_between(here, here) == 0
    # One degree of latitude is about 69 miles.
    assert miles_between(here, Place("north", 52.5, -0.1)) == pytest.approx(69.1, abs=0.2)
    assert miles_between(here, Place("x", 53.0, -2.0)) == miles_between(
        Place("x", 53.0, -2.0), here
    )


# -- loading errors -------------------------------------------------------------------------


def _config(tmp_path: Path, places: str, areas: str = "area,latitude,longitude,name\n") -> Path:
    (tmp_path / "authorities.csv").write_text(
        (CONFIG_DIR / "authorities.csv").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "places.csv").write_text(places, encoding="utf-8")
    (tmp_path / "postcode_areas.csv").write_text(areas, encoding="utf-8")
    return tmp_path


def test_bad_place_row(tmp_path: Path) -> None:
    places = "name,latitude,longitude,aliases\nFoo,51.0,0.1,\nBar,-1.2,50.8,\n"
    with pytest.raises(ValueError, match=r"places.csv line 3: .*British Isles"):
        load_gazetteer(_config(tmp_path, places))


def test_duplicate_place_name(tmp_path: Path) -> None:
    places = "name,latitude,longitude,aliases\nFoo,51.0,0.1,\nBar,52.0,0.1,Foo\n"
    with pytest.raises(ValueError, match=r"places.csv line 3: .*already names Foo"):
        load_gazetteer(_config(tmp_path, places))


def test_bad_postcode_area(tmp_path: Path) -> None:
    areas = "area,latitude,longitude,name\nPO,50.8,-1.1,Portsmouth\npo1,50.8,-1.1,x\n"
    with pytest.raises(ValueError, match=r"postcode_areas.csv line 3: .*not a postcode area"):
        load_gazetteer(_config(tmp_path, "name,latitude,longitude,aliases\n", areas))


def test_place_inside_text(gazetteer: Gazetteer) -> None:
    place = gazetteer.locate("she may march off to Fareham")
    assert place is not None and place.name == "Fareham"
    assert gazetteer.locate("we will deal with it") is None
