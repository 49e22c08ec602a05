"""Each `/swcu` subcommand over HTTP to a running `swcu serve`, with its error path."""

from __future__ import annotations

import json

from bot.notify.slack_blocks import SEND_LIST
from tests.e2e.conftest import wait_until
from tests.slack.conftest import (
    MANAGER,
    OFFICER,
    ON_CALL,
    SlackServer,
    board_posts,
    emails,
    opened_view,
    text_of,
)

ACK_SECONDS = 3.0


# -- subcommands -------------------------------------------------------------------------


def test_help_and_malformed_input_get_a_usage_line(slack: SlackServer) -> None:
    answer, _ = slack.command("help")
    assert "/swcu vacancy HOME 2 female from Monday" in answer.body
    for text, expected in [
        ("frobnicate", "Try `/swcu help`"),
        ("referral", "Usage: `/swcu referral REF`"),
        ("outcome SWCU-2026-0001 exploded", "Usage: `/swcu outcome"),
        ("assign SWCU-2026-0001", "Usage: `/swcu assign"),
    ]:
        answer, _ = slack.command(text)
        assert answer.status == 200
        assert expected in answer.json()["text"], text
        assert "Traceback" not in answer.body


def test_referral_shows_details_only_in_the_ephemeral_reply(slack: SlackServer) -> None:
    ref = slack.new_referral()
    _, url = slack.command(f"referral {ref}")
    reply = slack.answer_at(url).data
    assert reply["response_type"] == "ephemeral"
    assert "2012-02-14" in text_of(reply)  # the date of birth, to an officer only
    for post in board_posts(slack, ref):
        assert "2012" not in json.dumps(post.data)
    _, url = slack.command("referral SWCU-2026-9999")
    assert "no referral SWCU-2026-9999" in slack.text_at(url)


def test_match_ranks_homes_with_fees_for_managers_only(slack: SlackServer) -> None:
    ref = slack.new_referral()
    _, url = slack.command(f"match {ref}")
    officer = slack.text_at(url)
    assert "Harbour Point" in officer and "miles" in officer and SEND_LIST in officer
    assert "£" not in officer
    _, url = slack.command(f"match {ref}", user=MANAGER)
    assert "/week" in slack.text_at(url)


def test_consult_asks_the_homes_named_and_refuses_an_unknown_one(slack: SlackServer) -> None:
    ref = slack.new_referral()
    _, url = slack.command(f"consult {ref} HAR")
    assert "consulted Harbour Point" in slack.text_at(url)
    wait_until(lambda: emails(slack, ref, "consult"), what="the consultation")
    _, url = slack.command(f'consult {ref} "Nowhere Hall"')
    assert "no home matches 'Nowhere Hall'" in slack.text_at(url)


def test_assign_names_the_officer_on_the_board(slack: SlackServer) -> None:
    ref = slack.new_referral()
    _, url = slack.command(f"assign {ref} <@{OFFICER}|officer>")
    assert f"assigned to <@{OFFICER}>" in slack.text_at(url)
    wait_until(
        lambda: [
            p for p in board_posts(slack, ref) if f"assigned to <@{OFFICER}>" in text_of(p.data)
        ],
        what="the board updated with the assignment",
    )
    _, url = slack.command("assign SWCU-2026-9999 <@UOFFICER>")
    assert "no referral" in slack.text_at(url)


def test_outcome_closes_the_referral_and_refuses_a_second(slack: SlackServer) -> None:
    ref = slack.new_referral()
    _, url = slack.command(f"outcome {ref} placed Harbour Point")
    assert f"{ref}: placed at Harbour Point" in slack.text_at(url)
    _, url = slack.command(f"outcome {ref} withdrawn family found a place")
    assert "already closed" in slack.text_at(url)
    wait_until(
        lambda: [p for p in board_posts(slack, ref) if "closed" in text_of(p.data)],
        what="the card closed",
    )


def test_vacancy_is_read_as_the_parser_reads_it(slack: SlackServer) -> None:
    _, url = slack.command("vacancy Willow Court 2 female from Monday")
    reply = slack.text_at(url)
    assert "Willow Court: 2 girls" in reply or "Willow Court: 2 female" in reply, reply
    assert "from Mon" in reply
    _, url = slack.command("vacancies")
    assert "Willow Court" in slack.text_at(url)
    _, url = slack.command("vacancy Nowhere Hall 2")
    assert "no home matches" in slack.text_at(url)
    answer, _ = slack.command("vacancy 2 female")
    assert "Usage: `/swcu vacancy" in answer.json()["text"]


def test_oncall_names_the_people_on_call(slack: SlackServer) -> None:
    _, url = slack.command("oncall", user=ON_CALL)
    assert f"<@{ON_CALL}>" in slack.text_at(url)


def test_edit_opens_the_record_and_refuses_an_unknown_reference(slack: SlackServer) -> None:
    ref = slack.new_referral()
    mark = len(slack.api.calls)
    answer, _ = slack.command(f"edit {ref}")
    assert answer.status == 200
    view = opened_view(slack, mark)
    assert view["private_metadata"] == ref and view["callback_id"] == "edit_referral_view"
    _, url = slack.command("edit SWCU-2026-9999")
    assert "no referral SWCU-2026-9999" in slack.text_at(url)


def test_match_and_send_refuse_what_they_cannot_do(slack: SlackServer) -> None:
    _, url = slack.command("match SWCU-2026-9999")
    assert "no referral SWCU-2026-9999" in slack.text_at(url)
    ref = slack.new_referral()
    _, url = slack.command(f"send {ref}")
    assert "list sent" in slack.text_at(url)
    _, url = slack.command(f"send {ref}")
    assert "already sent" in slack.text_at(url)
    assert len(emails(slack, ref, "placement_list")) == 1
