"""Plain-text tables drawn with "|" borders read as label/value rows."""

from __future__ import annotations

from bot.intake.parsing import ParseContext, parse_message
from bot.intake.parsing.labels import read_pairs
from bot.intake.parsing.pipe_tables import unpipe

from .test_prose import email

TABLE = """\
+-----------+---------------------------+
| Sex       | M                         |
| Status    | Interim s25 order, review |
|           | in four weeks             |
| Risks     | CCE                       |
+-----------+---------------------------+
After the table."""


def test_rows_become_tab_cells_and_wrapped_rows_join() -> None:
    assert unpipe(TABLE.split("\n")) == [
        "",
        "Sex\tM",
        "Status\tInterim s25 order, review in four weeks",
        "Risks\tCCE",
        "",
        "After the table.",
    ]


def test_markdown_rows_and_separator() -> None:
    lines = ["| Item | Answer |", "|---|:---:|", "| DOB | 04/05/2012 |"]
    assert unpipe(lines) == ["Item\tAnswer", "", "DOB\t04/05/2012"]


def test_a_line_with_a_pipe_in_prose_is_left_alone() -> None:
    lines = ["Tel: 01234 567890 | Mob: 07700 900123"]
    assert unpipe(lines) == lines


def test_cells_are_read_as_labels_and_values() -> None:
    pairs = {p.field: p.value for p in read_pairs(TABLE.split("\n"))}
    assert pairs["gender"] == "M" and pairs["risks"] == "CCE"


def test_a_pipe_table_referral(fake_ctx: ParseContext) -> None:
    body = "| Initials | W.X. |\n| Gender | Female |\n| Legal status | remand |\n| Risks | CSE |\n"
    msg = parse_message(email(body), fake_ctx)
    assert msg.referral is not None
    assert msg.referral.child.gender == "female" and msg.referral.child.initials == "WX"
