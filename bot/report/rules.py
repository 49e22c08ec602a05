"""The report's rules and words (config/report.toml): the KPI, the bands, the labels.

Loaded by the caller and handed to the figures, which read no file themselves.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.reference.authorities import CONFIG_DIR

REPORT_CONFIG = CONFIG_DIR / "report.toml"


@dataclass(frozen=True)
class ReportRules:
    target_pct: float = 85.0
    list_within_minutes: int = 120
    minutes_bins: tuple[int, ...] = (30, 60, 90, 120, 180, 240, 480)
    age_bands: tuple[tuple[int, int, str], ...] = ((0, 12, "Under 13"), (13, 120, "13 and over"))
    words: dict[str, dict[str, str]] = field(default_factory=dict)
    not_given: str = "Not given"

    def word(self, group: str, code: str | None) -> str:
        if code is None or code == "":
            return self.not_given
        return self.words.get(group, {}).get(code, code.replace("_", " ").capitalize())

    def age_band(self, age: int | None) -> str:
        if age is None:
            return self.not_given
        for low, high, label in self.age_bands:
            if low <= age <= high:
                return label
        return self.not_given

    def bin_labels(self) -> tuple[str, ...]:
        edges = (0, *self.minutes_bins)
        labels = [f"{lo}-{hi}" for lo, hi in zip(edges, edges[1:], strict=False)]
        return (*labels, f"over {self.minutes_bins[-1]}")

    def minutes_bin(self, minutes: float) -> str:
        labels = self.bin_labels()
        for edge, label in zip(self.minutes_bins, labels, strict=False):
            if minutes <= edge:
                return label
        return labels[-1]


def load_rules(path: Path | None = None) -> ReportRules:
    data: dict[str, Any] = tomllib.loads((path or REPORT_CONFIG).read_text(encoding="utf-8"))
    kpi = data.get("kpi", {})
    words = data.get("words", {})
    return ReportRules(
        target_pct=float(kpi.get("target_pct", 85)),
        list_within_minutes=int(kpi.get("list_within_minutes", 120)),
        minutes_bins=tuple(int(x) for x in data.get("minutes_bins", ReportRules.minutes_bins)),
        age_bands=tuple(
            (int(lo), int(hi), str(label))
            for lo, hi, label in data.get("age_bands", ReportRules.age_bands)
        ),
        words={k: dict(v) for k, v in words.items() if isinstance(v, dict)},
        not_given=str(words.get("not_given", "Not given")),
    )
