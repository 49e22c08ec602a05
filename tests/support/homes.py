"""The demo homes as the plain `Home` the rules take, read with the product's own CSV import."""

from __future__ import annotations

from pathlib import Path

from bot.domain.model import Home
from bot.store.homes import parse_homes_csv, to_home
from bot.store.models import HomeRow

DEMO_HOMES = Path(__file__).resolve().parents[2] / "config" / "demo-homes.csv"


def demo_homes() -> list[Home]:
    return [to_home(HomeRow(**row)) for row in parse_homes_csv(DEMO_HOMES.read_text())]  # type: ignore[arg-type]
