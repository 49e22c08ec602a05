"""`swcu bench slack`: how quickly Slack is answered with many open referrals, and how
soon an emailed referral reaches the officers' channel. Against a real `swcu serve`, its
Web API a loopback stand-in in this process (so both ends share one clock)."""

from __future__ import annotations

import json
import random
import re
import smtplib
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from bot.bench import percentile, synthetic_referral
from bot.harness import REPO, ServerProcess, free_port, send_data
from bot.slack_harness import SlackStandIn, command_body, post_signed

SECRET = "bench-signing-secret"
USER = "UBENCH"


def _ms(values: list[float], p: float) -> float:
    return round(percentile(values, p) * 1000, 1)


def _settle(api: SlackStandIn, quiet: float = 1.0, timeout: float = 120.0) -> None:
    """Wait until the outbox has stopped posting (the board of the seeded referrals)."""
    deadline = time.monotonic() + timeout
    last, since = -1, time.monotonic()
    while time.monotonic() < deadline:
        n = len(api.calls)
        if n != last:
            last, since = n, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
        time.sleep(0.05)


def bench_slack(
    open_referrals: int = 200, commands: int = 50, posts: int = 20, database_url: str | None = None
) -> dict[str, Any]:
    run = uuid.uuid4().hex[:8]
    rng = random.Random(5)
    with tempfile.TemporaryDirectory(prefix="swcu-bench-") as tmp, SlackStandIn() as api:
        port = free_port()
        env = {
            "SLACK_BOT_TOKEN": "xoxb-bench",
            "SLACK_SIGNING_SECRET": SECRET,
            "SWCU_SLACK_API_URL": api.url,
            "SWCU_SLACK_LISTEN": f"127.0.0.1:{port}",
            "SWCU_SLACK_OFFICERS": USER,
        }
        url = database_url or f"sqlite:///{Path(tmp) / 'swcu.db'}"
        server = ServerProcess(Path(tmp), url, extra_env=env)
        server.swcu("homes", "import", str(REPO / "config" / "demo-homes.csv"))
        server.start()
        events = f"http://127.0.0.1:{port}/slack/events"
        try:
            with smtplib.SMTP("127.0.0.1", server.port, timeout=60) as smtp:
                smtp.ehlo()
                for i in range(open_referrals):
                    smtp.mail("sw@hants-cs.test")
                    smtp.rcpt("referrals@swcu.test")
                    send_data(smtp, synthetic_referral(i, run, rng))
            _settle(api)
            acks, answers = [], []
            for i in range(commands):
                response_url = api.response_url()
                body = command_body(USER, "referrals", response_url, f"bench-{run}-{i}")
                started = time.perf_counter()
                answer = post_signed(events, body, SECRET)
                acks.append(answer.seconds)
                answered = _answered(api, response_url)
                if answered is not None:
                    answers.append(answered - started)
            to_post = []
            with smtplib.SMTP("127.0.0.1", server.port, timeout=60) as smtp:
                smtp.ehlo()
                for i in range(posts):
                    smtp.mail("sw@hants-cs.test")
                    smtp.rcpt("referrals@swcu.test")
                    _, reply, _ = send_data(smtp, synthetic_referral(open_referrals + i, run, rng))
                    at_250 = time.perf_counter()
                    m = re.search(rb"SWCU-\d{4}-\d+", reply)
                    if m:
                        to_post.append(_posted(api, m.group(0).decode()) - at_250)
        finally:
            server.stop()
    return {
        "bench": "slack",
        "database": "postgresql" if database_url else "sqlite",
        "open_referrals": open_referrals,
        "commands": commands,
        "ack_p50_ms": _ms(acks, 50),
        "ack_p95_ms": _ms(acks, 95),
        "ack_max_ms": round(max(acks) * 1000, 1),
        "answer_p50_ms": _ms(answers, 50),
        "answer_p95_ms": _ms(answers, 95),
        "smtp_250_to_post_p50_ms": _ms(to_post, 50),
        "smtp_250_to_post_p95_ms": _ms(to_post, 95),
        "posts_measured": len(to_post),
    }


def _answered(api: SlackStandIn, response_url: str, timeout: float = 30.0) -> float | None:
    """When (perf_counter) the reply at response_url arrived; None if it never did."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        for c in api.of("respond"):
            if c.data.get("_url") == response_url:
                return c.at
        time.sleep(0.002)
    return None


def _posted(api: SlackStandIn, reference: str, timeout: float = 30.0) -> float:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        for c in api.of("chat.postMessage"):
            if reference in json.dumps(c.data.get("blocks") or []):
                return c.at
        time.sleep(0.002)
    return time.perf_counter()
