"""The shipped authorities table and how AuthorityDirectory reads what people write."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bot.reference.authorities import (
    AMBIGUOUS_MARK,
    CONFIG_DIR,
    AuthorityDirectory,
    AuthorityMatch,
    load_authorities,
)

TABLE = CONFIG_DIR / "authorities.csv"


@pytest.fixture(scope="module")
def directory() -> AuthorityDirectory:
    return load_authorities()


def _rows() -> list[dict[str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# -- the table ------------------------------------------------------------------------------


def test_counts_and_unique_codes(directory: AuthorityDirectory) -> None:
    codes = [a.code for a in directory.all()]
    assert len(codes) == len(set(codes)) == 175
    assert sum(c.startswith("E") for c in codes) == 153
    assert sum(c.startswith("W06") for c in codes) == 22
    names = [a.name for a in directory.all()]
    assert len(names) == len(set(names))


def test_english_code_types(directory: AuthorityDirectory) -> None:
    prefixes = [a.code[:3] for a in directory.all()]
    assert prefixes.count("E06") == 63  # unitaries, Isles of Scilly included
    assert prefixes.count("E08") == 36  # metropolitan districts
    assert prefixes.count("E09") == 33  # London boroughs and the City of London
    assert prefixes.count("E10") == 21  # county councils, April 2023


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("E10000014", "Hampshire"),
        ("E10000015", "Hertfordshire"),
        ("E10000016", "Kent"),
        ("E10000012", "Essex"),
        ("E10000008", "Devon"),
        ("E10000020", "Norfolk"),
        ("E09000022", "Lambeth"),
        ("E09000008", "Croydon"),
        ("E08000035", "Leeds"),
        ("E08000003", "Manchester"),
        ("E08000025", "Birmingham"),
        ("E06000046", "Isle of Wight"),
        ("E06000031", "Peterborough"),
        ("E06000058", "Bournemouth, Christchurch and Poole"),
        ("E06000059", "Dorset"),
        ("E06000060", "Buckinghamshire"),
        ("E06000061", "North Northamptonshire"),
        ("E06000062", "West Northamptonshire"),
        ("E06000063", "Cumberland"),
        ("E06000064", "Westmorland and Furness"),
        ("E06000065", "North Yorkshire"),
        ("E06000066", "Somerset"),
        ("E09000001", "City of London"),
        ("E06000053", "Isles of Scilly"),
        ("E06000057", "Northumberland"),
        ("E08000037", "Gateshead"),
        ("W06000015", "Cardiff"),
    ],
)
def test_required_codes(directory: AuthorityDirectory, code: str, name: str) -> None:
    authority = directory.by_code(code)
    assert authority is not None and authority.name == name


@pytest.mark.parametrize(
    "old_code",
    [
        "E06000028",  # Bournemouth
        "E06000029",  # Poole
        "E06000048",  # Northumberland before 2009's recode
        "E08000020",  # Gateshead before 2013's recode
        "E10000002",  # Buckinghamshire
        "E10000006",  # Cumbria
        "E10000009",  # Dorset
        "E10000021",  # Northamptonshire
        "E10000023",  # North Yorkshire
        "E10000027",  # Somerset
    ],
)
def test_no_abolished_codes(directory: AuthorityDirectory, old_code: str) -> None:
    assert directory.by_code(old_code) is None


def test_points_in_england_and_wales(directory: AuthorityDirectory) -> None:
    for a in directory.all():
        assert 49.8 <= a.latitude <= 55.9, a
        assert -6.5 <= a.longitude <= 1.8, a


def test_wales_rows_are_welsh(directory: AuthorityDirectory) -> None:
    for a in directory.all():
        assert (a.region == "Wales") == a.code.startswith("W06"), a
        assert a.official_name and a.town


def test_demo_domains(directory: AuthorityDirectory) -> None:
    expected = {
        "hants-cs.test": "Hampshire",
        "lambeth-cs.test": "Lambeth",
        "kent-cs.test": "Kent",
        "leeds-cs.test": "Leeds",
        "herts-cs.test": "Hertfordshire",
        "bham-cs.test": "Birmingham",
        "croydon-cs.test": "Croydon",
        "devon-cs.test": "Devon",
        "norfolk-cs.test": "Norfolk",
        "essex-cs.test": "Essex",
        "manchester-cs.test": "Manchester",
        "iow-cs.test": "Isle of Wight",
        "peterborough-cs.test": "Peterborough",
    }
    assert set(expected) <= directory.known_domains()
    for domain, name in expected.items():
        found = directory.by_email(f"someone@{domain}")
        assert found is not None and found.name == name


def test_every_plain_alias_names_one_authority(directory: AuthorityDirectory) -> None:
    """Name, official name and each plain alias resolve, confidently, to their own row."""
    for a in directory.all():
        for written in (a.name, a.official_name, *a.aliases):
            match = directory.find(written)
            assert match is not None, written
            assert (match.authority.code, match.confident) == (a.code, True), written


def test_shared_aliases_are_ambiguous(directory: AuthorityDirectory) -> None:
    shared: dict[str, set[str]] = {}
    for row in _rows():
        for alias in row["aliases"].split(";"):
            if alias.startswith(AMBIGUOUS_MARK):
                shared.setdefault(alias[1:], set()).add(row["code"])
    assert "Northants" in shared and "Beds" in shared
    for alias, codes in shared.items():
        match = directory.find(alias)
        assert match is not None and not match.confident, alias
        assert match.authority.code in codes
        assert match.note is not None
        for code in codes:
            authority = directory.by_code(code)
            assert authority is not None and authority.name in match.note


def test_generic_council_forms_for_every_authority(directory: AuthorityDirectory) -> None:
    forms = ["{} Council", "{} Children's Services", "{} council children's services"]
    for a in directory.all():
        for form in forms:
            match = directory.find(form.format(a.name))
            assert match is not None and match.authority.code == a.code, form.format(a.name)
        if a.region == "London" and a.code != "E09000001":
            match = directory.find(f"London Borough of {a.name}")
            assert match is not None and match.authority.code == a.code, a.name


# -- find -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Hampshire", "Hampshire"),
        ("hampshire", "Hampshire"),
        ("Hampshire County Council", "Hampshire"),
        ("Herts", "Hertfordshire"),
        ("Hants", "Hampshire"),
        ("LB Croydon", "Croydon"),
        ("L.B. Croydon", "Croydon"),
        ("London Borough of Lambeth", "Lambeth"),
        ("Lambeth Council", "Lambeth"),
        ("Leeds City Council", "Leeds"),
        ("Kent County Council", "Kent"),
        ("Stockport MBC", "Stockport"),
        ("Hertfordshire CC", "Hertfordshire"),
        ("Royal Borough of Kensington and Chelsea", "Kensington and Chelsea"),
        ("RBKC", "Kensington and Chelsea"),
        ("Royal Borough of Windsor & Maidenhead", "Windsor and Maidenhead"),
        ("RBWM", "Windsor and Maidenhead"),
        ("B&NES", "Bath and North East Somerset"),
        ("B & NES", "Bath and North East Somerset"),
        ("BANES", "Bath and North East Somerset"),
        ("Bath", "Bath and North East Somerset"),
        ("Hull", "Kingston upon Hull"),
        ("Hull City Council", "Kingston upon Hull"),
        ("Brighton", "Brighton and Hove"),
        ("Brighton & Hove City Council", "Brighton and Hove"),
        ("Bristol", "Bristol"),
        ("Bristol City Council", "Bristol"),
        ("Stoke", "Stoke-on-Trent"),
        ("Southend", "Southend-on-Sea"),
        ("Notts", "Nottinghamshire"),
        ("Nottingham City Council", "Nottingham"),
        ("Lincs", "Lincolnshire"),
        ("Bucks", "Buckinghamshire"),
        ("Cambs", "Cambridgeshire"),
        ("Glos", "Gloucestershire"),
        ("Oxon", "Oxfordshire"),
        ("Wilts", "Wiltshire"),
        ("Worcs", "Worcestershire"),
        ("Tower Hamlets", "Tower Hamlets"),
        ("Barking and Dagenham", "Barking and Dagenham"),
        ("Barking & Dagenham", "Barking and Dagenham"),
        ("Cornwall Council", "Cornwall"),
        ("Durham", "County Durham"),
        ("Durham County Council", "County Durham"),
        ("Westminster", "Westminster"),
        ("City of Westminster", "Westminster"),
        ("City of London", "City of London"),
        ("City of London Corporation", "City of London"),
        ("Southampton City Council", "Southampton"),
        ("Portsmouth City Council", "Portsmouth"),
        ("Isle of Wight Council", "Isle of Wight"),
        ("Council of the Isles of Scilly", "Isles of Scilly"),
        ("St. Helens", "St Helens"),
        ("Caerdydd", "Cardiff"),
        ("Abertawe", "Swansea"),
        ("Ynys Môn", "Isle of Anglesey"),
        ("RCT", "Rhondda Cynon Taf"),
        ("Royal Borough of Kingston", "Kingston upon Thames"),
        ("Kent - Children's Services Duty Team", "Kent"),
        ("Lambeth (south London)", "Lambeth"),
        ("Children's Services, Kent", "Kent"),
        ("Reading Borough Council duty team", "Reading"),
        ("Bristol area", "Bristol"),
    ],
)
def test_find_confident(directory: AuthorityDirectory, text: str, name: str) -> None:
    match = directory.find(text)
    assert isinstance(match, AuthorityMatch)
    assert (match.authority.name, match.confident) == (name, True), match


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Hampshrie", "Hampshire"),
        ("Lambth", "Lambeth"),
        ("Hertfordshier County Council", "Hertfordshire"),
    ],
)
def test_find_misspelling(directory: AuthorityDirectory, text: str, name: str) -> None:
    match = directory.find(text)
    assert match is not None and match.authority.name == name and match.confident
    assert match.note and text in match.note


@pytest.mark.parametrize(
    ("text", "candidates"),
    [
        ("Northants", {"North Northamptonshire", "West Northamptonshire"}),
        ("Northamptonshire", {"North Northamptonshire", "West Northamptonshire"}),
        ("Beds", {"Bedford", "Central Bedfordshire"}),
        ("Yorkshire", {"North Yorkshire", "East Riding of Yorkshire"}),
        ("Yorks", {"North Yorkshire", "East Riding of Yorkshire"}),
        ("Cumbria", {"Cumberland", "Westmorland and Furness"}),
        ("Kingston", {"Kingston upon Thames", "Kingston upon Hull"}),
        ("HCC", {"Hampshire", "Hertfordshire"}),
        ("Sussex", {"East Sussex", "West Sussex"}),
    ],
)
def test_find_ambiguous(directory: AuthorityDirectory, text: str, candidates: set[str]) -> None:
    match = directory.find(text)
    assert match is not None and not match.confident
    assert match.authority.name in candidates
    assert match.note is not None
    assert all(name in match.note for name in candidates)


def test_lone_word_inside_text_is_not_confident(directory: AuthorityDirectory) -> None:
    match = directory.find("please see the attached before reading")
    assert match is not None and match.authority.name == "Reading" and not match.confident


def test_two_authorities_named_is_not_confident(directory: AuthorityDirectory) -> None:
    match = directory.find("Hampshire County Council (Southampton office)")
    assert match is not None and match.authority.name == "Hampshire"
    assert not match.confident and match.note and "Southampton" in match.note


@pytest.mark.parametrize("text", ["", "   ", "London", "Somewhere", "n/a", "Scotland", "xyz"])
def test_find_nothing(directory: AuthorityDirectory, text: str) -> None:
    assert directory.find(text) is None


def test_lookup_is_exact_only(directory: AuthorityDirectory) -> None:
    hants = directory.lookup("Hampshire County Council")
    assert hants is not None and hants.code == "E10000014"
    assert directory.lookup("Northants") is None
    assert directory.lookup("Hampshrie") is None


# -- email ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "name"),
    [
        ("rachel.dunmore@hants-cs.test", "Hampshire"),
        ("Rachel Dunmore <Rachel.Dunmore@HANTS-CS.TEST>", "Hampshire"),
        ("hants-cs.test", "Hampshire"),
        ("x@cs.kent.gov.uk", "Kent"),
        ("x@kent.gov.uk", "Kent"),
        ("duty@childrens.social.lambeth.gov.uk", "Lambeth"),
        ("t.bakare@lambeth-cs.test", "Lambeth"),
    ],
)
def test_by_email(directory: AuthorityDirectory, address: str, name: str) -> None:
    found = directory.by_email(address)
    assert found is not None and found.name == name


@pytest.mark.parametrize(
    "address",
    ["someone@gmail.com", "x@gov.uk", "x@evilkent.gov.uk", "x@kent.gov.uk.example.com", "", "@"],
)
def test_by_email_unknown(directory: AuthorityDirectory, address: str) -> None:
    assert directory.by_email(address) is None


def test_add_domains() -> None:
    directory = load_authorities()
    directory.add_domains("E10000014", ["Hampshire-Extra.example", "@hants2.example"])
    found = directory.by_email("a@team.hampshire-extra.example")
    assert found is not None and found.code == "E10000014"
    authority = directory.by_code("E10000014")
    assert authority is not None and "hants2.example" in authority.email_domains
    assert {"hampshire-extra.example", "hants2.example"} <= directory.known_domains()
    with pytest.raises(ValueError, match="already belongs to Kent"):
        directory.add_domains("E10000014", ["kent-cs.test"])
    with pytest.raises(ValueError, match="unknown authority code"):
        directory.add_domains("E99999999", ["x.example"])
    with pytest.raises(ValueError, match="not an email domain"):
        directory.add_domains("E10000014", ["not a domain"])


# -- loading errors -------------------------------------------------------------------------

HEADER = "code,name,official_name,region,town,latitude,longitude,aliases,email_domains\n"
GOOD = "E10000016,Kent,Kent County Council,South East,Maidstone,51.27,0.52,KCC,kent.test\n"


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("E07000001,X,X Council,South East,X,51.0,0.0,,\n", "GSS code"),
        ("E10000099,X,X Council,Narnia,X,51.0,0.0,,\n", "unknown region"),
        ("E10000099,X,X Council,South East,X,0.5,51.2,,\n", "not in England or Wales"),
        ("E10000099,X,X Council,South East,X,north,0.0,,\n", "must be numbers"),
        ("E10000099,X,X Council,South East,X,51.0,0.0,KCC,\n", "already names Kent"),
        ("E10000099,X,X Council,South East,X,51.0,0.0,,kent.test\n", "already belongs"),
        ("E10000016,X,X Council,South East,X,51.0,0.0,,\n", "duplicate code"),
        ("E10000099,X,X Council,South East,X,51.0\n", "columns"),
        ("E10000099,,X Council,South East,X,51.0,0.0,,\n", "name is empty"),
    ],
)
def test_bad_row_names_its_line(tmp_path: Path, row: str, reason: str) -> None:
    path = tmp_path / "authorities.csv"
    path.write_text(HEADER + GOOD + row, encoding="utf-8")
    with pytest.raises(ValueError, match=rf"authorities.csv line 3: .*{reason}"):
        load_authorities(path)


def test_bad_header(tmp_path: Path) -> None:
    path = tmp_path / "authorities.csv"
    path.write_text("code,name\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 1: expected columns"):
        load_authorities(path)
