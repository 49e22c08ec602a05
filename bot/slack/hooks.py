"""Where other parts plug into the Slack front end without it importing them.

The scheduler's on-call alerts post `bot.notify.slack_blocks.alert_blocks(alert_id, …)`;
a press of their *Acknowledge* button calls `HOOKS.acknowledge(app, alert_id, actor=…,
key=…, now=…)`, which returns the line to show (e.g. "acknowledged by …"). Until the
scheduler registers it, the press is answered "not configured". `HOOKS.on_call(app, now)`
likewise answers `/swcu oncall` from the rota when registered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

AckHook = Callable[..., str]  # (app, alert_id, *, actor, key, now) -> words
OnCallHook = Callable[[Any, datetime], str]  # (app, now) -> words


@dataclass
class Hooks:
    acknowledge: AckHook | None = None
    on_call: OnCallHook | None = None


HOOKS = Hooks()


def register_acknowledge(fn: AckHook) -> None:
    HOOKS.acknowledge = fn


def register_on_call(fn: OnCallHook) -> None:
    HOOKS.on_call = fn
