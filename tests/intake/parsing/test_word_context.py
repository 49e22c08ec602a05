"""Words read in their context: a drug word inside a supply phrase is exploitation, not
use; a condition taken back just after it ("not diagnosed") is not a need."""

from __future__ import annotations

import pytest

from bot.intake.parsing import vocab


@pytest.mark.parametrize(("text", "codes"), [
    # Drugs moved for other people: exploitation, not the child's own use.
    ("CCE - made to carry drugs between towns", ["cce"]),
    ("CCE, selling drugs for an older cousin", ["cce"]),
    ("found in a cannabis farm, NRM made", ["trafficking"]),
    # Nothing else in it: not read (and named in a warning), never "none known".
    ("owes a drug debt to a local network", None),
    # The child's own use still counts, even next to supply words.
    ("holds drugs for others and smokes cannabis daily", ["substance_misuse"]),
    ("drug use, alcohol", ["substance_misuse"]),
    ("misuses drugs", ["substance_misuse"]),
])
def test_supply_phrases_are_not_substance_misuse(text: str, codes: list[str] | None) -> None:
    found, _ = vocab.risks(text)
    assert found == codes


@pytest.mark.parametrize(("text", "codes"), [
    ("autistic traits, although not formally diagnosed", []),
    ("possible ASD but undiagnosed; EHCP", ["ehcp"]),
    ("ADHD ruled out after assessment", []),
    ("ASD (diagnosed 2019)", ["autism"]),
    ("EHCP; ASD, awaiting a review of medication", ["autism", "ehcp", "physical_health"]),
])
def test_a_need_taken_back_after_it_does_not_count(text: str, codes: list[str]) -> None:
    found, _ = vocab.needs(text)
    assert found == codes


@pytest.mark.parametrize("text", [
    "cuts her wrists when distressed",
    "has been cutting his arms",
    "burns herself with lighters",
])
def test_self_harm_in_plain_words(text: str) -> None:
    found, _ = vocab.risks(text)
    assert found == ["self_harm"]


@pytest.mark.parametrize(("text", "codes"), [
    ("nothing known other than cannabis use", ["substance_misuse"]),
    ("no concerns aside from running away twice", ["absconding"]),
    ("no known risks besides self-harm", ["self_harm"]),
])
def test_an_exception_after_none_names_what_there_is(text: str, codes: list[str]) -> None:
    found, _ = vocab.risks(text)
    assert found == codes
