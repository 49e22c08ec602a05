"""`swcu bench hostile`: each attack of issue 8 against a real `swcu serve`, with a normal
referral sent while the attack is being read.

Per attack: the attack's own intake time (end of DATA to its answer) and code, and the
wait of the normal referral sent alongside; for the run, the peak resident memory of the
server process (VmHWM). Benchmarks print figures; they never fail anything."""

from __future__ import annotations

import smtplib
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bot.harness import REPO, ServerProcess, send_data
from bot.hostile import ATTACKS, normal_referral

# Sent this long after the attack's DATA starts: the attack is then being read or stored.
ALONGSIDE_AFTER_S = 0.05


def _send(port: int, raw: bytes) -> tuple[int, float]:
    """(code, seconds from the end of DATA to the answer); code 0 if the connection
    failed, with the seconds until it did."""
    started = time.perf_counter()
    try:
        with smtplib.SMTP("127.0.0.1", port, timeout=600) as smtp:
            smtp.ehlo()
            smtp.mail("duty.team@hants-cs.test")
            smtp.rcpt("referrals@swcu.test")
            code, _, seconds = send_data(smtp, raw)
            return code, seconds
    except (OSError, smtplib.SMTPException):
        return 0, time.perf_counter() - started


def peak_rss_mb(pid: int) -> float | None:
    """The process's peak resident set (VmHWM), Linux only."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def bench_hostile(database_url: str | None = None) -> dict[str, Any]:
    run = f"{time.time_ns()}"
    figures: dict[str, Any] = {
        "bench": "hostile",
        "database": "postgresql" if database_url else "sqlite",
    }
    with tempfile.TemporaryDirectory(prefix="swcu-bench-") as tmp:
        url = database_url or f"sqlite:///{Path(tmp) / 'swcu.db'}"
        server = ServerProcess(Path(tmp), url)
        server.swcu("homes", "import", str(REPO / "config" / "demo-homes.csv"))
        server.start()
        try:
            assert server.proc is not None
            _send(server.port, normal_referral(f"warm-{run}"))  # first-message costs aside
            for kind, make in ATTACKS.items():
                figures[kind] = _one(server.port, make(f"{kind}-{run}"), f"{kind}-{run}")
                # The peak so far: which attack raised it shows in the sequence.
                figures[kind]["peak_rss_mb_after"] = peak_rss_mb(server.proc.pid)
            figures["peak_rss_mb"] = peak_rss_mb(server.proc.pid)
        finally:
            server.stop()
    figures["worst_s"] = max(
        max(v["intake_s"], v["alongside_250_s"]) for v in figures.values() if isinstance(v, dict)
    )
    return figures


def _one(port: int, attack: bytes, tag: str) -> dict[str, Any]:
    started = threading.Event()

    def hostile() -> tuple[int, float]:
        started.set()
        return _send(port, attack)

    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(hostile)
        started.wait()
        time.sleep(ALONGSIDE_AFTER_S)
        code, alongside = _send(port, normal_referral(f"alongside-{tag}"))
        attack_code, intake = future.result()
    return {
        "bytes": len(attack),
        "code": attack_code,
        "intake_s": round(intake, 3),
        "alongside_code": code,
        "alongside_250_s": round(alongside, 3),
    }
