"""`import_homes`: the first bad row stops the import, named by its line, nothing saved."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator

import pytest
from sqlmodel import select

from bot.harness import REPO
from bot.store import migrate
from bot.store.db import Database
from bot.store.homes import HomesFileError, import_homes
from bot.store.models import HomeRow

DEMO = (REPO / "config" / "demo-homes.csv").read_text(encoding="utf-8")
Row = dict[str, str]


def demo_rows() -> tuple[list[str], list[Row]]:
    reader = csv.DictReader(io.StringIO(DEMO))
    return list(reader.fieldnames or []), list(reader)


def csv_text(header: list[str], rows: list[Row]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def with_row(index: int, **changes: str) -> Callable[[list[Row]], list[Row]]:
    def change(rows: list[Row]) -> list[Row]:
        rows[index] = {**rows[index], **changes}
        return rows

    return change


@pytest.fixture
def db(sqlite_database_url: str) -> Iterator[Database]:
    database = Database(sqlite_database_url)
    migrate.upgrade(database)
    yield database
    database.dispose()


def test_demo_homes_import(db: Database) -> None:
    with db.session() as s:
        report = import_homes(s, DEMO)
    assert len(report.added) == 14 and report.lines()[-1] == "14 added, 0 changed, 0 unchanged"
    with db.session() as s:
        oak = s.exec(select(HomeRow).where(HomeRow.code == "OAK")).one()
    assert (oak.name, oak.min_age, oak.weekly_fee_gbp) == ("Oak Lodge", 10, 7900)
    assert oak.manages == "absconding;cse;self_harm;substance_misuse;suicide_risk"


# Line 1 is the header: the demo file's row index i is on line i + 2.
@pytest.mark.parametrize(
    ("change", "message"),
    [
        (with_row(1, manages="cse;arson"), "line 3: manages: unknown code 'arson'"),
        (with_row(0, cannot_manage="dragons"), "line 2: cannot_manage: unknown code 'dragons'"),
        (with_row(4, min_age="16", max_age="12"), "line 6: min_age is above max_age"),
        (with_row(13, latitude="95.2"), "line 15: latitude: 95.2 is outside"),
        (with_row(2, latitude="north"), "line 4: latitude: not a number: 'north'"),
        (with_row(3, welfare_beds="-1"), "line 5: welfare_beds: must not be negative"),
        (with_row(5, genders="girls"), "line 7: genders"),
        (
            lambda rows: [*rows, {**rows[0], "name": "Kestrel Too"}],
            "line 16: code KES appears twice",
        ),
        (lambda rows: [*rows, {**rows[1], "code": "oak"}], "line 16: code OAK appears twice"),
    ],
)
def test_bad_rows_are_refused_with_their_line(
    db: Database, change: Callable[[list[Row]], list[Row]], message: str
) -> None:
    header, rows = demo_rows()
    text = csv_text(header, change(rows))
    with pytest.raises(HomesFileError) as error, db.session() as s:
        import_homes(s, text)
    assert str(error.value).startswith(message), str(error.value)
    with db.session() as s:
        assert s.exec(select(HomeRow)).all() == []


def test_missing_column_is_refused(db: Database) -> None:
    header, rows = demo_rows()
    header.remove("ofsted")
    for r in rows:
        del r["ofsted"]
    with pytest.raises(HomesFileError, match="line 1: missing column 'ofsted'"), db.session() as s:
        import_homes(s, csv_text(header, rows))
