"""Denied risks: a risk the email says the child does not have is not a risk."""

from __future__ import annotations

import pytest

from bot.intake.parsing import negation, vocab


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        # A colon after "re" does not end the negation's clause.
        ("Arson in 2024. No worries re: cutting or overdoses", ["fire_setting"]),
        # Filler words between the negation and the risk do not stretch it out of reach.
        ("he is not thought to be at risk of being involved in county lines", []),
        ("not known to be involved in trafficking", []),
        ("no evidence of any radicalisation", []),
        ("denies any use of cannabis", []),
        ("has never been aggressive", []),
        # "or"/"nor" carries the denial along the list.
        ("nothing to suggest he sets fires or carries a blade", []),
        ("no knife crime nor arson", []),
        ("not linked to a county lines network or with any gang", []),
        # A comma list closed by "or" after a negation is denied whole.
        ("no radicalisation, trafficking or fire setting", []),
        ("no radicalisation, trafficking, or arson", []),
    ],
)
def test_denied_risks_are_not_read(text: str, codes: list[str]) -> None:
    assert vocab.risks(text)[0] == codes


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        # "and he/she ..." starts a new statement: the negation stays behind.
        ("no concerns about radicalisation and he is setting fires", ["fire_setting"]),
        ("not in education and is cutting herself daily", ["self_harm"]),
        # Without a closing "or" a comma list may be of what there is.
        ("no trafficking, arson", ["fire_setting"]),
        # "or" after an undenied risk denies nothing.
        ("arson or knife crime", ["fire_setting", "violence"]),
        # A negation past its clause does not reach: a full stop, "but".
        ("No drugs. Absconds weekly", ["absconding"]),
        ("Arson. No drugs", ["fire_setting"]),
        ("no CSE concerns but goes missing or is groomed online", ["absconding", "cse"]),
    ],
)
def test_stated_risks_survive_nearby_negations(text: str, codes: list[str]) -> None:
    assert vocab.risks(text)[0] == codes


def test_going_missing_in_other_words() -> None:
    assert vocab.risks("she runs off from school most days")[0] == ["absconding"]
    assert vocab.risks("a persistent runaway")[0] == ["absconding"]


def test_the_negation_window_counts_only_words_that_mean_something() -> None:
    assert negation.negated("not known to be involved in ")
    assert not negation.negated("not in school, stays out late with older males and ")
