"""Words to codes: risks, needs, legal status, gender, initials, labels."""

from __future__ import annotations

import pytest

from bot.intake.parsing import people, status, vocab
from bot.intake.parsing.labels import read_pairs, resolve, split_label


@pytest.mark.parametrize(("text", "codes"), [
    ("CSE, absconding, self-harm", ["absconding", "cse", "self_harm"]),
    ("sexually exploited; runs away", ["absconding", "cse"]),
    ("County lines, gang affiliated (south London), violence towards staff, cannabis use",
     ["cce", "gang_affiliation", "substance_misuse", "violence"]),
    ("HSB\nfire setting\nNRM referral made", ["fire_setting", "sexually_harmful_behaviour",
                                              "trafficking"]),
    ("Prevent referral (extremism)", ["radicalisation"]),
    ("suicide attempts, ligatures", ["suicide_risk"]),
    ("drug and alcohol misuse", ["substance_misuse"]),
    ("drug running", ["cce"]),
    ("None known", []),
    ("n/a", []),
    ("self-harm, no known risk of fire setting", ["self_harm"]),
    ("alcohol but no drug use, not involved in gangs", ["substance_misuse"]),
])
def test_risks(text: str, codes: list[str]) -> None:
    found, unknown = vocab.risks(text)
    assert found == codes and unknown == []


def test_risks_not_given_and_unknown() -> None:
    assert vocab.risks("TBC") == (None, [])
    assert vocab.risks("CSE, climbing on roofs") == (["cse"], ["climbing on roofs"])


@pytest.mark.parametrize(("text", "codes"), [
    ("EHCP (SEMH), ADHD diagnosis", ["ehcp", "mental_health"]),
    ("CAMHS involvement, EHCP", ["ehcp", "mental_health"]),
    ("autism (diagnosed), EHCP", ["autism", "ehcp"]),
    ("Pregnant (14 weeks), CAMHS", ["mental_health", "pregnancy"]),
    ("Type 1 diabetes, no CAMHS involvement", ["physical_health"]),
    ("not pregnant", []),
    ("first language is not English - needs an interpreter", ["interpreter"]),
    ("learning disability; Asperger's", ["autism", "learning_disability"]),
    ("none", []),
])
def test_needs(text: str, codes: list[str]) -> None:
    assert vocab.needs(text)[0] == codes


@pytest.mark.parametrize(("text", "code"), [
    ("S25 interim order", "s25_interim_order"),
    ("interim secure accommodation order made today", "s25_interim_order"),
    ("ISAO", "s25_interim_order"),
    ("Secure accommodation order (s.25) granted 20/11/2026 for 3 months", "s25_order"),
    ("SAO made", "s25_order"),
    ("S25 order", "s25_order"),
    ("Application for S25 to be heard at Leeds Family Court", "s25_application_pending"),
    ("application made, hearing on Friday", "s25_application_pending"),
    ("interim care order; S25 application to be heard", "s25_application_pending"),
    ("72 hour rule - no order yet", "s25_72_hour"),
    ("placed without an order", "s25_72_hour"),
    ("Remanded to local authority accommodation", "remand"),
    ("sentenced - DTO", "sentenced"),
])
def test_legal_status(text: str, code: str) -> None:
    assert status.legal_status(text) == code


def test_legal_status_unknown() -> None:
    assert status.legal_status("section 20") is None


@pytest.mark.parametrize(("text", "code"), [
    ("F", "female"), ("Female", "female"), ("girl", "female"), ("M", "male"), ("boy", "male"),
    ("non-binary", "non_binary"), ("NB", "non_binary"), ("trans male", "male"),
    ("trans girl", "female"), ("not known", "unknown"), ("dunno", None),
])
def test_gender(text: str, code: str | None) -> None:
    assert status.gender(text) == code


@pytest.mark.parametrize(("text", "result"), [
    ("granted", "granted"), ("SoS approval being sought", "sought"), ("applied for", "sought"),
    ("n/a", None), ("approved by DfE on 20/11", "granted"), ("not yet granted", "not yet granted"),
])
def test_sos(text: str, result: str | None) -> None:
    assert status.sos_approval(text) == result


@pytest.mark.parametrize(("text", "initials", "warned"), [
    ("A.K.", "AK", False), ("D M", "DM", False), ("a.k.", "AK", False), ("MR", "MR", False),
    ("Jessica Brown", "JB", True), ("Mary-Jane O'Neil", "MO", True),
])
def test_initials(text: str, initials: str, warned: bool) -> None:
    got, warning = people.initials(text)
    assert got == initials and bool(warning) == warned


def test_names() -> None:
    assert people.person_name("Bakare, Tunde") == "Tunde Bakare"
    assert people.person_name("Children's Services Admin") is None
    assert people.person_name("Rachel Dunmore") == "Rachel Dunmore"


@pytest.mark.parametrize(("label", "field"), [
    ("Placing Local Authority", "placing_authority"), ("LA", "placing_authority"),
    ("Young person's initials", "initials"), ("Name (initials)", "initials"),
    ("D.O.B.", "dob"), ("Sex", "gender"), ("Legal basis", "legal_status"),
    ("Date of hearing", "court_date"), ("Required from", "needed_by"),
    ("Presenting risks", "risks"), ("Health and education needs", "needs"),
    ("Avoid homes", "avoid_homes"), ("Exclusion zones", "avoid_areas"),
    ("Child's home address area", "home_area"), ("Allocated SW", "sw_name"),
    ("SW email", "sw_email"), ("telephone", "sw_phone"), ("Additional information", "notes"),
    ("SoS approval", "sos_approval"), ("Date of birth*", "dob"),
])
def test_labels(label: str, field: str) -> None:
    assert resolve(label, fuzzy=False) == field


def test_fuzzy_labels_only_with_a_strong_separator() -> None:
    assert split_label("Dat of birth: 01/02/2012") == ("dob", "Dat of birth", "01/02/2012")
    assert split_label("Placing authorty\tKent") == ("placing_authority", "Placing authorty",
                                                     "Kent")
    assert split_label("Dat of brth - 01/02/2012") is None
    assert split_label("Please note: she is settled") is None


@pytest.mark.parametrize("line", [
    "Gender: female", "Gender\tfemale", "Gender - female", "Gender     female", "3. Gender: female",
    "Gender female", "Update - Gender: female",
])
def test_separators(line: str) -> None:
    assert split_label(line) == ("gender", "Gender", "female")


def test_prose_is_not_a_label() -> None:
    assert split_label("Social worker will call you later") is None
    assert split_label("Risks include going missing") is None


def test_values_run_on_until_the_next_label() -> None:
    pairs = read_pairs([
        "Risks:", "- CSE", "- going missing", "Other information: first line", "second line",
        "", "Kind regards",
    ])
    assert [(p.field, p.value) for p in pairs] == [
        ("risks", "- CSE\n- going missing"), ("notes", "first line\nsecond line"),
    ]


def test_contact_parts() -> None:
    assert people.contact_parts("Rachel Dunmore (rachel.d@hants-cs.test, 01962 000111)") == (
        "Rachel Dunmore", "rachel.d@hants-cs.test", "01962 000111")
    assert people.contact_parts("Tunde Bakare") == ("Tunde Bakare", None, None)
