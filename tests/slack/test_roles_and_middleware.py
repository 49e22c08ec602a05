"""Roles from the settings, and what the middleware reads of a request."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

from bot.notify.slack_blocks import SEND_LIST
from bot.settings import SlackSettings
from bot.slack.middleware import Seen, identity_of, user_of, what_of
from bot.slack.roles import main_role, may, roles_of
from bot.slack_harness import action_body, command_body, event_body, text_value, view_body

SETTINGS = SlackSettings(
    officers=frozenset({"UO", "UBOTH"}),
    managers=frozenset({"UM"}),
    on_call=frozenset({"UC", "UBOTH"}),
    viewers=frozenset({"UV"}),
)


def test_roles_come_from_the_settings_and_any_role_may_grant() -> None:
    assert roles_of(SETTINGS, "UX") == frozenset()
    assert roles_of(SETTINGS, None) == frozenset()
    assert roles_of(SETTINGS, "UBOTH") == {"officer", "on_call"}
    assert main_role(roles_of(SETTINGS, "UBOTH")) == "officer"
    assert may(roles_of(SETTINGS, "UV"), "referrals")
    assert not may(roles_of(SETTINGS, "UV"), "referral")  # a child's details
    assert not may(roles_of(SETTINGS, "UC"), "send")
    assert may(roles_of(SETTINGS, "UC"), "acknowledge")
    assert not may(roles_of(SETTINGS, "UO"), "fees")
    assert may(roles_of(SETTINGS, "UM"), "fees")
    assert not may(frozenset(), "help")


def form(body: str) -> dict:
    data = dict(parse_qsl(body))
    return json.loads(data["payload"]) if "payload" in data else data


def test_what_a_request_asks_and_its_audit_detail_without_typed_values() -> None:
    cmd = form(command_body("UO", "send SWCU-2026-0001", "http://r", "T1"))
    assert user_of(cmd) == "UO"
    assert what_of(cmd) == ("command", "send", "send SWCU-2026-0001")
    assert what_of(form(command_body("UO", "what?", "http://r", "T1")))[1:] == (
        "help",
        "unrecognised",
    )
    press = form(action_body("UO", SEND_LIST, "SWCU-2026-0001", "http://r", message_ts="1.2"))
    assert what_of(press) == ("press", "send", "send_list SWCU-2026-0001")
    view = form(
        view_body("UO", "new_referral_view", {"child.initials": text_value("AK")}, "", "V1")
    )
    kind, op, detail = what_of(view)
    assert (kind, op) == ("form", "new") and "AK" not in detail
    event = json.loads(event_body("UO"))
    assert user_of(event) == "UO" and what_of(event)[1] == "home"


def test_a_retry_shares_its_identity_with_the_first_delivery() -> None:
    body = form(action_body("UO", SEND_LIST, "R", "http://r", action_ts="5.5"))
    again = form(action_body("UO", SEND_LIST, "R", "http://r2", action_ts="5.5"))
    other = form(action_body("UO", SEND_LIST, "R", "http://r", action_ts="5.6"))
    assert identity_of(body) == identity_of(again) != identity_of(other)
    seen = Seen(size=2)
    assert seen.first_time("a") and not seen.first_time("a")
    assert seen.first_time("b") and seen.first_time("c")
    assert seen.first_time("a")  # forgotten: the oldest went first
