"""Risk and need words read in their context: a plan's category, a past risk."""

from __future__ import annotations

import pytest

from bot.intake.parsing import vocab


def test_semh_as_the_plans_category_is_not_a_mental_health_need() -> None:
    assert vocab.needs("Education plan: EHCP (SEMH)")[0] == ["ehcp"]
    assert vocab.needs("EHCP for SEMH")[0] == ["ehcp"]


def test_semh_beside_other_mental_health_words_still_counts() -> None:
    assert vocab.needs("EHCP (SEMH), seen by CAMHS weekly")[0] == ["ehcp", "mental_health"]
    assert vocab.needs("SEMH needs, no plan yet")[0] == ["mental_health"]


def test_a_risk_said_to_be_past_is_not_read() -> None:
    assert vocab.risks("Arson. Overdose: historic only")[0] == ["fire_setting"]
    assert vocab.risks("going missing - not considered a current risk")[0] == []


def test_belonging_to_a_named_group_is_gang_affiliation() -> None:
    assert vocab.risks("Affiliated with the Northside crew")[0] == ["gang_affiliation"]


def test_a_wrapped_line_is_one_item_a_short_list_line_is_not() -> None:
    wrapped = "Known to police for robbery and for carrying knives. Affiliated with a\nlocal group."
    assert "gang_affiliation" in (vocab.risks(wrapped)[0] or [])
    assert vocab.risks("no drug use\nself harm")[0] == ["self_harm"]


def test_no_go_areas_label() -> None:
    from bot.intake.parsing.labels import read_form

    pairs = read_form(["No-go areas", "Luton, Watford"]).pairs
    assert [(p.field, p.value) for p in pairs] == [("avoid_areas", "Luton, Watford")]


@pytest.mark.parametrize(
    ("value", "codes"),
    [
        ("two staff at all times to prevent him absconding", ["absconding"]),
        ("measures in place to prevent further self-harm", ["self_harm"]),
        ("Prevent referral made last month", ["radicalisation"]),
        ("she is open to Prevent and the Channel panel", ["radicalisation"]),
    ],
)
def test_prevent_the_programme_is_a_risk_prevent_the_verb_is_not(
    value: str, codes: list[str]
) -> None:
    assert vocab.risks(value)[0] == codes


@pytest.mark.parametrize(
    ("value", "codes"),
    [
        ("some information is missing from the form", None),
        ("I will send the missing details later", None),
        ("his mum is missing him", None),
        ("we are cutting it fine with the hearing", None),
        ("details still missing but she went missing again last night", ["absconding"]),
        ("missing from home, cutting", ["absconding", "self_harm"]),
    ],
)
def test_missing_things_and_cutting_it_fine_are_not_risks(
    value: str, codes: list[str] | None
) -> None:
    assert vocab.risks(value)[0] == codes
