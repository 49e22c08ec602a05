"""A small loopback stand-in for GOV.UK Notify that records each call: POST
/v2/notifications/sms answers with the statuses it is given, in turn (then 201); GET
/v2/received-text-messages serves the texts it holds, newest first, paged by `older_than`
like Notify, and answers with its own list of statuses in turn (then 200)."""

from __future__ import annotations

import json
import threading
import uuid
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.support.http import send_json


class NotifyStandIn:
    def __init__(self, statuses: list[int] | None = None, *, page_size: int = 250) -> None:
        self.statuses = list(statuses or [])  # for sending texts
        self.inbound_statuses: list[int] = []  # for reading received texts
        self.received: list[dict[str, Any]] = []  # newest first, as Notify lists them
        self.page_size = page_size
        self.calls: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with stand_in._lock:
                    stand_in.calls.append({"method": "POST", "path": self.path,
                                           "auth": self.headers["Authorization"], "body": body})
                    status = stand_in.statuses.pop(0) if stand_in.statuses else 201
                answer = (
                    {"id": "740e5834-3a29-46b4-9a6f-16142fde533a",
                     "reference": body.get("reference")}
                    if status == 201
                    else {"status_code": status, "errors": [{"error": "Err", "message": "no"}]}
                )
                self._answer(status, answer)

            def do_GET(self) -> None:  # noqa: N802
                url = urlsplit(self.path)
                with stand_in._lock:
                    stand_in.calls.append({"method": "GET", "path": url.path,
                                           "query": parse_qs(url.query),
                                           "auth": self.headers["Authorization"]})
                    status = (stand_in.inbound_statuses.pop(0) if stand_in.inbound_statuses
                              else 200)
                    texts = list(stand_in.received)
                if url.path != "/v2/received-text-messages":
                    self._answer(404, {"status_code": 404, "errors": [{"error": "NotFound"}]})
                    return
                if status != 200:
                    self._answer(status, {"status_code": status,
                                          "errors": [{"error": "Err", "message": "down"}]})
                    return
                older = parse_qs(url.query).get("older_than", [None])[0]
                if older is not None:
                    ids = [t["id"] for t in texts]
                    texts = texts[ids.index(older) + 1:] if older in ids else []
                page = texts[: stand_in.page_size]
                base = f"http://{self.headers['Host']}/v2/received-text-messages"
                links: dict[str, str] = {"current": base}
                if page:  # as Notify: a next link whenever the page is not empty
                    links["next"] = f"{base}?older_than={page[-1]['id']}"
                self._answer(200, {"received_text_messages": page, "links": links})

            def _answer(self, status: int, answer: dict[str, Any]) -> None:
                send_json(self, status, answer)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def receive(self, user_number: str, content: str, at: datetime) -> str:
        """A text reaching the service's number; its Notify id."""
        text_id = str(uuid.uuid4())
        item = {
            "id": text_id, "user_number": user_number, "notify_number": "07700900000",
            "content": content, "service_id": "11111111-2222-3333-4444-555555555555",
            # Notify's shape: microseconds, UTC, with a Z.
            "created_at": at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        }
        with self._lock:
            self.received.insert(0, item)
            self.received.sort(key=lambda t: t["created_at"], reverse=True)
        return text_id

    def inbound_calls(self) -> list[dict[str, Any]]:
        with self._lock:
            return [c for c in self.calls if c["method"] == "GET"]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
