"""For tests and `swcu bench slack`: a loopback stand-in for Slack's Web API and
response_url that records what it was sent, and requests signed as Slack signs them."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import time
import urllib.request
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode


@dataclass
class Call:
    method: str  # "chat.postMessage", or "respond" for a response_url
    data: dict[str, Any]
    at: float  # perf_counter when received


class SlackStandIn:
    """Answers every Web API method {"ok": true, "ts": …} (auth.test with ids) and records
    each call; `url` is the base for SWCU_SLACK_API_URL, `response_url()` a fresh
    response_url."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.socket_url: str | None = None  # answered to apps.connections.open (Socket Mode)
        self.fail_with: int | None = None  # an HTTP status to answer the Web API with (an outage)
        self._lock = threading.Lock()
        self._ts = itertools.count(1)
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the http.server API
                size = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(size).decode()
                if "json" in (self.headers.get("content-type") or ""):
                    data = json.loads(raw or "{}")
                else:
                    data = dict(parse_qsl(raw))
                method = self.path.strip("/").split("/")[-1]
                if self.path.startswith("/respond/"):
                    method = "respond"
                    data["_url"] = f"http://127.0.0.1:{outer.port}{self.path}"
                answer = outer.record(method, data)
                status = 200
                if outer.fail_with and method != "respond":
                    status, answer = outer.fail_with, {"ok": False, "error": "service_unavailable"}
                body = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/api/"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def record(self, method: str, data: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            self.calls.append(Call(method, data, time.perf_counter()))
            ts = f"1700000000.{next(self._ts):06d}"
        if method == "apps.connections.open":
            return {"ok": True, "url": self.socket_url}
        if method == "auth.test":
            return {"ok": True, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T0TEAM"}
        return {"ok": True, "ts": ts, "channel": data.get("channel") or "C0BOARD"}

    def response_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/respond/{next(self._ts)}"

    def of(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def clear(self) -> None:
        with self._lock:
            self.calls.clear()

    def __enter__(self) -> SlackStandIn:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def signature(secret: str, timestamp: str, body: str) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass
class Answer:
    status: int
    body: str
    seconds: float

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


def post_signed(
    url: str,
    body: str,
    secret: str,
    *,
    content_type: str = "application/x-www-form-urlencoded",
    timestamp: int | None = None,
    headers: dict[str, str] | None = None,
    forge: bool = False,
) -> Answer:
    """POST as Slack does: X-Slack-Request-Timestamp and X-Slack-Signature over the body."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    sig = signature("not-the-secret" if forge else secret, ts, body)
    req = urllib.request.Request(
        url,
        data=body.encode(),
        method="POST",
        headers={
            "content-type": content_type,
            "x-slack-request-timestamp": ts,
            "x-slack-signature": sig,
            **(headers or {}),
        },
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return Answer(resp.status, resp.read().decode(), time.perf_counter() - started)
    except urllib.error.HTTPError as exc:
        return Answer(exc.code, exc.read().decode(), time.perf_counter() - started)


def command_body(user: str, text: str, response_url: str, trigger_id: str) -> str:
    return urlencode(
        {
            "token": "x",
            "team_id": "T0TEAM",
            "channel_id": "C0BOARD",
            "user_id": user,
            "user_name": user.lower(),
            "command": "/swcu",
            "text": text,
            "response_url": response_url,
            "trigger_id": trigger_id,
            "api_app_id": "A0APP",
        }
    )


def action_body(
    user: str,
    action_id: str,
    value: str,
    response_url: str,
    *,
    message_ts: str | None = None,
    action_ts: str = "1700000001.000001",
    ephemeral: bool = False,
) -> str:
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": "T0TEAM"},
        "user": {"id": user},
        "api_app_id": "A0APP",
        "trigger_id": f"trigger-{action_ts}",
        "response_url": response_url,
        "channel": {"id": "C0BOARD"},
        "actions": [
            {"action_id": action_id, "block_id": "b", "value": value, "action_ts": action_ts}
        ],
    }
    if message_ts:
        payload["container"] = {
            "type": "message",
            "message_ts": message_ts,
            "channel_id": "C0BOARD",
            "is_ephemeral": ephemeral,
        }
    return urlencode({"payload": json.dumps(payload)})


def view_body(
    user: str, callback_id: str, values: dict[str, Any], metadata: str, view_id: str
) -> str:
    payload = {
        "type": "view_submission",
        "team": {"id": "T0TEAM"},
        "user": {"id": user},
        "api_app_id": "A0APP",
        "view": {
            "id": view_id,
            "type": "modal",
            "hash": f"h-{view_id}",
            "callback_id": callback_id,
            "private_metadata": metadata,
            "blocks": [{"block_id": k} for k in values],
            "state": {"values": values},
        },
    }
    return urlencode({"payload": json.dumps(payload)})


def event_body(user: str, event_type: str = "app_home_opened", event_id: str = "Ev1") -> str:
    return json.dumps(
        {
            "type": "event_callback",
            "team_id": "T0TEAM",
            "api_app_id": "A0APP",
            "event_id": event_id,
            "event_time": int(time.time()),
            "event": {"type": event_type, "user": user, "tab": "home", "channel": "D0HOME"},
        }
    )


def text_value(text: str) -> dict[str, Any]:
    """A plain_text_input's state in a view submission."""
    return {"value": {"type": "plain_text_input", "value": text}}
