"""Label/value lines ("Date of birth: 14/02/2012", "D.O.B.<TAB>02.09.2010") to pairs.

A label is found by the shape of its line, not by a list: a short phrase before a
separator (":", a tab from a table cell, a dash, dotted leaders), a question ("Any known
risks? – none"), a label alone on its line with its value below, a numbered question, a
header row of a table above its row of values. Which field it names is label_words' job.
A value runs on to the following lines until the next label, a blank line or a sign-off.
A label-shaped line that names no field ends the value before it and becomes a warning
naming it: its words are never swallowed into another field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.intake.parsing import vocab
from bot.intake.parsing.avoid_words import sub_label_field
from bot.intake.parsing.label_words import (
    IGNORED,
    Resolution,
    compact,
    in_section,
    resolve_label,
)
from bot.intake.parsing.pipe_tables import unpipe
from bot.intake.parsing.ticks import has_boxes, list_field, may_have_ticks, run_end

_NUMBERING = re.compile(r"^\s*(?:\d{1,2}[.)]|[a-z][.)]|q\d+[.:)]?|[-*•>·])\s+", re.I)
# Strong separators: ":" (not inside a time), a table cell, dotted leaders, a question mark.
_SEPARATORS = re.compile(
    r"(?<!\d):(?!\d)|(?<=\d):(?!\d\d)|\t|\s*(?:\.{3,}|…+)\s*|\?\s*(?:[-–—:]\s*)?"
    r"|\s+[-–—]\s+|\s{2,}"
)
_RULE = re.compile(r"^\s*[=~_*#-]{3,}(?:[^=~_*#-].*?[=~_*#-]{3,})?\s*$")  # "==== EXTRACT ===="
_WEAK = re.compile(r"^(?:\s+[-–—]\s+|\s{2,})$")
_SIGN_OFF = re.compile(
    r"^(?:" + vocab.load_words().sign_off + r"|sent\s+from\s+my|yours)\b", re.I
)
# A form's section heading ("Section C – Legal", "YOUNG PERSON DETAILS") ends a value.
_HEADING = re.compile(
    r"^(?i:section|part|step)\s+[A-Z0-9]{1,3}\b|^[A-Z][A-Z&/'’-]+(?:\s+[A-Z&/'’-]+)+$"
)
_PERSON = re.compile(r"^[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,2},?$")
_LABEL_SHAPE = re.compile(r"^[A-Z][A-Za-z0-9 '’/&()*.-]*$")
_CONTACT = {"sw_phone", "sw_email"}
_AVOID_LISTS = {"avoid_homes", "avoid_areas"}
_TICK_LISTS = {"risks", "needs"}
_SPACE_OK = {"dob", "age", "sex", "gender", "initials", "ethnicity", "tel", "mob", "m", "t"}
MAX_LABEL = 60
_PROSE_WORDS = frozenset(
    "i we you he she they it will is are was were has have had can could would should "
    "please this that there been being include includes including".split()
)
_QUESTION_WORDS = frozenset("when what where which who how is are does do any has".split())


@dataclass(frozen=True)
class Pair:
    field: str
    label: str
    value: str
    how: str = "label"  # label | table


@dataclass
class Form:
    pairs: list[Pair] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Found:
    field: str | None  # None: a label that names no field (see `resolution`)
    label: str
    value: str
    strong: bool
    table: bool
    resolution: Resolution


def resolve(label: str, *, fuzzy: bool) -> str | None:
    """The field a label names, or None (ignored labels name none)."""
    found = resolve_label(label, fuzzy=fuzzy)
    return found.field if found.field != IGNORED else None


def _clean_label(text: str) -> str:
    # Case systems' exports write labels as CHILD_HOME_TOWN.
    return text.strip().strip("*_").strip().replace("_", " ")


def _find(line: str) -> Found | None:
    body = _NUMBERING.sub("", line, count=1).replace("**", "")
    previous: list[int] = []  # where earlier separators end: "Correction - Gender: male"
    for m in _SEPARATORS.finditer(body):
        left = _clean_label(body[: m.start()])
        sep = m.group(0)
        if left:
            strong = not _WEAK.match(sep)
            question = sep.lstrip().startswith("?")
            n_words = len(left.split())
            if n_words > (12 if question else 8) or len(left) > (90 if question else MAX_LABEL):
                break
            label = left + ("?" if question else "")
            value = body[m.end() :].strip(" \t:-–—")
            res = resolve_label(left, meaning=False, fuzzy=False)
            if strong or n_words <= 4 or res.field not in (None, IGNORED):
                if res.field is None and strong:
                    for start in previous:
                        tail = _clean_label(body[start : m.start()])
                        if len(tail.split()) <= 4:
                            tail_res = resolve_label(tail, meaning=False, fuzzy=False)
                            if tail_res.field not in (None, IGNORED):
                                return Found(
                                    tail_res.field, tail, value, True, sep == "\t", tail_res
                                )
                if res.field is None:
                    res = resolve_label(left, meaning=strong or n_words <= 3, fuzzy=strong)
                if res.field == IGNORED and not strong:
                    previous.append(m.end())
                    continue
                if not strong and res.how == "meaning" and _is_request(left):
                    # "Please avoid Moorside - her brother is there" is a sentence with a
                    # dash in it: its words name a field but it is not a label.
                    previous.append(m.end())
                    continue
                if res.field is not None or (strong and _looks_like_label(left, question)):
                    return Found(res.field, label, value, strong, sep == "\t", res)
        previous.append(m.end())
    return None


def _is_request(text: str) -> bool:
    return bool(_PROSE_WORDS.intersection(text.lower().split()))


def _looks_like_label(text: str, question: bool) -> bool:
    """A phrase written as a label: short, capitalised, no sentence punctuation."""
    if question:
        return len(text.split()) <= 12 and text[:1].isupper()
    return len(text.split()) <= 5 and bool(_LABEL_SHAPE.match(text)) and not text[-1:].isdigit()


def split_label(line: str) -> tuple[str, str, str] | None:
    """(field, label, value) when the line starts with a label naming a field."""
    found = _find(line)
    if found is not None and found.field not in (None, IGNORED):
        return found.field, found.label.rstrip("?"), found.value
    stripped = _NUMBERING.sub("", line, count=1).strip().strip("*").strip()
    if found is None and stripped:
        if (exact := _exact(stripped)) is not None:
            return exact, stripped, ""  # "Social Worker Email" is a label, not "Social Worker"
        spaced = None if _HEADING.match(stripped) else _space_separated(stripped)
        if spaced:
            return spaced
        alone = _alone(stripped)
        return (alone, stripped, "") if alone else None
    return None


def _exact(text: str) -> str | None:
    """The field a whole line names word for word (a listed label), or None."""
    if len(text) > 60:
        return None
    res = resolve_label(text.rstrip("?:"), meaning=False, fuzzy=False)
    return None if res.field in (None, IGNORED) else res.field


def _alone(text: str) -> str | None:
    """A label alone on its line (or a table row with an empty value cell)."""
    # Words without their punctuation: "Avoid Stoke please." is a request, not a label.
    words = [
        w.strip(".,!;") for w in text.lower().rstrip("?").split() if w not in ("/", "&", "-", "–")
    ]
    question = bool(words) and words[0] in _QUESTION_WORDS
    if len(text) > 60 or len(words) > (8 if question else 6) or any(c.isdigit() for c in text):
        return None
    if _PROSE_WORDS.intersection(words) and not question:
        return None  # "Social worker will call you later" is a sentence
    if text[:1].islower() and text.rstrip()[-1:] in ".!":
        # "... on 29th April for the / final hearing.": the tail of a wrapped sentence
        # (lower case, a full stop), not a label.
        return None
    # A heading ("Section C – Legal", "YOUNG PERSON DETAILS") is a label only if exactly one.
    by_meaning = len(words) >= 2 and not _HEADING.match(text)
    res = resolve_label(text, meaning=by_meaning, fuzzy=False)
    if res.field in (None, IGNORED):
        return None
    return res.field


def _space_separated(text: str) -> tuple[str, str, str] | None:
    """ "DOB 14/02/2012", "Date of birth 3rd March 2011": a label and a single space.

    Only for an exact label that is either a short form people use this way or several
    words long, and only when the value starts like a value (a digit or a capital), so
    prose such as "Social worker will call" is not read as a label.
    """
    if len(text) > 200:
        return None
    words = text.split(" ")
    for n in range(min(6, len(words) - 1), 0, -1):
        label, value = " ".join(words[:n]), " ".join(words[n:]).strip()
        if label[-1:] in ",;|" or not value:
            continue
        res = resolve_label(label, meaning=False, fuzzy=False)
        if res.field in (None, IGNORED):
            continue
        key = compact(label)
        if key in _SPACE_OK or (n >= 2 and (value[0].isdigit() or value[0].isupper())):
            return res.field, label, value
    return None


def _header_row(line: str, following: str | None) -> list[str] | None:
    """A table's header row of labels, when the next line holds as many values."""
    cells = line.split("\t")
    if len(cells) < 3 or following is None or len(following.split("\t")) != len(cells):
        return None
    fields = [resolve(c, fuzzy=False) if c.strip() else None for c in cells]
    if sum(f is not None for f in fields) < len(cells) - 1:
        return None
    if any(
        resolve_label(c, meaning=False, fuzzy=False).field not in (None, IGNORED)
        for c in following.split("\t")
    ):
        return None  # two rows of labels: a form, not a header
    return [f or "" for f in fields]


def read_form(lines: Iterable[str]) -> Form:
    form = Form()
    rows = [raw.rstrip() for raw in unpipe(lines)]
    ticks = may_have_ticks("\n".join(rows))  # most forms have no tick boxes at all
    current: list[str] | None = None
    name = label = how = ""
    signature = False
    colon = False  # the current label was written with ":" after it
    section: str | None = None  # the form's last section heading, for a bare "Name"

    def close() -> None:
        if current is not None:
            form.pairs.append(Pair(name, label, "\n".join(current).strip(), how))

    i = 0
    blanks = 0
    while i < len(rows):
        line = rows[i]
        i += 1
        if not line.strip():
            blanks += 1
            if blanks >= 2:
                signature = False  # a gap: what follows (an attachment's form) is not it
            # A blank line ends a value. Before the value it is spacing under a label alone on
            # its line; after "Label:" with nothing it leaves the field blank (a form's empty
            # answer), so the signature below is not read as its value.
            if current or (current == [] and colon):
                close()
                current = None
            continue
        blanks = 0
        if _HEADING.match(line.strip()):
            section = line.strip()
        if _RULE.match(line):  # a rule line ends a value, as a blank line does
            close()
            current = None
            continue
        if ticks and (end := _tick_run(rows, i - 1)) > i - 1:
            # Tick boxes ("[x] CSE", "☐ Self harm"): each line names a code, so none of
            # them is a label; the run is the value of the list it belongs to.
            run = [r.strip() for r in rows[i - 1 : end]]
            if current is not None and name in _TICK_LISTS:
                current.extend(run)
                i = end
                continue
            before = next((r for r in reversed(rows[: i - 1]) if r.strip()), None)
            if (listed := list_field(before, run)) is not None:
                close()
                current = None
                form.pairs.append(Pair(listed, (before or listed).strip()[:60], "\n".join(run)))
                i = end
                continue
        header = _header_row(line, rows[i] if i < len(rows) else None)
        if header is not None:
            close()
            current = None
            for f, cell, value in zip(header, line.split("\t"), rows[i].split("\t"), strict=True):
                if f and value.strip():
                    form.pairs.append(Pair(f, cell.strip(), value.strip(), "table"))
            i += 1
            continue
        found = _find(line)
        if found is not None and found.field is None:
            close()
            current = None
            if found.resolution.how == "ambiguous":
                form.warnings.append(
                    f"label '{found.label[:40]}' could name "
                    + " or ".join(found.resolution.candidates)
                    + ": its value was not read"
                )
            else:
                form.warnings.append(f"label not understood: '{found.label[:40]}' (not read)")
            continue
        if found is not None and found.field == IGNORED:
            close()
            current = None
            continue
        pair = split_label(line) if found is None else None
        if found is not None and found.field is not None:
            if signature and found.field not in _CONTACT and not found.strong:
                pair = None
            else:
                pair = (found.field, found.label.rstrip("?"), found.value)
                signature = signature and found.field in _CONTACT
        elif pair is not None and signature and pair[0] not in _CONTACT:
            pair = None
        elif pair is not None and not pair[2] and pair[0] == "sw_name" and current is None:
            before = rows[i - 2].strip() if i >= 2 else ""
            if _PERSON.match(before):
                # "Siân Prydderch" then "Social Worker": a signature's job title.
                signature = True
                pair = None
        if (
            pair is not None
            and found is None
            and not pair[2]
            and current == []
            and not colon
            and _exact(line.strip()) is None
        ):
            # A label alone on its line is waiting for its value: a next line that is a
            # label only by its words ("Surrey County Council" under "Placing Authority")
            # is that value.
            pair = None
        if pair is not None:
            close()
            name, label, value = pair
            name = in_section(name, label, section)
            how = "table" if found is not None and found.table else "label"
            colon = (
                found is not None
                and found.strong
                and not found.table
                and not found.label.endswith("?")
            )
            current = [value] if value else []
            continue
        if _SIGN_OFF.match(line.strip()) and len(line.split()) <= 5:
            close()
            current = None
            signature = True
            continue
        if _HEADING.match(line.strip()) and not (current == [] and "\t" not in line):
            close()
            current = None
            continue
        if current is not None and name in _AVOID_LISTS and (sub := sub_label_field(line)):
            # "Homes to avoid - none" then "Areas - Leeds": the second list, not more of
            # the first.
            close()
            name, label, how, colon = sub[0], line.split()[0], "label", False
            current = [sub[1]]
            continue
        if current is not None:
            current.append(line.strip())
    close()
    return form


def _tick_run(rows: list[str], start: int) -> int:
    """Where a run of tick-box lines from rows[start] ends (`start`: none). A label line
    with its boxes after it ("Risks: ☒ CSE ☐ CCE", "Gender: ☒ Female ☐ Male") is read as
    a label: its boxes answer its own question, not the list above it."""
    end = run_end(rows, start)
    if end == start:
        return start  # most lines: no boxes, and no second look for a label
    found = _find(rows[start])
    if found is not None and found.field not in (None, IGNORED) and not has_boxes(found.label):
        return start
    return end


def read_pairs(lines: Iterable[str]) -> list[Pair]:
    return read_form(lines).pairs
