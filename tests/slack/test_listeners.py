"""The listeners without HTTP: requests dispatched straight into the Bolt app, the Web API
a recording stub, the services and database real (in-process)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from bot.app import App
from bot.notify.slack_blocks import SEND_LIST
from bot.services.intake import IntakeService
from bot.settings import load_settings
from bot.slack.app import build_app
from bot.slack.middleware import NOT_PERMITTED
from bot.slack_harness import SlackStandIn, action_body, command_body
from bot.store.homes import import_homes
from tests.conftest import DEMO_HOMES, sample_01_avoiding_nowhere
from tests.slack.conftest import OFFICER, SLACK_SETTINGS, STRANGER
from tests.support.clock import FakeClock


class RecordingClient(AsyncWebClient):
    """Records what the listeners call. (Bolt's own auth.test goes through a copy of the
    client, to the stand-in at base_url.)"""

    def __init__(self, base_url: str) -> None:
        super().__init__(token="xoxb-stub", base_url=base_url)
        self.calls: list[tuple[str, dict[str, Any]]] = []

    async def api_call(self, api_method: str, **kwargs: Any) -> AsyncSlackResponse:  # type: ignore[override]
        self.calls.append((api_method, kwargs.get("json") or kwargs.get("data") or {}))
        data = {"ok": True, "ts": "1.1", "user_id": "UBOT", "bot_id": "B", "team_id": "T"}
        return AsyncSlackResponse(
            client=self,
            http_verb="POST",
            api_url=api_method,
            req_args={},
            data=data,
            headers={},
            status_code=200,
        )


@dataclass
class Listeners:
    app: App
    bolt: AsyncApp
    client: RecordingClient
    api: SlackStandIn  # for response_url only
    refreshed: list[list[str] | None] = field(default_factory=list)
    audited: list[tuple[str, str, str]] = field(default_factory=list)

    async def send(self, body: str, **headers: str) -> Any:
        content = (
            "application/json" if body.startswith("{") else "application/x-www-form-urlencoded"
        )
        req = AsyncBoltRequest(body=body, headers={"content-type": content, **headers})
        return await self.bolt.async_dispatch(req)

    async def reply_at(self, url: str) -> dict[str, Any]:
        for _ in range(500):
            found = [c for c in self.api.of("respond") if c.data.get("_url") == url]
            if found:
                return found[0].data
            await asyncio.sleep(0.01)
        raise AssertionError(f"no reply at {url}")


@pytest.fixture
def listeners(tmp_path: Path, sqlite_database_url: str) -> Iterator[Listeners]:
    settings = load_settings(
        SLACK_SETTINGS,
        env={
            "SWCU_DATABASE_URL": sqlite_database_url,
            "SWCU_STORE_DIR": str(tmp_path / "store"),
            "SLACK_BOT_TOKEN": "xoxb-stub",
            "SLACK_SIGNING_SECRET": "unused",
        },
    )
    app = App(settings, clock=FakeClock())
    with app.db.session() as s:
        import_homes(s, DEMO_HOMES.read_text())
    with SlackStandIn() as api:
        client = RecordingClient(api.url)
        holder: dict[str, Listeners] = {}
        bolt = build_app(
            app,
            token="xoxb-stub",
            signing_secret=None,
            api_url=None,
            refresh=lambda refs: holder["l"].refreshed.append(refs),
            audit=lambda *a: holder["l"].audited.append(a),
            client=client,
        )
        holder["l"] = Listeners(app, bolt, client, api)
        yield holder["l"]
    app.close()


def referral(app: App) -> str:
    from sqlmodel import select

    from bot.domain.model import BedVacancy
    from bot.services.vacancies import add_report
    from bot.store.models import HomeRow

    now = app.clock()
    with app.db.session() as s:
        home = s.exec(select(HomeRow).where(HomeRow.code == "HAR")).one()
        beds = [BedVacancy(2, "female", "welfare")]
        add_report(s, home, beds, reported_at=now, recorded_at=now, source="phone")
    receipt = IntakeService(app).receive(sample_01_avoiding_nowhere())
    assert receipt.reference
    return receipt.reference


async def test_a_command_acks_empty_then_answers_with_the_service_result(
    listeners: Listeners,
) -> None:
    ref = referral(listeners.app)
    url = listeners.api.response_url()
    resp = await listeners.send(command_body(OFFICER, "referrals", url, "T1"))
    assert resp.status == 200 and resp.body == ""
    reply = await listeners.reply_at(url)
    assert ref in json.dumps(reply) and reply["response_type"] == "ephemeral"
    assert listeners.audited == [(f"slack:{OFFICER}", "slack_command", "referrals")]


async def test_usage_and_help_are_the_ack_itself(listeners: Listeners) -> None:
    resp = await listeners.send(command_body(OFFICER, "send", "http://unused", "T2"))
    assert json.loads(resp.body)["text"] == "Usage: `/swcu send REF`"


async def test_a_stranger_gets_not_permitted_only(listeners: Listeners) -> None:
    resp = await listeners.send(command_body(STRANGER, "referrals", "http://unused", "T3"))
    assert json.loads(resp.body)["text"] == NOT_PERMITTED
    assert listeners.audited == [(f"slack:{STRANGER}", "slack_denied", "referrals")]
    assert listeners.refreshed == [] and listeners.client.calls == []


async def test_send_pressed_twice_on_one_message_sends_once_and_refreshes_the_card(
    listeners: Listeners,
) -> None:
    from sqlmodel import select

    from bot.store.models import OutboundMessage

    ref = referral(listeners.app)
    urls = [listeners.api.response_url(), listeners.api.response_url()]
    for url, ts in zip(urls, ["9.1", "9.2"], strict=True):
        await listeners.send(
            action_body(OFFICER, SEND_LIST, ref, url, message_ts="7.7", action_ts=ts)
        )
    first, second = [json.dumps(await listeners.reply_at(u)) for u in urls]
    assert "list sent" in first and "already done" in second
    with listeners.app.db.read_session() as s:
        sent = s.exec(select(OutboundMessage).where(OutboundMessage.purpose == "placement_list"))
        assert len(list(sent)) == 1
    for _ in range(500):  # the card is refreshed after the reply has gone
        if [ref] in listeners.refreshed:
            break
        await asyncio.sleep(0.01)
    assert [ref] in listeners.refreshed


async def test_a_retried_command_is_answered_once(listeners: Listeners) -> None:
    referral(listeners.app)
    url = listeners.api.response_url()
    body = command_body(OFFICER, "referrals", url, "T-retry")
    await listeners.send(body)
    resp = await listeners.send(body, **{"x-slack-retry-num": "1"})
    assert resp.status == 200
    await listeners.reply_at(url)
    await asyncio.sleep(0.2)
    assert len([c for c in listeners.api.of("respond") if c.data.get("_url") == url]) == 1
