"""A forward's social worker: the forwarded author, unless the forwarder says it is them."""

from __future__ import annotations

from bot.intake.parsing.forwarded import forwarder_is_worker


def test_forwarder_saying_they_are_the_worker() -> None:
    assert forwarder_is_worker("Passing this on from YOT. I am R.T.'s social\nworker.")
    assert forwarder_is_worker("Please use me as the contact for this one.")
    assert forwarder_is_worker("Send all replies to me rather than to the police.")


def test_forwarder_on_behalf_of_the_worker() -> None:
    assert not forwarder_is_worker("Forwarding on behalf of Sam, the social worker.")
    assert not forwarder_is_worker("I'm not the social worker, Priya is.")
    assert not forwarder_is_worker("I am the team manager; the social worker is away.")
