"""The Bolt app: `/swcu`, the buttons, the forms and the App Home. Each listener acks at
once (Slack wants an answer within 3 seconds), runs its one operation in a thread (the
database must not block the event loop that also serves SMTP), answers through
`response_url` or the Web API, and asks for the board to be refreshed.

Who is asking, their roles and the audit record come from bot/slack/middleware.py.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import App
from bot.notify.slack_blocks import (
    ACKNOWLEDGE,
    CONSULT,
    EDIT,
    MARK_PLACED,
    SEND_LIST,
    SHOW_LIST,
)
from bot.slack import forms
from bot.slack.blocks import CONSULT_VIEW, EDIT_VIEW, NEW_VIEW, OUTCOME_VIEW, help_blocks
from bot.slack.commands import Command, Usage, parse_command
from bot.slack.middleware import make_middleware
from bot.slack.operations import Reply, Who, answer

log = logging.getLogger("swcu.slack")


def press_key(body: dict[str, Any]) -> str:
    """The identity of a press, as the service's idempotency key: the message pressed and
    the button (so a second press on the same message, by anyone, repeats nothing), or,
    without a message, the press itself (so a retry of it repeats nothing)."""
    action = body["actions"][0]
    container = body.get("container") or {}
    if container.get("message_ts"):
        return (
            f"slack:{action['action_id']}:{action.get('value')}:"
            f"{container.get('channel_id')}:{container['message_ts']}"
        )
    return f"slack:{action['action_id']}:{action.get('action_ts')}:{body['user']['id']}"


class Front:
    """What the listeners share: the app, the Web API client and the board's refresh."""

    def __init__(
        self,
        app: App,
        client: AsyncWebClient,
        refresh: Callable[[list[str] | None], None],
        open_home: Callable[[str], None],
    ) -> None:
        self.app = app
        self.client = client
        self.refresh = refresh  # queue board and App Home updates (runs in a thread)
        self.open_home = open_home  # queue one user's App Home (runs in a thread)

    def now(self) -> datetime:
        return self.app.clock()

    async def run(self, fn: Callable[..., Reply], *args: Any, **kwargs: Any) -> Reply:
        return await asyncio.to_thread(fn, *args, **kwargs)

    async def deliver(
        self,
        reply: Reply,
        *,
        respond: Any = None,
        trigger_id: str | None = None,
        user: str | None = None,
        replace: bool = False,
    ) -> None:
        """Open the reply's modal, or show its text: ephemerally through response_url, or
        as a DM when there is none (a form's answer). Then refresh what it changed."""
        try:
            if reply.view is not None and trigger_id:
                await self.client.views_open(trigger_id=trigger_id, view=reply.view)
            elif respond is not None:
                await respond(
                    text=reply.text,
                    blocks=reply.blocks,
                    response_type="ephemeral",
                    replace_original=replace,
                )
            elif user:
                await self.client.chat_postMessage(
                    channel=user, text=reply.text, blocks=reply.blocks
                )
        except Exception:
            log.exception("slack: could not deliver a reply")
        if reply.changed:
            await asyncio.to_thread(self.refresh, reply.changed)


def build_app(
    app: App,
    *,
    token: str,
    signing_secret: str | None,
    api_url: str | None,
    refresh: Callable[[list[str] | None], None],
    audit: Callable[[str, str, str], None],
    open_home: Callable[[str], None] = lambda user: None,
    client: AsyncWebClient | None = None,
) -> AsyncApp:
    if client is None:
        client_kwargs: dict[str, Any] = {"token": token}
        if api_url:
            client_kwargs["base_url"] = api_url if api_url.endswith("/") else api_url + "/"
        client = AsyncWebClient(**client_kwargs)
    # Bolt logs a refused request with its body at INFO; a form's body may hold a child's
    # details, so Bolt's loggers (which take their level from this one) pass warnings only.
    bolt_log = logging.getLogger("swcu.slack.bolt")
    bolt_log.setLevel(logging.WARNING)
    bolt = AsyncApp(
        logger=bolt_log,
        client=client,
        signing_secret=signing_secret or "",
        request_verification_enabled=signing_secret is not None,
        raise_error_for_unhandled_request=False,
    )
    bolt.middleware(make_middleware(app, audit))
    front = Front(app, client, refresh, open_home)
    _commands(bolt, front)
    _buttons(bolt, front)
    _forms(bolt, front)
    _home(bolt, front)
    return bolt


def _commands(bolt: AsyncApp, front: Front) -> None:
    @bolt.command("/swcu")
    async def on_swcu(ack: Any, body: dict[str, Any], respond: Any, context: Any) -> None:
        cmd = parse_command(str(body.get("text") or ""))
        if isinstance(cmd, Usage):
            await ack(response_type="ephemeral", text=cmd.message)
            return
        if cmd.name == "help":
            await ack(response_type="ephemeral", text="swcu commands", blocks=help_blocks())
            return
        await ack()
        who: Who = context["who"]
        key = f"slack:{cmd.name}:{body.get('trigger_id')}"
        reply = await front.run(answer, front.app, cmd, who, now=front.now(), key=key)
        await front.deliver(reply, respond=respond, trigger_id=body.get("trigger_id"))


def _reference(body: dict[str, Any]) -> str:
    return str(body["actions"][0].get("value") or "")


def _ephemeral(body: dict[str, Any]) -> bool:
    return bool((body.get("container") or {}).get("is_ephemeral"))


def _buttons(bolt: AsyncApp, front: Front) -> None:
    async def operation(name: str, ack: Any, body: dict[str, Any], respond: Any, who: Who) -> None:
        await ack()
        cmd = Command(name, _reference(body))
        reply = await front.run(answer, front.app, cmd, who, now=front.now(), key=press_key(body))
        await front.deliver(reply, respond=respond, replace=_ephemeral(body))

    @bolt.action(SHOW_LIST)
    async def on_show(ack: Any, body: dict[str, Any], respond: Any, context: Any) -> None:
        await operation("match", ack, body, respond, context["who"])

    @bolt.action(SEND_LIST)
    async def on_send(ack: Any, body: dict[str, Any], respond: Any, context: Any) -> None:
        await operation("send", ack, body, respond, context["who"])

    async def form(ack: Any, body: dict[str, Any], respond: Any, make: Any, *args: Any) -> None:
        await ack()
        reply = await front.run(make, front.app, _reference(body), *args)
        await front.deliver(reply, respond=respond, trigger_id=body.get("trigger_id"))

    @bolt.action(EDIT)
    async def on_edit(ack: Any, body: dict[str, Any], respond: Any) -> None:
        await form(ack, body, respond, forms.edit_form)

    @bolt.action(CONSULT)
    async def on_consult(ack: Any, body: dict[str, Any], respond: Any) -> None:
        await form(ack, body, respond, forms.consult_form, front.now())

    @bolt.action(MARK_PLACED)
    async def on_mark_placed(ack: Any, body: dict[str, Any], respond: Any) -> None:
        await form(ack, body, respond, forms.outcome_form)

    @bolt.action(ACKNOWLEDGE)
    async def on_acknowledge(ack: Any, body: dict[str, Any], respond: Any, context: Any) -> None:
        await ack()
        who: Who = context["who"]

        def call() -> Reply:
            from bot.services.alerts import acknowledge_alert
            from bot.slack.operations import guarded

            def acknowledge() -> Reply:
                done = acknowledge_alert(front.app, _reference(body), actor=who.actor,
                                         now=front.now())
                first = "already acknowledged" if done.already else "acknowledged"
                return Reply(f"Alert on {done.reference} {first} by {done.acknowledged_by}.")

            return guarded(acknowledge)

        reply = await front.run(call)
        await front.deliver(reply, respond=respond)


def _forms(bolt: AsyncApp, front: Front) -> None:
    async def submitted(ack: Any, body: dict[str, Any], context: Any, fn: Any, *args: Any) -> None:
        await ack()
        view = body["view"]
        who: Who = context["who"]
        reply = await front.run(fn, front.app, *args, view["state"]["values"], who, front.now())
        await front.deliver(reply, user=who.user_id)

    def key(body: dict[str, Any]) -> str:
        return f"slack:form:{body['view']['id']}"

    def ref(body: dict[str, Any]) -> str:
        return str(body["view"].get("private_metadata") or "")

    @bolt.view(EDIT_VIEW)
    async def on_edit(ack: Any, body: dict[str, Any], context: Any) -> None:
        await submitted(ack, body, context, forms.edit_submitted, ref(body))

    @bolt.view(NEW_VIEW)
    async def on_new(ack: Any, body: dict[str, Any], context: Any) -> None:
        await ack()
        who: Who = context["who"]
        values = body["view"]["state"]["values"]
        reply = await front.run(forms.new_submitted, front.app, values, who, front.now(), key(body))
        await front.deliver(reply, user=who.user_id)

    @bolt.view(CONSULT_VIEW)
    async def on_consult(ack: Any, body: dict[str, Any], context: Any) -> None:
        await _keyed(front, ack, body, context, forms.consult_submitted, ref(body), key(body))

    @bolt.view(OUTCOME_VIEW)
    async def on_outcome(ack: Any, body: dict[str, Any], context: Any) -> None:
        await _keyed(front, ack, body, context, forms.outcome_submitted, ref(body), key(body))


async def _keyed(
    front: Front, ack: Any, body: dict[str, Any], context: Any, fn: Any, ref: str, key: str
) -> None:
    await ack()
    who: Who = context["who"]
    values = body["view"]["state"]["values"]
    reply = await front.run(fn, front.app, ref, values, who, front.now(), key)
    await front.deliver(reply, user=who.user_id)


def _home(bolt: AsyncApp, front: Front) -> None:
    @bolt.event("app_home_opened")
    async def on_home_opened(event: dict[str, Any]) -> None:
        if event.get("tab", "home") != "home":
            return
        user = str(event.get("user") or "")
        await asyncio.to_thread(front.open_home, user)
