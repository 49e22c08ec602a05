"""`swcu bench schedule`: `swcu schedule preview` for a year over the report bench's
seeded year (600 referrals, the 14 demo homes, daily vacancy reports): the service in
process (first run and the median of five) and the whole command as a subprocess."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any


def bench_schedule(database_url: str | None = None, days: int = 365) -> dict[str, Any]:
    from bot.app import App
    from bot.bench_report import NOW, seed_year
    from bot.services.schedule import preview
    from bot.settings import load_settings

    with tempfile.TemporaryDirectory(prefix="swcu-bench-") as tmp:
        url = database_url or f"sqlite:///{Path(tmp) / 'swcu.db'}"
        env = {"SWCU_DATABASE_URL": url, "SWCU_STORE_DIR": tmp}
        settings = load_settings(env=env)
        app = App(settings, clock=lambda: NOW)
        try:
            seed_year(app)
            start = NOW.date()
            times, count = [], 0
            for _ in range(6):
                began = time.perf_counter()
                count = len(preview(app.db, settings, start, days, NOW))
                times.append((time.perf_counter() - began) * 1000)
        finally:
            app.close()
        began = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "bot.cli", "schedule", "preview", "--from",
             date.today().isoformat(), "--days", str(days), "--json"],
            env={**_env(), **env}, check=True, capture_output=True,
        )
        command_ms = (time.perf_counter() - began) * 1000
    return {
        "bench": "schedule",
        "database": "postgresql" if database_url else "sqlite",
        "days": days,
        "occurrences": count,
        "preview_first_ms": round(times[0], 1),
        "preview_median_ms": round(statistics.median(times[1:]), 1),
        "command_ms": round(command_ms, 1),
    }


def _env() -> dict[str, str]:
    import os

    return dict(os.environ)
