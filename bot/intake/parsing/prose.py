"""Fields read from sentences when no label gives them ("a fourteen-year-old girl from
Luton; the court granted an interim secure order today; we need somewhere by 6pm").

Each reader looks only at the sentences that can carry its field (a legal status only in a
sentence about an order, a court or a remand; a needed-by moment only in a sentence about
needing a bed), so words about something else are not read as the field. The caller marks
every field found here as read from prose, with a warning an officer can check.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

from bot.intake.parsing import boilerplate, status, vocab
from bot.intake.parsing.dates import When, london_day, on_hearing_day, parse_when
from bot.intake.parsing.numbers import number, number_pattern
from bot.intake.parsing.people import PHONE

_I = re.I
_NUM = number_pattern(19)
_SENTENCE = re.compile(r"(?<=[.!?;])\s+")
_AGE = re.compile(
    rf"\b({_NUM})[\s-]*(?:years?|yrs?)[\s-]*old\b|\baged\s+({_NUM})\b|\b({_NUM})\s*y/?o\b"
    rf"|\bage\s+({_NUM})\b"
    # "a young woman, initials C.R., who is seventeen": the number ends the clause.
    rf"|\b(?:who|she|he)(?:\s+is|['’]s)\s+({_NUM})\s*(?=[.,;)]|$|\s+(?:and|but)\b)",
    _I,
)
MIN_AGE, MAX_AGE = 8, 17  # ages a secure children's home could be asked about

_FEMALE_NOUN = re.compile(r"\b(?:girl|young\s+woman|daughter|female|young\s+lady)\b", _I)
_MALE_NOUN = re.compile(r"\b(?:boy|lad|young\s+man|son|male)\b", _I)
_NON_BINARY = re.compile(r"\b(?:non[\s-]*binary|they/them|gender\s*fluid|agender)\b", _I)
_SHE = re.compile(r"\b(?:she|her|herself)\b", _I)
_HE = re.compile(r"\b(?:he|him|his|himself)\b", _I)

# "R.W." standing for a person; "initials XX" / "for XX," in capitals.
_DOTTED = re.compile(r"(?<![\w.])([A-Z])\.\s?([A-Z])\.(?:\s?([A-Z])\.)?(?![\w.])")
_NAMED = re.compile(
    # "The young person is TB": the noun, then "is"/"was", names them too.
    r"\b(?:initials|yp|young\s+person|child|referring|referral\s+for|for|re)"
    r"(?:\s*[:,]?|\s+(?:is|was))\s+([A-Z]{2,3})\b(?![.'’-]?\w)"
    # A sentence that opens with them as its subject: "RW (lad, 15) was remanded".
    r"|^([A-Z]{2,3})\s+(?:\(|(?:is|was|has|had|will|who|came|went)\b)"
)
# Capitals followed at once by the child's particulars, as a note in fragments writes them:
# "JR - male - 15", "CM dob 04/04/2010", "KL, D.O.B. 1/2/2011", "TS (14) female".
_BEFORE_PARTICULARS = re.compile(
    r"(?<![\w.])([A-Z]{2,3})\s*[,:;(–—-]?\s*(?:"
    r"d\.?\s?o\.?\s?b\b|born\b|(?:fe)?male\b|boy\b|girl\b|aged?\s+\d|"
    r"\d{1,2}\s*(?:yo|y/o|yrs?|years?)\b|\d{1,2}\s*\)|\d{1,2}\s*[mf]\b|\d{1,2}\s*[,–—-]\s*(?:fe)?male\b)",
    _I,
)
_NOT_INITIALS = frozenset(
    "UK US EU GP NB PS LA SW YP CYP CSE CCE NHS DFE SOS SAO DTO EDT YOT YOI CAMHS EHCP ASD "
    "ADHD SEN SEMH ISAO AM PM OK RE FW FWD MASH CIC CP LAC DOB".split()
)

_LEGAL_ANCHOR = re.compile(
    r"\b(?:s\.?\s*25|section\s*25|secure\s+(?:accommodation|order)|secure\s+\w+\s+order|"
    r"remand\w*|sentenced?|dto|detention\s+and\s+training|72[\s-]*hours?|reg(?:ulation)?\.?\s*10|"
    r"i?sao|interim\s+(?:order|basis)|court\s+(?:granted|made|ordered)|judge\s+granted)\b",
    _I,
)
_HEARING = re.compile(
    r"\b(?:hearing|listed|back\s+(?:in|at)\s+court|return(?:s|ing)?\s+to\s+court|"
    r"(?:be|being)\s+heard|in\s+court\s+on|court\s+on|return\s+date|"
    # "the matter returns on the tenth of April": the case comes back before the court.
    r"(?:matter|case|application)\s+(?:is\s+)?return(?:s|ing)\s+on|"
    r"(?:in\s+front\s+of|before)\s+the\s+(?:judge|court|magistrates)|"
    # Welsh: "gwrandawiad" (a hearing), "gwrandawiad llys" (a court hearing).
    r"gwrandawiad)\b",
    _I,
)
# "I wanted to flag her with you now" is the writer's wish, not the bed's: "wanted to"
# is not a need word ("a bed is wanted tonight" still is).
_NEED = re.compile(
    r"\b(?:need(?:ed|s)?|require[ds]?|requirement|looking\s+for|wanted(?!\s+to\b)|asap|urgent(?:ly)?|"
    r"as\s+soon\s+as\s+possible|straight\s+away|immediately|bed\s+(?:for|by|from|tonight))\b",
    _I,
)


_DOB = re.compile(
    r"\b(?:date\s+of\s+birth|d\.?o\.?b\.?|born(?:\s+on)?|birthday)\b\W{0,3}(?:is\s+|was\s+|:\s*)?",
    _I,
)
_PLACE = r"([A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’-]+|upon|on|under|le|in)){0,3})"
_HOME = re.compile(
    r"\b(?:lives?|living|resides?|residing|based|home\s+is)\s+(?:with\s+\w+(?:\s+\w+)?\s+)?"
    r"(?:in|at)\s+"
    + _PLACE
    # "J.'s home area is Barnstaple", "her home address is in Bideford".
    + r"|\bhome\s+(?:area|address|town)\s+is\s+(?:in\s+)?"
    + _PLACE
    + r"|\b(?:girl|boy|lad|young\s+(?:man|woman|person)|child|year[\s-]old)\s+from\s+"
    + _PLACE
    # "from Scarborough (home area)": the place marked as the home area in brackets.
    + r"|\b" + _PLACE + r"\s*\((?:(?:her|his|their)\s+)?home(?:\s+(?:area|town))?\)"
)
# Case-sensitive on the names: only the verbs ignore case, so "Severn Ldg, as members of"
# stops at the name ("as" is not a place). "anywhere near Stockport" names Stockport.
# "please not Elm Bank", "pls nowhere near Derby", "keep her away from Hull" ask the same.
_AVOID = re.compile(
    r"\b(?i:avoid(?:ing)?|(?:do\s+not|don['’]t|not\s+to|please\s+not)\s+(?:approach|use|"
    r"consider|place\s+(?:her|him|them)\s+(?:anywhere\s+)?(?:in|at|near))|(?:please|pls|plz)\s+(?:not|nothing)|"
    r"nowhere(?=\s+(?:in|near|around|close\s+to)\s)|"
    r"(?:keep|keeping|stay|staying)\s+(?:(?:her|him|them)\s+)?(?:well\s+)?away\s+from)\s*:?\s+"
    r"(?i:(?:anywhere|anything|somewhere|any\s+homes?|homes?|areas?|placements?)\s+)?"
    r"(?i:(?:in|near|around|close\s+to)\s+)?(?i:the\s+)?"
    + _PLACE.replace("{0,3}", "{0,2}")
    + r"((?:\s*(?:,|and|or)\s*"
    + _PLACE.replace("(", "(?:", 1).replace("{0,3}", "{0,2}")
    + r")*)"
)


# A line break before a capital starts a new "sentence" (label lines, a signature), unless
# the line before is hard-wrapped prose: one ending on a word no sentence or list item ends
# with ("... will be heard on / Monday 30 March"), or a long line with no label in it and
# no closing punctuation ("The hearing is at Swansea Civil / Justice Centre tomorrow").
_WRAP_WIDTH = 60
_OPEN_END = re.compile(
    r"\b(?:on|at|the|a|an|of|to|by|for|from|in|into|with|and|or|but|is|are|was|were|be|"
    r"been|will|would|has|have|had|that|which|who|this|his|her|their|our|my|your)$"
)
_LABEL_START = re.compile(r"^[^:\t]{1,40}:|\t")


def _wrapped(line: str) -> bool:
    """The line is cut mid-sentence by the sender's line wrapping."""
    end = line.rstrip()
    if not end or end[-1] in ".!?;:,":
        return False
    if _OPEN_END.search(end):
        return True
    return len(end) >= _WRAP_WIDTH and not _LABEL_START.search(end)


def _unwrap(paragraph: str) -> list[str]:
    """The paragraph's pieces between line breaks that begin a new line of their own."""
    pieces: list[str] = []
    for line in paragraph.split("\n"):
        bullet = re.match(r"\s*[•*-]", line)  # a list item always starts afresh
        starts = bullet or re.match(r"\s*[A-Z]", line)
        if pieces and (not starts or (not bullet and _wrapped(pieces[-1].split("\n")[-1]))):
            pieces[-1] += "\n" + line
        else:
            pieces.append(line)
    return pieces


def sentences(text: str) -> list[str]:
    """The text's sentences, without notice paragraphs (see boilerplate.py)."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if not boilerplate.is_notice(p)]
    out: list[str] = []
    for paragraph in paragraphs:
        for piece in _unwrap(paragraph):
            out.extend(s.strip() for s in _SENTENCE.split(piece) if s and s.strip())
    return out


def age(parts: list[str]) -> int | None:
    """A child's age ("a sixteen year old lad", "aged fifteen"); adults' ages do not count."""
    for sentence in parts:
        for m in _AGE.finditer(sentence):
            value = number(next(g for g in m.groups() if g))
            if value is not None and MIN_AGE <= value <= MAX_AGE:
                return value
    return None


def gender(parts: list[str], *, pronouns: bool = True) -> str | None:
    """From the nouns first ("girl", "young man"), else from the pronouns, if one way only."""
    text = "\n".join(parts)
    if _NON_BINARY.search(text):
        return "non_binary"
    female, male = _FEMALE_NOUN.search(text), _MALE_NOUN.search(text)
    if female and not male:
        return "female"
    if male and not female:
        return "male"
    if female and male:
        return "female" if female.start() < male.start() else "male"
    if not pronouns:
        return None
    she, he = len(_SHE.findall(text)), len(_HE.findall(text))
    if she > 2 * he:
        return "female"
    if he > 2 * she:
        return "male"
    return None


def initials(parts: list[str]) -> str | None:
    for sentence in parts:
        for m in _DOTTED.finditer(sentence):
            letters = "".join(g for g in m.groups() if g)
            if letters not in _NOT_INITIALS:
                return letters
    for sentence in parts:
        for m in _NAMED.finditer(sentence):
            letters = m.group(1) or m.group(2)
            if letters not in _NOT_INITIALS:
                return letters
    for sentence in parts:
        for m in _BEFORE_PARTICULARS.finditer(sentence):
            # The capitals are case-sensitive even though the particulars are not.
            if m.group(1).isupper() and m.group(1) not in _NOT_INITIALS:
                return m.group(1)
    return None


def legal_status(parts: list[str]) -> str | None:
    anchored = [s for s in parts if _LEGAL_ANCHOR.search(s)]
    return status.legal_status(" ".join(anchored)) if anchored else None


def court_date(parts: list[str], sent_at: datetime) -> datetime | None:
    for sentence in parts:
        # The date follows a hearing word ("listed for 29/04"), or comes before it in the
        # same sentence ("back before the judge on 29th April for the final hearing").
        # A past day ("order made at court on Friday 20/11, next hearing 04/12") is the
        # last hearing: a later hearing word may name the next.
        starts = [m.start() for m in _HEARING.finditer(sentence)]
        for words in [*(sentence[n:] for n in starts), *([sentence] if starts else [])]:
            when, _warning = parse_when(words, sent_at)
            if when is not None and not when.now and when.at is not None:
                if london_day(when.at) >= london_day(sent_at):
                    return when.at
    return None


_BED_WORDS = re.compile(r"\b(?:beds?|placements?|somewhere|space|secure\s+home)\b", _I)


def needed(parts: list[str], sent_at: datetime, hearing: datetime | None = None) -> When | None:
    # Sentences about a bed first: "if you need anything urgently" in a covering note is
    # not when the bed is needed when "we need a placement first thing tomorrow" follows.
    about_bed = [s for s in parts if _BED_WORDS.search(s)]
    for sentence in [*about_bed, *(s for s in parts if s not in about_bed)]:
        m = _NEED.search(sentence)
        if m is None:
            continue
        # The moment follows the need ("we need somewhere by 6pm"), or the need word is it.
        when, _warning = parse_when(sentence[m.start() :], sent_at)
        when = on_hearing_day(sentence, when, hearing)
        # A day before the email ("we need a bed for a boy born 14 October 2013") is not
        # when the bed is needed: the next sentence may say.
        if when is not None and (when.at is None or london_day(when.at) >= london_day(sent_at)):
            return when
    return None


def codes(parts: list[str], reader: str) -> list[str] | None:
    """Risk or need codes named in the sentences (unrecognised words are just prose)."""
    read = vocab.risks if reader == "risks" else vocab.needs
    hint = _any_word(reader)
    # A sentence's line break before a lower-case word is wrapping ("No drugs\nor alcohol"):
    # read as one line, so a negation reaches every word it governs.
    named = [_UNWRAP.sub(" ", s) for s in parts if hint.search(s)]  # most sentences name none
    got, _unknown = read("\n".join(named)) if named else (None, [])
    if got:
        return sorted(got)
    # "No known health needs", "no health or education needs have been identified".
    return [] if any(_NONE_STATED[reader].search(s) for s in parts) else None


_UNWRAP = re.compile(r"\n(?=[a-z])")
_NONE_QUALIFIER = (
    r"\bno\s+(?:(?:known|identified|other|particular|specific|additional|current|health|"
    r"education(?:al)?|medical|or|and)\s+|/\s*)*"
)
_NONE_STATED = {
    "needs": re.compile(_NONE_QUALIFIER + r"needs\b", _I),
    "risks": re.compile(
        _NONE_QUALIFIER + r"(?:risks|concerns)\b(?!\s+(?:about|around|regarding|over|with)\b)", _I
    ),
}


@lru_cache(maxsize=2)
def _any_word(reader: str) -> re.Pattern[str]:
    table = vocab.table_for(reader)
    return re.compile("|".join(f"(?:{p.pattern})" for _, p in table), _I)


def phone(text: str) -> str | None:
    """The first telephone number written (a signature's, usually)."""
    for paragraph in re.split(r"\n\s*\n", boilerplate.without_notices(text)):
        m = PHONE.search(paragraph)
        if m:
            return " ".join(m.group(0).split())
    return None


def date_of_birth_text(parts: list[str]) -> str | None:
    """The words after "date of birth is"/"born on", for the date reader."""
    for n, sentence in enumerate(parts):
        m = _DOB.search(sentence)
        if m:
            after = sentence[m.end() : m.end() + 40]
            if not after.strip() and n + 1 < len(parts):
                # "D.O.B. 02/02/2011": the dots of the label ended the "sentence".
                after = parts[n + 1][:40]
            return after
    return None


# The census groups as written in a sentence ("She is White British", "of White British
# heritage"): capitalised, after "is"/"of", so "white" in other senses is not read.
_GROUP = (
    r"(?:White|Black|Asian|Mixed|British|Irish|Pakistani|Indian|Bangladeshi|Chinese|Arab|"
    r"African|Caribbean|Gypsy|Roma|Traveller|Other|and|or|of|Heritage|Race)"
)
_ETHNICITY = re.compile(
    r"\b(?i:is|of|as)\s+((?:White|Black|Asian|Mixed|British|Irish)(?:\s+" + _GROUP + r")*)"
    r"(?=\s+(?i:heritage|background|ethnicity|origin)\b|\s*[.,;]|\s*$)"
)


def ethnicity(parts: list[str]) -> str | None:
    for sentence in parts:
        m = _ETHNICITY.search(sentence)
        if m and len(m.group(1).split()) >= 2:  # "White British", not a lone "British"
            return m.group(1)
    return None


_ORGANISATION = re.compile(r"\b(?:council|borough|county|authority|trust|services|team)\b", _I)


def home_area(parts: list[str]) -> str | None:
    """Where the child lives ("lives with her nan in Wythenshawe") before where they are
    from; "a young person from Manchester City Council" names the council, not a place."""
    found: list[tuple[int, str]] = []
    for sentence in parts:
        for m in _HOME.finditer(sentence):
            lives, came_from = m.group(1) or m.group(2) or m.group(4), m.group(3)
            place = lives or came_from
            if place and not _ORGANISATION.search(place):
                found.append((0 if lives else 1, place))
    return min(found, key=lambda f: f[0])[1] if found else None


# Said of a home only (a town is not "gone back to"): "would rather she wasn't placed at
# X", "should not go back to X", "must not return to X"; or the home where a placement
# broke down. A name here counts only if it is one of the homes (prose_fields checks).
_NOT_BACK = re.compile(
    r"\b(?i:(?:rather|prefer(?:red)?)\s+(?:that\s+)?(?:she|he|they|\w+)\s+"
    r"(?:wasn['’]t|weren['’]t|was\s+not|were\s+not|isn['’]t|is\s+not|not\s+be|did\s+not|"
    r"didn['’]t)\s+(?:be\s+)?(?:placed|go(?:ing)?|return(?:ed)?|sent)\s+(?:back\s+)?(?:at|to|in)|"
    r"(?:should|must|can|could|would|will)\s*(?:not|n['’]t)\s+(?:be\s+)?(?:placed|go|return|"
    r"be\s+sent|be\s+moved)\s+(?:back\s+)?(?:to|at|in)|"
    r"(?:not|never)\s+(?:be\s+)?(?:go(?:ing)?|return(?:ed|ing)?|sent|moved)\s+back\s+(?:to|at))"
    r"\s+(?i:the\s+)?" + _PLACE.replace("{0,3}", "{0,2}")
)
_BROKE_DOWN = re.compile(
    r"\b(?:broke\s+down|break\s*down|ended\s+(?:very\s+)?(?:badly|poorly|in\s+crisis)|"
    r"disrupted)\b",
    _I,
)
_PLACED_AT = re.compile(
    r"\b(?i:(?:placed|placement|stayed|was|lived)\s+(?:at|in))\s+(?i:the\s+)?"
    + _PLACE.replace("{0,3}", "{0,2}")
)


def avoided_homes(parts: list[str]) -> str | None:
    """Names the writer says the child must not go (back) to, or where a placement broke
    down: candidates for homes to avoid, each to be checked against the homes."""
    names: list[str] = []
    for sentence in parts:
        names.extend(m.group(1) for m in _NOT_BACK.finditer(sentence))
        if _BROKE_DOWN.search(sentence):
            names.extend(m.group(1) for m in _PLACED_AT.finditer(sentence))
    return "\n".join(names) or None


def avoided(parts: list[str]) -> str | None:
    """What the writer asks us to avoid ("Please avoid Southend", "don't approach Severn
    Ldg"): the capitalised names only, as an "Avoid:" answer would list them."""
    names: list[str] = []
    for sentence in parts:
        for m in _AVOID.finditer(sentence):
            names.append(m.group(1))
            if m.group(2):
                names.extend(p for p in re.split(r"\s*(?:,|\band\b|\bor\b)\s*", m.group(2)) if p)
    return "\n".join(names) or None
