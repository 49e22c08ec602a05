"""A running `swcu serve` with Slack on, talking to a loopback stand-in for Slack's Web
API and response_url; requests signed as Slack signs them. One server per test module
(starting one costs seconds); each test makes its own referrals."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from bot.domain.model import BedVacancy
from bot.harness import REPO, ServerProcess, free_port, fresh_postgres
from bot.slack_harness import (
    Answer,
    Call,
    SlackStandIn,
    action_body,
    command_body,
    event_body,
    post_signed,
    view_body,
)
from bot.store.db import Database
from bot.store.models import OutboundMessage, Referral
from tests.conftest import BACKENDS, DEMO_HOMES, sample_01_avoiding_nowhere
from tests.e2e.conftest import deliver, record_beds, wait_until
from tests.support.databases import PG_URL, sqlite_url

SECRET = "test-signing-secret"
SLACK_SETTINGS = REPO / "tests" / "fixtures" / "slack" / "settings.toml"
BOARD = "C0BOARD"
OFFICER, MANAGER, ON_CALL, VIEWER, STRANGER = (
    "UOFFICER",
    "UMANAGER",
    "UONCALL",
    "UVIEWER",
    "USTRANGE",
)


@dataclass
class SlackServer:
    proc: ServerProcess
    api: SlackStandIn
    url: str

    def command(self, text: str, user: str = OFFICER, **kw: Any) -> tuple[Answer, str]:
        response_url = self.api.response_url()
        body = command_body(user, text, response_url, f"trigger-{uuid.uuid4().hex}")
        return post_signed(self.url, body, SECRET, **kw), response_url

    def press(
        self, action_id: str, value: str, user: str = OFFICER, **kw: Any
    ) -> tuple[Answer, str]:
        response_url = self.api.response_url()
        body = action_body(user, action_id, value, response_url, **kw)
        return post_signed(self.url, body, SECRET), response_url

    def submit(
        self, callback_id: str, values: dict[str, Any], metadata: str = "", user: str = OFFICER
    ) -> Answer:
        body = view_body(user, callback_id, values, metadata, f"V{uuid.uuid4().hex[:10]}")
        return post_signed(self.url, body, SECRET)

    def event(self, user: str, event_id: str, **kw: Any) -> Answer:
        return post_signed(
            self.url,
            event_body(user, event_id=event_id),
            SECRET,
            content_type="application/json",
            **kw,
        )

    def answer_at(self, response_url: str, timeout: float = 10.0) -> Call:
        """The reply posted to one response_url."""
        return wait_until(
            lambda: next(
                (c for c in self.api.of("respond") if c.data.get("_url") == response_url), None
            ),
            timeout=timeout,
            what=f"a reply at {response_url}",
        )

    def text_at(self, response_url: str) -> str:
        return text_of(self.answer_at(response_url).data)

    def dm_to(self, user: str, after: int, timeout: float = 10.0) -> Call:
        return wait_until(
            lambda: next(
                (
                    c
                    for c in self.api.calls[after:]
                    if c.method == "chat.postMessage" and c.data.get("channel") == user
                ),
                None,
            ),
            timeout=timeout,
            what=f"a DM to {user}",
        )

    def new_referral(self) -> str:
        """Sample 01 (complete) under a new Message-ID; its reference."""
        raw = sample_01_avoiding_nowhere().replace(
            b"<179532062727.7138.11892129875866307066@hants-cs.test>",
            f"<{uuid.uuid4().hex}@hants-cs.test>".encode(),
        )
        sent = deliver(self.proc, raw)
        m = re.search(rb"SWCU-\d{4}-\d+", sent.reply)
        assert m, sent.reply
        return m.group(0).decode()


def rows(slack: SlackServer, model: Any, *where: Any) -> list[Any]:
    db = Database(slack.proc.database_url)
    try:
        with db.read_session() as s:
            return list(s.exec(select(model).where(*where)))
    finally:
        db.dispose()


def emails(slack: SlackServer, reference: str, purpose: str) -> list[OutboundMessage]:
    [ref] = rows(slack, Referral, Referral.reference == reference)
    return rows(
        slack,
        OutboundMessage,
        OutboundMessage.referral_id == ref.id,
        OutboundMessage.purpose == purpose,
    )


def board_posts(slack: SlackServer, reference: str) -> list[Any]:
    return [
        c
        for c in slack.api.calls
        if c.method in ("chat.postMessage", "chat.update")
        and c.data.get("channel") == BOARD
        and reference in json.dumps(c.data.get("blocks") or [])
    ]


def opened_view(slack: SlackServer, after: int) -> dict[str, Any]:
    call = wait_until(
        lambda: next((c for c in slack.api.calls[after:] if c.method == "views.open"), None),
        what="a modal opened",
    )
    view = call.data["view"]
    return json.loads(view) if isinstance(view, str) else view


def text_of(data: dict[str, Any]) -> str:
    """Everything a person would read in a message or view: text and all block text."""
    return json.dumps(data, ensure_ascii=False)


@pytest.fixture(scope="module", params=BACKENDS)
def slack_database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    if request.param == "sqlite":
        yield sqlite_url(tmp_path_factory.mktemp("slackdb"))
    else:
        assert PG_URL
        with fresh_postgres(PG_URL) as url:
            yield url


@pytest.fixture(scope="module")
def slack(tmp_path_factory: pytest.TempPathFactory, slack_database: str) -> Iterator[SlackServer]:
    tmp: Path = tmp_path_factory.mktemp("slack")
    with SlackStandIn() as api:
        port = free_port()
        env = {
            "SLACK_BOT_TOKEN": "xoxb-test",
            "SLACK_SIGNING_SECRET": SECRET,
            "SWCU_SLACK_API_URL": api.url,
            "SWCU_SLACK_LISTEN": f"127.0.0.1:{port}",
        }
        proc = ServerProcess(tmp / "store", slack_database, extra_env=env, config=SLACK_SETTINGS)
        proc.store.mkdir(parents=True, exist_ok=True)
        proc.swcu("homes", "import", str(DEMO_HOMES))
        for code, bed in [
            ("HAR", BedVacancy(2, "female", "welfare")),
            ("SEV", BedVacancy(2)),
            ("PEN", BedVacancy(2, "female", "welfare")),
        ]:
            record_beds(proc, code, bed)
        with proc:
            yield SlackServer(proc, api, f"http://127.0.0.1:{port}/slack/events")
