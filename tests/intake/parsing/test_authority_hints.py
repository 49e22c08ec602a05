"""The placing authority from an unknown sender domain's name, or from "X Council" in the text."""

from __future__ import annotations

from bot.intake.parsing import AuthorityLookup, prose
from bot.intake.parsing.authority_hints import from_domain, from_text


def _text(authorities: AuthorityLookup, text: str) -> str | None:
    found = from_text(prose.sentences(text), authorities)
    return found.name if found else None


def test_domain_named_after_the_council(authorities: AuthorityLookup) -> None:
    assert from_domain("a.b@devon-cs.example", authorities).name == "Devon"  # type: ignore[union-attr]
    assert from_domain("a.b@kentcc.example", authorities).name == "Kent"  # type: ignore[union-attr]
    assert from_domain("a.b@leedscity.example", authorities).name == "Leeds"  # type: ignore[union-attr]


def test_domain_that_is_no_council_name(authorities: AuthorityLookup) -> None:
    assert from_domain("someone@mailbox.example", authorities) is None
    assert from_domain("someone@kenet-cs.example", authorities) is None  # no spelling guesses
    # A college or a police force of the same name is not the council.
    assert from_domain("someone@devon.ac.uk", authorities) is None
    assert from_domain("someone@kent.police.uk", authorities) is None


def test_council_named_in_a_sentence_or_signature(authorities: AuthorityLookup) -> None:
    assert _text(authorities, "The boy is cared for by Devon County Council.") == "Devon"
    assert _text(authorities, "Regards\n\nAmy Lee\nLeeds City Council | Duty Team") == "Leeds"
    assert _text(authorities, "Writing on behalf of the London Borough of Croydon.") == "Croydon"


def test_council_to_avoid_or_two_councils_name_nobody(authorities: AuthorityLookup) -> None:
    assert _text(authorities, "Please avoid homes run near Leeds City Council's area.") is None
    assert _text(authorities, "Kent County Council and Devon County Council agreed.") is None
    assert _text(authorities, "The council has agreed the plan.") is None
