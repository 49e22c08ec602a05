"""Buttons, forms, the board and App Home over HTTP to a running `swcu serve`."""

from __future__ import annotations

import time

from bot.notify.slack_blocks import ACKNOWLEDGE, CONSULT, EDIT, MARK_PLACED, SEND_LIST, SHOW_LIST
from bot.slack.blocks import CONSULT_VIEW, EDIT_VIEW, NEW_VIEW, OUTCOME_VIEW
from bot.slack.middleware import NOT_PERMITTED
from bot.slack_harness import text_value
from bot.store.models import AuditEvent, Referral
from tests.e2e.conftest import wait_until
from tests.slack.conftest import (
    MANAGER,
    OFFICER,
    ON_CALL,
    VIEWER,
    SlackServer,
    board_posts,
    emails,
    opened_view,
    rows,
    text_of,
)

ACK_SECONDS = 3.0


# -- buttons and forms -------------------------------------------------------------------


def test_send_list_pressed_twice_sends_one_email(slack: SlackServer) -> None:
    ref = slack.new_referral()
    first, url1 = slack.press(SEND_LIST, ref, message_ts="1700000000.000900")
    second, url2 = slack.press(SEND_LIST, ref, user=MANAGER, message_ts="1700000000.000900")
    assert first.status == second.status == 200
    assert "list sent" in slack.text_at(url1)
    assert "already done" in slack.text_at(url2) or "already sent" in slack.text_at(url2)
    wait_until(lambda: emails(slack, ref, "placement_list"), what="the list")
    time.sleep(0.3)
    assert len(emails(slack, ref, "placement_list")) == 1
    wait_until(
        lambda: [p for p in board_posts(slack, ref) if "list sent" in text_of(p.data)],
        what="the card showing the list sent",
    )
    # From another message (an ephemeral list): refused with when it was sent.
    _, url3 = slack.press(SEND_LIST, ref, message_ts="1700000000.000901", ephemeral=True)
    assert "already sent" in slack.text_at(url3)
    assert len(emails(slack, ref, "placement_list")) == 1


def test_show_list_button_answers_with_the_ranked_list(slack: SlackServer) -> None:
    ref = slack.new_referral()
    _, url = slack.press(SHOW_LIST, ref, message_ts="1700000000.000950")
    assert "Ranked homes" in slack.text_at(url)
    _, url = slack.press(SHOW_LIST, "SWCU-2026-9999", message_ts="1700000000.000951")
    assert "no referral" in slack.text_at(url)


def test_edit_opens_the_record_prefilled_and_saves_only_what_changed(slack: SlackServer) -> None:
    ref = slack.new_referral()
    mark = len(slack.api.calls)
    slack.press(EDIT, ref, message_ts="1700000000.001000")
    view = opened_view(slack, mark)
    assert view["callback_id"] == EDIT_VIEW and view["private_metadata"] == ref
    initial = {b["block_id"]: b["element"].get("initial_value") for b in view["blocks"]}
    assert initial["child.date_of_birth"] == "2012-02-14"
    mark = len(slack.api.calls)
    values = {k: text_value(v) for k, v in initial.items() if v}
    values["notes"] = text_value("Phoned the social worker: bed needed by tonight")
    assert slack.submit(EDIT_VIEW, values, ref).status == 200
    dm = slack.dm_to(OFFICER, mark)
    assert f"{ref}: corrected notes" in dm.data["text"]
    corrected = rows(slack, AuditEvent, AuditEvent.action == "field_corrected")
    assert [e.detail for e in corrected if e.detail.startswith(ref)] == [f"{ref} notes"]
    mark = len(slack.api.calls)
    slack.submit(EDIT_VIEW, {"child.date_of_birth": text_value("31/02/2012")}, ref)
    assert "corrected" not in slack.dm_to(OFFICER, mark).data["text"]


def test_new_opens_a_form_and_its_submission_creates_a_slack_referral(slack: SlackServer) -> None:
    mark = len(slack.api.calls)
    slack.command("new")
    view = opened_view(slack, mark)
    assert view["callback_id"] == NEW_VIEW
    values = {
        "placing_authority": text_value("Kent"),
        "social_worker.name": text_value("Priya Shah"),
        "social_worker.email": text_value("priya.shah@kent-cs.test"),
        "child.initials": text_value("LW"),
        "child.date_of_birth": text_value("2011-06-01"),
        "child.gender": text_value("male"),
    }
    mark = len(slack.api.calls)
    slack.submit(NEW_VIEW, values)
    text = slack.dm_to(OFFICER, mark).data["text"]
    assert "created" in text, text
    ref = text.split()[0]
    [row] = rows(slack, Referral, Referral.reference == ref)
    assert row.origin == "slack" and row.created_by == f"slack:{OFFICER}"
    mark = len(slack.api.calls)
    slack.submit(NEW_VIEW, {"child.date_of_birth": text_value("not a date")})
    assert "created" not in slack.dm_to(OFFICER, mark).data["text"]


def test_consult_button_offers_the_ranked_homes_and_consults_those_chosen(
    slack: SlackServer,
) -> None:
    ref = slack.new_referral()
    mark = len(slack.api.calls)
    slack.press(CONSULT, ref, message_ts="1700000000.001100")
    view = opened_view(slack, mark)
    options = [o["value"] for o in view["blocks"][0]["element"]["options"]]
    assert "HAR" in options
    chosen = {
        "homes": {"value": {"type": "multi_static_select", "selected_options": [{"value": "HAR"}]}}
    }
    mark = len(slack.api.calls)
    slack.submit(CONSULT_VIEW, chosen, ref)
    assert "consulted Harbour Point" in slack.dm_to(OFFICER, mark).data["text"]
    mark = len(slack.api.calls)
    slack.submit(
        CONSULT_VIEW,
        {"homes": {"value": {"type": "multi_static_select", "selected_options": []}}},
        ref,
    )
    assert "Choose at least one home" in slack.dm_to(OFFICER, mark).data["text"]


def test_mark_placed_opens_the_outcome_form_and_records_it(slack: SlackServer) -> None:
    ref = slack.new_referral()
    mark = len(slack.api.calls)
    slack.press(MARK_PLACED, ref, message_ts="1700000000.001200")
    assert opened_view(slack, mark)["callback_id"] == OUTCOME_VIEW
    values = {
        "outcome": {"value": {"type": "static_select", "selected_option": {"value": "placed"}}},
        "home": {"value": {"type": "static_select", "selected_option": None}},
    }
    mark = len(slack.api.calls)
    slack.submit(OUTCOME_VIEW, values, ref)
    assert "needs the home" in slack.dm_to(OFFICER, mark).data["text"]
    values["home"] = {"value": {"type": "static_select", "selected_option": {"value": "SEV"}}}
    mark = len(slack.api.calls)
    slack.submit(OUTCOME_VIEW, values, ref)
    assert f"{ref}: placed at Severn Lodge" in slack.dm_to(OFFICER, mark).data["text"]


def test_acknowledging_an_unknown_alert_says_so(slack: SlackServer) -> None:
    """The press calls the scheduler's acknowledge_alert (tests/schedule cover a real
    alert's acknowledgement); an alert that does not exist is one plain line."""
    _, url = slack.press(ACKNOWLEDGE, "4242", user=ON_CALL, message_ts="1700000000.001300")
    assert "no alert 4242" in slack.text_at(url)
    _, url = slack.press(ACKNOWLEDGE, "alert-1", user=VIEWER, message_ts="1700000000.001300")
    assert NOT_PERMITTED in slack.text_at(url)


# -- the board and App Home --------------------------------------------------------------


def test_an_emailed_referral_is_on_the_board_and_app_home_within_two_seconds(
    slack: SlackServer,
) -> None:
    started = time.perf_counter()
    ref = slack.new_referral()

    def on_board() -> float | None:
        posts = [p for p in board_posts(slack, ref) if p.method == "chat.postMessage"]
        return posts[0].at if posts else None

    def on_home() -> float | None:
        homes = [
            c
            for c in slack.api.of("views.publish")
            if c.data.get("user_id") == OFFICER and ref in text_of(c.data)
        ]
        return homes[0].at if homes else None

    posted = wait_until(on_board, timeout=5, what="the board post")
    home = wait_until(on_home, timeout=5, what="the App Home")
    assert posted - started < 2.0 and home - started < 2.0
    [post] = [p for p in board_posts(slack, ref) if p.method == "chat.postMessage"]
    assert "(AK)" in text_of(post.data) and "Hampshire" in text_of(post.data)
    assert "2012" not in text_of(post.data)  # no date of birth in the channel


def test_the_board_post_is_updated_in_place(slack: SlackServer) -> None:
    ref = slack.new_referral()
    wait_until(lambda: board_posts(slack, ref), what="the board post")
    slack.command(f"assign {ref} Sam Officer")
    wait_until(
        lambda: [p for p in board_posts(slack, ref) if p.method == "chat.update"],
        what="the update",
    )
    posts = board_posts(slack, ref)
    assert [p.method for p in posts].count("chat.postMessage") == 1
    [update] = [p for p in posts if p.method == "chat.update"]
    [original] = [p for p in posts if p.method == "chat.postMessage"]
    assert update.data["ts"] and update.data["ts"] != original.data.get("ts")
