"""Socket Mode: with SLACK_APP_TOKEN, `swcu serve` opens a websocket (the URL from
apps.connections.open, here a loopback server) instead of listening for HTTP, acks each
envelope on it and answers through response_url as in HTTP mode."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest
from aiohttp import WSMsgType, web

from bot.harness import ServerProcess
from bot.slack_harness import SlackStandIn, command_body
from tests.conftest import DEMO_HOMES
from tests.e2e.conftest import wait_until
from tests.slack.conftest import OFFICER, SLACK_SETTINGS
from tests.support.databases import sqlite_url


class SocketServer:
    """Sends each queued envelope to the connected client and records what comes back."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.outgoing: asyncio.Queue[dict[str, Any]] | None = None
        self.loop = asyncio.new_event_loop()
        self.port = 0
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.outgoing = asyncio.Queue()

        async def socket(request: web.Request) -> web.WebSocketResponse:
            ws = web.WebSocketResponse()
            await ws.prepare(request)

            async def send() -> None:
                assert self.outgoing is not None
                while True:
                    await ws.send_json(await self.outgoing.get())

            sender = asyncio.ensure_future(send())
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    self.received.append(json.loads(msg.data))
            sender.cancel()
            return ws

        app = web.Application()
        app.router.add_get("/ws", socket)
        runner = web.AppRunner(app)
        self.loop.run_until_complete(runner.setup())
        site = web.TCPSite(runner, "127.0.0.1", 0)
        self.loop.run_until_complete(site.start())
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self._ready.set()
        self.loop.run_forever()

    def start(self) -> SocketServer:
        self._thread.start()
        self._ready.wait(10)
        return self

    def send(self, envelope: dict[str, Any]) -> None:
        assert self.outgoing is not None
        self.loop.call_soon_threadsafe(self.outgoing.put_nowait, envelope)

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)


@pytest.fixture
def socket_server() -> Iterator[SocketServer]:
    server = SocketServer().start()
    yield server
    server.stop()


def test_socket_mode_acks_on_the_socket_and_answers_at_the_response_url(
    tmp_path: Path, socket_server: SocketServer
) -> None:
    with SlackStandIn() as api:
        api.socket_url = f"ws://127.0.0.1:{socket_server.port}/ws"
        env = {
            "SLACK_BOT_TOKEN": "xoxb-test",
            "SLACK_APP_TOKEN": "xapp-test",
            "SWCU_SLACK_API_URL": api.url,
        }
        proc = ServerProcess(
            tmp_path / "store", sqlite_url(tmp_path), extra_env=env, config=SLACK_SETTINGS
        )
        proc.store.mkdir(parents=True, exist_ok=True)
        proc.swcu("homes", "import", str(DEMO_HOMES))
        with proc:
            assert "Socket Mode" in proc.log.read_text()
            wait_until(lambda: api.of("apps.connections.open"), what="the socket opened")
            url = api.response_url()
            payload = dict(parse_qsl(command_body(OFFICER, "vacancies", url, "trigger-socket")))
            socket_server.send(
                {
                    "envelope_id": "env-1",
                    "type": "slash_commands",
                    "accepts_response_payload": True,
                    "payload": payload,
                }
            )
            acked = wait_until(
                lambda: [m for m in socket_server.received if m.get("envelope_id") == "env-1"],
                what="the ack on the socket",
            )
            assert acked
            reply = wait_until(
                lambda: [c for c in api.of("respond") if c.data.get("_url") == url],
                what="the answer at the response_url",
            )
            assert "Vacancies" in json.dumps(reply[0].data)


def test_a_busy_slack_port_is_one_line_naming_the_setting(tmp_path: Path) -> None:
    import socket
    import subprocess
    import sys

    from bot.harness import REPO, free_port

    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        proc = ServerProcess(
            tmp_path / "store",
            sqlite_url(tmp_path),
            extra_env={
                "SLACK_BOT_TOKEN": "xoxb-test",
                "SLACK_SIGNING_SECRET": "s",
                "SWCU_SLACK_LISTEN": f"127.0.0.1:{port}",
                "SWCU_SMTP_LISTEN": f"127.0.0.1:{free_port()}",
            },
            config=SLACK_SETTINGS,
        )
        done = subprocess.run(
            [sys.executable, "-m", "bot.cli", "serve"],
            env=proc.env,
            capture_output=True,
            text=True,
            cwd=REPO,
            timeout=60,
        )
    assert done.returncode == 2
    [line] = done.stderr.strip().splitlines()[-1:]
    assert line.startswith(f"swcu: SWCU_SLACK_LISTEN: cannot listen on 127.0.0.1:{port}")
    assert "Traceback" not in done.stderr
