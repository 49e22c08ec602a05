"""Before any listener: who is asking and with what role, whether a retried request was
already handled, and the audit record of the request (who, what, when). A user without
a role, or without the role for what they asked, is told "not permitted" and nothing
else."""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.response import BoltResponse

from bot.app import App
from bot.notify.slack_blocks import (
    ACKNOWLEDGE,
    CONSULT,
    EDIT,
    MARK_PLACED,
    SEND_LIST,
    SHOW_LIST,
    not_permitted_view,
)
from bot.slack.blocks import CONSULT_VIEW, EDIT_VIEW, NEW_VIEW, OUTCOME_VIEW
from bot.slack.commands import Command, parse_command
from bot.slack.operations import Who
from bot.slack.roles import may, roles_of

log = logging.getLogger("swcu.slack")

NOT_PERMITTED = "Sorry, you are not permitted to use swcu here."
ACTION_OPERATIONS = {
    SHOW_LIST: "match",
    SEND_LIST: "send",
    CONSULT: "consult",
    EDIT: "edit",
    MARK_PLACED: "outcome",
    ACKNOWLEDGE: "acknowledge",
}
VIEW_OPERATIONS = {
    EDIT_VIEW: "edit",
    NEW_VIEW: "new",
    CONSULT_VIEW: "consult",
    OUTCOME_VIEW: "outcome",
}


def user_of(body: dict[str, Any]) -> str | None:
    if "user_id" in body:  # a slash command
        return str(body["user_id"])
    user = body.get("user") or (body.get("event") or {}).get("user")
    if isinstance(user, dict):
        return str(user.get("id") or "") or None
    return str(user) if user else None


def what_of(body: dict[str, Any]) -> tuple[str, str, str]:
    """(kind, operation, audit detail) of a request. The detail names the operation and a
    reference at most: never what was typed into a form."""
    if "command" in body:
        cmd = parse_command(str(body.get("text") or ""))
        if isinstance(cmd, Command):
            return "command", cmd.name, " ".join(filter(None, [cmd.name, cmd.reference]))
        return "command", "help", "unrecognised"
    kind = body.get("type")
    if kind == "block_actions":
        action = (body.get("actions") or [{}])[0]
        op = ACTION_OPERATIONS.get(str(action.get("action_id")), "help")
        return "press", op, f"{action.get('action_id')} {action.get('value') or ''}".strip()
    if kind == "view_submission":
        view = body.get("view") or {}
        op = VIEW_OPERATIONS.get(str(view.get("callback_id")), "help")
        return "form", op, f"{view.get('callback_id')} {view.get('private_metadata') or ''}".strip()
    if kind == "event_callback":
        event = str((body.get("event") or {}).get("type"))
        return "event", "home" if event == "app_home_opened" else "help", event
    return str(kind or "request"), "help", ""


def identity_of(body: dict[str, Any]) -> str | None:
    """What a Slack retry of the same request shares with the first delivery."""
    if "event_id" in body:
        return f"event:{body['event_id']}"
    if "trigger_id" in body and "command" in body:
        return f"command:{body['trigger_id']}"
    if body.get("type") == "block_actions":
        action = (body.get("actions") or [{}])[0]
        return f"press:{action.get('action_ts')}:{user_of(body)}:{action.get('action_id')}"
    if body.get("type") == "view_submission":
        view = body.get("view") or {}
        return f"form:{view.get('id')}:{view.get('hash')}"
    return None


class Seen:
    """Requests handled lately (bounded): a retry of one of them is answered and dropped.
    Work that must never happen twice also carries an idempotency key to its service, so
    a retry reaching another process does no harm either."""

    def __init__(self, size: int = 10_000) -> None:
        self.size = size
        self._ids: OrderedDict[str, None] = OrderedDict()

    def first_time(self, identity: str) -> bool:
        if identity in self._ids:
            return False
        self._ids[identity] = None
        if len(self._ids) > self.size:
            self._ids.popitem(last=False)
        return True


Next = Callable[[], Awaitable[None]]


def make_middleware(app: App, audit: Callable[[str, str, str], None]) -> Callable[..., Any]:
    seen = Seen()

    async def who_and_audit(
        body: dict[str, Any], context: Any, request: Any, next: Next
    ) -> BoltResponse | None:
        identity = identity_of(body)
        retry = bool(request.headers.get("x-slack-retry-num"))
        if identity and not seen.first_time(identity) and retry:
            log.info("slack: retry of %s answered, not handled again", identity)
            return BoltResponse(status=200, body="")
        user = user_of(body)
        roles = roles_of(app.settings.slack, user)
        kind, operation, detail = what_of(body)
        allowed = bool(roles) and may(roles, operation)
        actor = f"slack:{user or '?'}"
        action = f"slack_{kind}" if allowed else "slack_denied"
        await asyncio.to_thread(audit, actor, action, detail)
        if not allowed:
            return await _deny(body, context, kind)
        context["who"] = Who(user or "", roles)
        await next()
        return None

    return who_and_audit


async def _deny(body: dict[str, Any], context: Any, kind: str) -> BoltResponse:
    if kind == "command":
        return BoltResponse(
            status=200,
            body={"response_type": "ephemeral", "text": NOT_PERMITTED},
            headers={"content-type": "application/json"},
        )
    if kind == "press" and context.respond is not None:
        asyncio.ensure_future(
            context.respond(text=NOT_PERMITTED, response_type="ephemeral", replace_original=False)
        )
    if kind == "form":
        blocks = (body.get("view") or {}).get("blocks") or [{}]
        first = str(blocks[0].get("block_id") or "value")
        return BoltResponse(
            status=200,
            body={"response_action": "errors", "errors": {first: NOT_PERMITTED}},
            headers={"content-type": "application/json"},
        )
    if kind == "event" and (user := user_of(body)):
        asyncio.ensure_future(context.client.views_publish(user_id=user, view=not_permitted_view()))
    return BoltResponse(status=200, body="")
