"""`swcu bench`: the performance figures, measured against the real parts.

Benchmarks print figures; they never fail anything.
"""

from __future__ import annotations

import random
import smtplib
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.harness import REPO, ServerProcess, send_data

AUTHORITIES = [
    ("hants-cs.test", "Hampshire", "Portsmouth"),
    ("kent-cs.test", "Kent", "Maidstone"),
    ("leeds-cs.test", "Leeds", "Leeds"),
    ("lambeth-cs.test", "Lambeth", "Brixton"),
    ("essex-cs.test", "Essex", "Chelmsford"),
    ("devon-cs.test", "Devon", "Exeter"),
]
RISK_WORDS = [
    "CSE",
    "county lines",
    "self-harm",
    "going missing",
    "cannabis use",
    "violence towards staff",
    "suicidal ideation",
]


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def synthetic_referral(i: int, run: str, rng: random.Random) -> bytes:
    domain, authority, area = rng.choice(AUTHORITIES)
    # Real pairs of initials: a random "NA" or "NK" would read as "not known".
    initials = rng.choice(["AK", "DM", "LW", "JB", "MR", "TS", "KP", "RH", "EC", "GW"])
    dob = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2009, 2012)}"
    sent = datetime.now(UTC)
    risks = ", ".join(rng.sample(RISK_WORDS, 3))
    return (
        f"From: Social Worker {i} <sw{i}@{domain}>\r\nTo: referrals@swcu.test\r\n"
        f"Subject: Secure welfare referral {initials}\r\n"
        f"Date: {sent:%a, %d %b %Y %H:%M:%S +0000}\r\n"
        f"Message-ID: <bench-{run}-{i}@{domain}>\r\nMIME-Version: 1.0\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\n"
        f"Placing authority: {authority}\r\nSocial worker: Social Worker {i}\r\n"
        f"Child initials: {initials}\r\nDate of birth: {dob}\r\n"
        f"Gender: {rng.choice(['Female', 'Male'])}\r\nHome area: {area}\r\n"
        f"Legal status: S25 interim order\r\nBed needed by: ASAP\r\n"
        f"Risks: {risks}\r\nNeeds: EHCP\r\n"
    ).encode()


def _server(tmp: Path, database_url: str | None) -> ServerProcess:
    url = database_url or f"sqlite:///{tmp / 'swcu.db'}"
    server = ServerProcess(tmp, url)
    server.swcu("homes", "import", str(REPO / "config" / "demo-homes.csv"))
    return server.start()


def bench_intake(messages: int, clients: int, database_url: str | None = None) -> dict[str, Any]:
    run = f"{time.time_ns()}"
    rng = random.Random(7)
    payloads = [synthetic_referral(i, run, rng) for i in range(messages)]
    with tempfile.TemporaryDirectory(prefix="swcu-bench-") as tmp:
        server = _server(Path(tmp), database_url)
        try:
            latencies: list[float] = []
            failures = 0
            lock = threading.Lock()
            chunks = [payloads[c::clients] for c in range(clients)]

            def client(chunk: list[bytes]) -> None:
                nonlocal failures
                with smtplib.SMTP("127.0.0.1", server.port, timeout=60) as smtp:
                    smtp.ehlo()
                    for raw in chunk:
                        smtp.mail("sw@hants-cs.test")
                        smtp.rcpt("referrals@swcu.test")
                        code, _, seconds = send_data(smtp, raw)
                        with lock:
                            latencies.append(seconds)
                            failures += code != 250

            started = time.perf_counter()
            with ThreadPoolExecutor(clients) as pool:
                list(pool.map(client, chunks))
            elapsed = time.perf_counter() - started
        finally:
            server.stop()
    return {
        "bench": "intake",
        "messages": messages,
        "clients": clients,
        "database": "postgresql" if database_url else "sqlite",
        "per_second": round(messages / elapsed, 1),
        "elapsed_s": round(elapsed, 3),
        "p50_ms": round(percentile(latencies, 50) * 1000, 2),
        "p95_ms": round(percentile(latencies, 95) * 1000, 2),
        "p99_ms": round(percentile(latencies, 99) * 1000, 2),
        "max_ms": round(max(latencies) * 1000, 2),
        "failures": failures,
    }


def bench_e2e(messages: int, database_url: str | None = None) -> dict[str, Any]:
    """End of DATA to the acknowledgement, and to the draft list, leaving the outbox."""
    from sqlmodel import col, select

    from bot.store.db import Database
    from bot.store.models import InboundEmail, OutboundMessage

    run = f"{time.time_ns()}"
    rng = random.Random(11)
    ends: dict[str, datetime] = {}
    with tempfile.TemporaryDirectory(prefix="swcu-bench-") as tmp:
        server = _server(Path(tmp), database_url)
        try:
            with smtplib.SMTP("127.0.0.1", server.port, timeout=60) as smtp:
                smtp.ehlo()
                for i in range(messages):
                    raw = synthetic_referral(i, run, rng)
                    smtp.mail("sw@hants-cs.test")
                    smtp.rcpt("referrals@swcu.test")
                    send_data(smtp, raw)
                    # the wall clock, since the server stamps sent_at with it
                    ends[f"<bench-{run}-{i}@"] = datetime.now(UTC)
                    time.sleep(0.05)  # a burst, not a flood: e2e is about latency
            db = Database(server.database_url)
            deadline = time.monotonic() + 60
            ack: list[float] = []
            lists: list[float] = []
            while time.monotonic() < deadline:
                with db.read_session() as s:
                    rows = s.exec(
                        select(
                            InboundEmail.message_id,
                            OutboundMessage.purpose,
                            OutboundMessage.sent_at,
                        )
                        .join(
                            OutboundMessage,
                            col(OutboundMessage.referral_id) == col(InboundEmail.referral_id),
                        )
                        .where(OutboundMessage.status == "sent")
                    ).all()
                ack, lists = [], []
                for mid, purpose, sent_at in rows:
                    end = next((t for k, t in ends.items() if mid.startswith(k)), None)
                    if end is None or sent_at is None:
                        continue
                    ms = max(0.0, (sent_at - end) / timedelta(milliseconds=1))
                    (ack if purpose == "ack" else lists if purpose == "draft_list" else []).append(
                        ms
                    )
                if len(ack) >= messages and len(lists) >= messages:
                    break
                time.sleep(0.2)
            db.dispose()
        finally:
            server.stop()
    return {
        "bench": "e2e",
        "messages": messages,
        "database": "postgresql" if database_url else "sqlite",
        "acks": len(ack),
        "lists": len(lists),
        "ack_p50_ms": round(percentile(ack, 50), 1),
        "ack_p95_ms": round(percentile(ack, 95), 1),
        "list_p50_ms": round(percentile(lists, 50), 1),
        "list_p95_ms": round(percentile(lists, 95), 1),
    }


def bench_match(homes: int, referrals: int, database_url: str | None = None) -> dict[str, Any]:
    """Rank N synthetic homes for one referral, M times, database reads included."""
    from bot.app import App
    from bot.bench_data import seed_homes_and_referrals
    from bot.services.matching import compute
    from bot.settings import load_settings
    from bot.store.models import Referral

    with tempfile.TemporaryDirectory(prefix="swcu-bench-") as tmp:
        url = database_url or f"sqlite:///{Path(tmp) / 'swcu.db'}"
        settings = load_settings(env={"SWCU_DATABASE_URL": url, "SWCU_STORE_DIR": tmp})
        app = App(settings)
        try:
            ids = seed_homes_and_referrals(app, homes, referrals)
            # The first match fills the caches of homes and vacancies; it is reported on
            # its own, since a running server pays it once, not per referral.
            cold_started = time.perf_counter()
            with app.db.read_session() as s:
                first = s.get(Referral, ids[0])
                assert first is not None
                compute(app, s, first)
            cold_ms = (time.perf_counter() - cold_started) * 1000
            times: list[float] = []
            ranked = 0
            for rid in ids:
                started = time.perf_counter()
                with app.db.read_session() as s:
                    row = s.get(Referral, rid)
                    assert row is not None
                    result = compute(app, s, row)
                times.append((time.perf_counter() - started) * 1000)
                ranked += len(result.ranked)
        finally:
            app.close()
    return {
        "bench": "match",
        "homes": homes,
        "referrals": referrals,
        "database": "postgresql" if database_url else "sqlite",
        "median_ms": round(statistics.median(times), 3),
        "p99_ms": round(percentile(times, 99), 3),
        "max_ms": round(max(times), 3),
        "cold_ms": round(cold_ms, 1),
        "mean_ranked": round(ranked / len(ids), 1),
    }


def bench_parse(folders: list[Path], rounds: int = 5) -> dict[str, Any]:
    """Milliseconds to parse one message (no store), over every .eml in `folders`:
    overall, and per kind of message (docx, pdf, html, plain) to show where it goes."""
    from bot.intake.parsing import ParseContext, parse_message
    from bot.reference.authorities import load_authorities
    from bot.store.homes import parse_homes_csv, to_home
    from bot.store.models import HomeRow

    homes_csv = (REPO / "config" / "demo-homes.csv").read_text()
    homes = [to_home(HomeRow(**row)) for row in parse_homes_csv(homes_csv)]  # type: ignore[arg-type]
    ctx = ParseContext(authorities=load_authorities(), homes=homes)
    messages = [p.read_bytes() for folder in folders for p in sorted(folder.glob("*.eml"))]
    kinds = [message_kind(raw) for raw in messages]
    for raw in messages:  # warm: lazy imports, compiled patterns, loaded vocabularies
        parse_message(raw, ctx)
    times: list[float] = []
    # CPU time of this process as well: on a shared machine wall time counts the other
    # processes' turns too, CPU time only ours, so it is the steadier figure under load.
    cpu: list[float] = []
    by_kind: dict[str, list[float]] = {k: [] for k in PARSE_KINDS}
    for _ in range(rounds):
        for raw, kind in zip(messages, kinds, strict=True):
            start, start_cpu = time.perf_counter(), time.process_time()
            parse_message(raw, ctx)
            elapsed = (time.perf_counter() - start) * 1000
            cpu.append((time.process_time() - start_cpu) * 1000)
            times.append(elapsed)
            by_kind[kind].append(elapsed)
    figures: dict[str, Any] = {
        "messages": len(messages),
        "rounds": rounds,
        "parse_p50_ms": round(percentile(times, 50), 3),
        "parse_p95_ms": round(percentile(times, 95), 3),
        "parse_max_ms": round(max(times, default=0.0), 3),
        "parse_cpu_p50_ms": round(percentile(cpu, 50), 3),
        "parse_cpu_p95_ms": round(percentile(cpu, 95), 3),
    }
    for kind, spent in by_kind.items():
        figures[f"{kind}_messages"] = len(spent) // rounds
        figures[f"{kind}_p50_ms"] = round(percentile(spent, 50), 3)
        figures[f"{kind}_p95_ms"] = round(percentile(spent, 95), 3)
    return figures


PARSE_KINDS = ("plain", "html", "docx", "pdf")


def message_kind(raw: bytes) -> str:
    """The costliest part a message carries: a Word or PDF attachment, else an HTML
    body, else plain text (the reader that dominates its parse time)."""
    import email
    import email.policy

    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    found = set()
    for part in msg.walk():
        ctype = part.get_content_type()
        name = (part.get_filename() or "").lower()
        if name.endswith(".docx") or "wordprocessingml" in ctype:
            found.add("docx")
        elif name.endswith(".pdf") or ctype == "application/pdf":
            found.add("pdf")
        elif ctype == "text/html":
            found.add("html")
    return next((k for k in ("docx", "pdf", "html") if k in found), "plain")
