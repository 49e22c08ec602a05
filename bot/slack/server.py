"""Slack inside `swcu serve`: HTTP mode (uvicorn serving Bolt's ASGI adapter on
SWCU_SLACK_LISTEN, in serve's own event loop) or Socket Mode (SLACK_APP_TOKEN)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import threading
from collections.abc import Callable, Iterator

import uvicorn

from bot.app import App
from bot.settings import SettingsError

log = logging.getLogger("swcu.slack")


class SlackRunner:
    """Started and stopped by serve; `where` says how Slack reaches us, for the banner."""

    def __init__(self, app: App, wake: Callable[[], None]) -> None:
        self.app = app
        self.wake = wake
        self.where = ""
        self._task: asyncio.Task[None] | None = None
        self._server: _Server | None = None
        self._socket: object | None = None
        # One refresh at a time in this process: two at once could both add the first
        # slack_message row of a referral, and the second's whole refresh would fail.
        self._refreshing = threading.Lock()

    def refresh(self, references: list[str] | None) -> None:
        """Queue board and App Home updates for what changed; runs in a thread."""
        from bot.services.slack_board import refresh_all

        if references is None or references:
            try:
                with self._refreshing:
                    refresh_all(self.app, now=self.app.clock(), references=references)
            except Exception:
                log.exception("slack: board refresh failed")
        self.wake()

    def open_home(self, user: str) -> None:
        """A user opened their App Home: publish the board to them now."""
        from bot.services.slack_board import refresh_homes

        try:
            with self._refreshing:
                refresh_homes(self.app, now=self.app.clock(), users=[user], force=True)
        except Exception:
            log.exception("slack: App Home refresh failed")
        self.wake()

    def audit(self, actor: str, action: str, detail: str) -> None:
        from bot.services.slack_requests import audit_request

        audit_request(self.app, actor=actor, action=action, detail=detail, now=self.app.clock())

    async def start(self) -> None:
        from bot.slack.app import build_app

        s = self.app.settings.slack
        assert s.bot_token
        socket_mode = bool(s.app_token)
        bolt = build_app(
            self.app,
            token=s.bot_token,
            signing_secret=None if socket_mode else s.signing_secret,
            api_url=s.api_url,
            refresh=self.refresh,
            audit=self.audit,
            open_home=self.open_home,
        )
        if socket_mode:
            from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

            handler = AsyncSocketModeHandler(bolt, s.app_token)
            await handler.connect_async()
            self._socket = handler
            self.where = "Socket Mode"
            return
        from slack_bolt.adapter.asgi.async_handler import AsyncSlackRequestHandler

        try:
            # Bound here, not by uvicorn: a busy port is a setting to name, not an exit.
            sock = socket.create_server((s.listen.host, s.listen.port))
        except OSError as exc:
            raise SettingsError(
                f"SWCU_SLACK_LISTEN: cannot listen on {s.listen}: {exc.strerror or exc}"
            ) from None
        config = uvicorn.Config(
            AsyncSlackRequestHandler(bolt, path="/slack/events"),
            lifespan="off",
            access_log=False,
            log_level="warning",
        )
        server = _Server(config)
        self._server = server
        self._task = asyncio.create_task(server.serve(sockets=[sock]))
        while not server.started:
            if self._task.done():
                self._task.result()  # raises the reason it could not start
                raise SettingsError(f"SWCU_SLACK_LISTEN: could not serve on {s.listen}")
            await asyncio.sleep(0.01)
        self.where = f"HTTP on http://{s.listen}/slack/events"

    async def stop(self) -> None:
        if self._socket is not None:
            await self._socket.close_async()  # type: ignore[attr-defined]
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            await asyncio.wait({self._task}, timeout=10)


class _Server(uvicorn.Server):
    """uvicorn without its own signal handling: serve owns SIGTERM and SIGINT."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield

    def install_signal_handlers(self) -> None:
        pass
