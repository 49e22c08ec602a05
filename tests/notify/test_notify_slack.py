from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import parse_qs

import pytest

from bot.notify.outbox import PermanentDeliveryError, TemporaryDeliveryError
from bot.notify.slack_post import SlackTransport, UnsafeChannelContent, assert_channel_safe
from bot.store.models import OutboundMessage
from tests.support.http import send_json


@pytest.mark.parametrize(
    "text",
    [
        "AK dob 14/02/2012",
        "born 1/2/12",
        "born 14.02.2012",
        "date_of_birth 2012-02-14",
        "needed 2026-11-23T18:00:00+00:00",
        "contact sw.name@hampshire.gov.uk",
        "<mailto:a@b.org|a@b.org>",
    ],
)
def test_channel_text_with_child_details_is_refused(text: str) -> None:
    with pytest.raises(UnsafeChannelContent) as info:
        assert_channel_safe(text)
    assert text not in str(info.value)  # the error never repeats what it refused


@pytest.mark.parametrize(
    "text",
    [
        "*Draft list ready: SWCU-2026-0042 (AK)*, due Mon 23 Nov 2026, 18:00",
        "1. Harbour Point (14 miles)",
        "<@U024BE7LH> please check SWCU-2026-0007",
        "3.5 miles, rank 2/5",
    ],
)
def test_reference_initials_and_homes_are_fine(text: str) -> None:
    assert_channel_safe(text)


class FakeSlack(BaseHTTPRequestHandler):
    """A stand-in for the Slack Web API on loopback."""

    responses: list[tuple[int, dict[str, Any]]] = []
    received: list[dict[str, Any]] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        if self.headers.get("Content-Type", "").startswith("application/json"):
            payload = json.loads(body)
        else:
            payload = {k: v[0] for k, v in parse_qs(body).items()}
        FakeSlack.received.append({"path": self.path, **payload})
        status, answer = FakeSlack.responses.pop(0) if FakeSlack.responses else (200, {"ok": True})
        send_json(self, status, answer)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def fake_slack() -> Iterator[str]:
    FakeSlack.responses, FakeSlack.received = [], []
    server = HTTPServer(("127.0.0.1", 0), FakeSlack)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api"
    finally:
        server.shutdown()
        server.server_close()


def slack_row(**overrides: Any) -> OutboundMessage:
    fields: dict[str, Any] = dict(
        id=1, dedupe_key="k", channel="slack", to_addrs="C0123", message_id="slack.x.1",
        body_text="Draft list ready: SWCU-2026-0042 (AK)", purpose="draft_list",
    )
    fields.update(overrides)
    return OutboundMessage(**fields)


def test_posts_text_and_blocks(fake_slack: str) -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}]
    SlackTransport("xoxb-test", api_url=fake_slack).deliver(
        slack_row(body_html=json.dumps(blocks))
    )
    [got] = FakeSlack.received
    assert got["path"] == "/api/chat.postMessage"
    assert got["channel"] == "C0123" and got["text"].startswith("Draft list ready")
    blocks_got = got["blocks"] if isinstance(got["blocks"], list) else json.loads(got["blocks"])
    assert blocks_got == blocks


def test_rate_limit_and_server_errors_are_temporary(fake_slack: str) -> None:
    transport = SlackTransport("xoxb-test", api_url=fake_slack)
    FakeSlack.responses = [(429, {"ok": False, "error": "ratelimited"})]
    with pytest.raises(TemporaryDeliveryError):
        transport.deliver(slack_row())
    FakeSlack.responses = [(200, {"ok": False, "error": "internal_error"})]
    with pytest.raises(TemporaryDeliveryError):
        transport.deliver(slack_row())


def test_other_slack_errors_are_permanent(fake_slack: str) -> None:
    FakeSlack.responses = [(200, {"ok": False, "error": "channel_not_found"})]
    with pytest.raises(PermanentDeliveryError, match="channel_not_found"):
        SlackTransport("xoxb-test", api_url=fake_slack).deliver(slack_row())


def test_slack_unreachable_is_temporary() -> None:
    transport = SlackTransport("xoxb-test", api_url="http://127.0.0.1:9/api", timeout=2)
    with pytest.raises(TemporaryDeliveryError):
        transport.deliver(slack_row())
