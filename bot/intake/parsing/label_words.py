"""Which field a label names: the vocabulary of config/labels.toml.

Three steps, each only when the one before found nothing: the label as written (case,
punctuation and spaces dropped), the words that carry its meaning ("bed" + "required"
→ needed_by), then rapidfuzz for spelling, with a margin between the best field and the
next. An answer the steps cannot tell apart is "ambiguous", never a guess.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

LABELS_TOML = Path(__file__).resolve().parents[3] / "config" / "labels.toml"
IGNORED = "ignored"  # a known label that names nothing the unit records

FUZZY_CUTOFF = 88.0
FUZZY_MARGIN = 6.0
MIN_FUZZY_KEY = 6

_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")


@dataclass(frozen=True)
class Resolution:
    field: str | None  # a field name, IGNORED, or None
    how: str  # exact | meaning | fuzzy | ambiguous | none
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    exact: dict[str, str]  # compact label -> field (or IGNORED)
    rules: tuple[tuple[str, tuple[frozenset[str], ...]], ...]  # (field, groups)
    abbreviations: dict[str, str]  # short form of a label word -> the word


def compact(label: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", label.lower().replace("'s", "s").replace("’s", "s"))


def words(label: str) -> set[str]:
    text = label.lower().replace("'s", "").replace("’s", "")
    text = re.sub(r"\b([a-z])\.(?=[a-z]\.)", r"\1", text)  # "d.o.b." -> "dob."
    return set(re.findall(r"[a-z0-9]+", text.replace(".", "")))


@lru_cache(maxsize=4)
def load_vocabulary(path: Path = LABELS_TOML) -> Vocabulary:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    exact: dict[str, str] = {}
    rules: list[tuple[str, tuple[frozenset[str], ...]]] = []
    for name, spec in data.get("fields", {}).items():
        for label in spec.get("labels", []):
            exact.setdefault(compact(label), name)
        for rule in spec.get("meaning", []):
            groups = tuple(
                frozenset(w.strip().lower() for w in group.split("|") if w.strip())
                for group in rule.split("+")
            )
            rules.append((name, groups))
    for label in data.get("ignored", {}).get("labels", []):
        exact.setdefault(compact(label), IGNORED)
    abbreviations = {
        k.lower(): str(v).lower() for k, v in data.get("abbreviations", {}).items()
    }
    return Vocabulary(exact, tuple(rules), abbreviations)


def _expanded(text: str, vocab: Vocabulary) -> str | None:
    """The label with its short words written out ("YP inits" -> "yp initials"), or None
    when it has none."""
    parts = re.findall(r"[A-Za-z0-9]+|[^A-Za-z0-9]+", text)
    out = [vocab.abbreviations.get(p.lower(), p) for p in parts]
    return "".join(out) if out != parts else None


def resolve_label(label: str, *, meaning: bool = True, fuzzy: bool = True) -> Resolution:
    """The field a label names (see the module docstring for the steps)."""
    return _resolve(label, meaning, fuzzy)


# Forms repeat their labels from one message to the next: remembering the answers keeps
# the label finder cheap on the intake path.
@lru_cache(maxsize=8192)
def _resolve(label: str, meaning: bool, fuzzy: bool) -> Resolution:
    vocab = load_vocabulary()
    text = label.strip().strip("*").strip()
    if not text or len(text) > 80:
        return Resolution(None, "none")
    bare = _PAREN.sub(" ", text)
    longer = _expanded(bare, vocab)
    for key in (compact(text), compact(bare), compact(longer or "")):
        if key in vocab.exact:
            return Resolution(vocab.exact[key], "exact")
    bare = longer or bare
    if meaning:
        found = _by_meaning(bare, vocab)
        if found.how != "none":
            return found
    key = compact(bare)
    if fuzzy and len(key) >= MIN_FUZZY_KEY:
        return _by_spelling(key, vocab)
    return Resolution(None, "none")


def _by_meaning(label: str, vocab: Vocabulary) -> Resolution:
    present = words(label)
    best: dict[str, int] = {}
    for name, groups in vocab.rules:
        if all(group & present for group in groups):
            best[name] = max(best.get(name, 0), len(groups))
    if not best:
        return Resolution(None, "none")
    top = max(best.values())
    fields = tuple(sorted(n for n, g in best.items() if g == top))
    if fields == ("avoid_areas", "avoid_homes"):
        # "Homes or places to exclude" names both: the one "Avoid:" answer sorts the homes
        # it names from the places.
        return Resolution("avoid", "meaning")
    if len(fields) > 1:
        return Resolution(None, "ambiguous", fields)
    return Resolution(fields[0], "meaning")


def _by_spelling(key: str, vocab: Vocabulary) -> Resolution:
    scored = process.extract(key, list(vocab.exact), scorer=fuzz.ratio, limit=8)
    if not scored or scored[0][1] < FUZZY_CUTOFF:
        return Resolution(None, "none")
    best_field = vocab.exact[scored[0][0]]
    rival = next((s for k, s, _ in scored if vocab.exact[k] != best_field), 0.0)
    if scored[0][1] - rival < FUZZY_MARGIN:
        rivals = tuple(
            sorted({vocab.exact[k] for k, s, _ in scored if scored[0][1] - s < FUZZY_MARGIN})
        )
        return Resolution(None, "ambiguous", rivals)
    return Resolution(best_field, "fuzzy")


# A form's sections about the person referring ("Section A - Referrer", "YOUR DETAILS",
# "Social worker details"): a bare "Name" there is theirs, not the child's.
_WORKER_SECTION = re.compile(
    r"\b(?:referrer|referring|social\s+worker|worker|practitioner|professional|"
    r"your\s+details|contact\s+details|completed\s+by)\b",
    re.I,
)
_BARE_NAME = frozenset({"name", "fullname", "fullnames"})


def in_section(field: str, label: str, heading: str | None) -> str:
    """The field of `label` read under the section `heading`: only a bare "Name" changes,
    which a form uses for whoever the section is about."""
    if field == "initials" and heading and compact(label) in _BARE_NAME:
        if _WORKER_SECTION.search(heading):
            return "sw_name"
    return field
