"""The audit record of every Slack request: who, what, when. `detail` names the operation
and a reference at most, never what was typed."""

from __future__ import annotations

from datetime import datetime

from bot.app import App
from bot.services import audit


def audit_request(app: App, *, actor: str, action: str, detail: str, now: datetime) -> None:
    with app.db.session() as s:
        audit.record(s, action, at=now, actor=actor, detail=detail[:300])
