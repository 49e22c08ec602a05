"""The Slack transport's board: the first row of a key posts and keeps the ts, later rows
update that message; a view row publishes an App Home."""

from __future__ import annotations

from pathlib import Path

from bot.notify.enqueue import enqueue_slack
from bot.notify.slack_post import SlackTransport
from bot.slack_harness import SlackStandIn
from bot.store.db import Database
from bot.store.migrate import upgrade
from bot.store.models import OutboundMessage
from bot.store.slack_messages import posted_ts
from tests.support.clock import START
from tests.support.databases import sqlite_url


def queued(db: Database, **kw: object) -> OutboundMessage:
    with db.session() as s:
        row = enqueue_slack(s, purpose="board", now=START, **kw)  # type: ignore[arg-type]
        s.expunge_all()
        return row


def test_a_keyed_message_is_posted_once_then_updated_in_place(tmp_path: Path) -> None:
    db = Database(sqlite_url(tmp_path))
    upgrade(db)
    with SlackStandIn() as api:
        transport = SlackTransport("xoxb-x", api.url, db=db)
        blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "one"}}]
        first = queued(
            db, channel="#board", text="one", blocks=blocks, dedupe_key="a", update_key="board:R1"
        )
        transport.deliver(first)
        [post] = api.of("chat.postMessage")
        with db.read_session() as s:
            channel, ts = posted_ts(s, "board:R1") or ("", "")
        assert channel == "#board" and ts.startswith("1700000000.")
        assert post.data["text"] == "one"
        second = queued(
            db, channel="#board", text="two", blocks=blocks, dedupe_key="b", update_key="board:R1"
        )
        transport.deliver(second)
        [update] = api.of("chat.update")
        assert update.data["ts"] == ts and update.data["text"] == "two"
        assert len(api.of("chat.postMessage")) == 1
        other = queued(
            db, channel="#board", text="other", blocks=blocks, dedupe_key="c", update_key="board:R2"
        )
        transport.deliver(other)
        assert len(api.of("chat.postMessage")) == 2
    db.dispose()


def test_a_view_row_publishes_the_users_app_home(tmp_path: Path) -> None:
    db = Database(sqlite_url(tmp_path))
    upgrade(db)
    with SlackStandIn() as api:
        row = queued(
            db, channel="U1", text="home", dedupe_key="h", view={"type": "home", "blocks": []}
        )
        SlackTransport("xoxb-x", api.url, db=db).deliver(row)
        [call] = api.of("views.publish")
        assert call.data["user_id"] == "U1" and call.data["view"]["type"] == "home"
    db.dispose()
