"""Numbers written as words ("fourteen", "half five"): the words are config/number_words.csv."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

NUMBER_WORDS_CSV = Path(__file__).resolve().parents[3] / "config" / "number_words.csv"


@lru_cache(maxsize=2)
def number_words(path: Path = NUMBER_WORDS_CSV) -> dict[str, int]:
    with path.open(newline="", encoding="utf-8") as fh:
        return {row["word"].strip().lower(): int(row["number"]) for row in csv.DictReader(fh)}


def number(text: str) -> int | None:
    """ "14" or "fourteen" (or "twenty-one") to 14; None if it is not a number."""
    text = text.strip().lower()
    if text.isdigit():
        return int(text)
    words = number_words()
    if text in words:
        return words[text]
    head, _, tail = text.replace(" ", "-").partition("-")
    if tail and head in words and tail in words and words[head] % 10 == 0 and words[tail] < 10:
        return words[head] + words[tail]
    return None


def number_pattern(max_value: int = 20) -> str:
    """A regex alternation of the digits and number words up to `max_value`."""
    names = sorted(
        (w for w, n in number_words().items() if n <= max_value and " " not in w and len(w) > 2),
        key=len,
        reverse=True,
    )
    return r"(?:\d{1,2}|" + "|".join(names) + r")"
