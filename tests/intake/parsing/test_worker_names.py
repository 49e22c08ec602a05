"""Who the social worker is when the sender is a team mailbox or a contact line has no name."""

from __future__ import annotations

from bot.intake.parsing import people


def test_team_mailbox_display_names_are_not_people() -> None:
    assert people.person_name("Devon EDT") is None
    assert people.person_name("Children's MASH Inbox") is None
    assert people.person_name("Bakare, Tunde") == "Tunde Bakare"


def test_contact_line_words_are_not_a_name() -> None:
    assert not people.looks_like_name("Mob")
    assert not people.looks_like_name("Work Mobile")
    assert people.looks_like_name("Olu Bankole")


def test_signature_name_above_a_job_line() -> None:
    text = "Thanks\n\nPRIYA DESAI\nADVANCED PRACTITIONER, OUT OF HOURS\nSOMEWHERE COUNCIL"
    assert people.signature_name(text) == "Priya Desai"
    text = "Kind regards\nLeo Hart\nSocial Worker | Children in Care"
    assert people.signature_name(text) == "Leo Hart"


def test_no_signature_name_without_a_job_line() -> None:
    assert people.signature_name("Regards\nLeo Hart\n07700 900123") is None
    assert people.signature_name("Duty Team\nSocial Worker") is None
