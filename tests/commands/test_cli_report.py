"""`swcu report`, in-process through `main(argv)`: the interface's JSON, the files, and
errors in one line with exit status 2."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.commands.report import Progress
from bot.store import migrate
from bot.store.db import Database
from tests.report.seed import seed_scenario


@pytest.fixture
def swcu_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    url = f"sqlite:///{tmp_path / 'swcu.db'}"
    for key in ("SWCU_CONFIG",):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("SWCU_DATABASE_URL", url)
    monkeypatch.setenv("SWCU_STORE_DIR", str(tmp_path / "store"))
    db = Database(url)
    try:
        migrate.upgrade(db)
        with db.session() as s:
            seed_scenario(s)
    finally:
        db.dispose()
    return tmp_path


def test_report_json(swcu_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = swcu_env / "report"
    assert main(["report", "--month", "2026-10", "--out", str(out), "--json"]) == 0
    captured = capsys.readouterr()
    got = json.loads(captured.out)
    assert list(got) == [
        "month",
        "referrals",
        "complete",
        "lists_sent",
        "lists_within_2h",
        "lists_within_2h_pct",
        "median_minutes_to_list",
        "outcomes",
        "by_authority",
        "files",
    ]
    assert (got["month"], got["referrals"], got["lists_within_2h"]) == ("2026-10", 8, 4)
    assert got["by_authority"]["Hampshire"] == 3
    assert got["outcomes"] == {"placed": 1, "withdrawn": 2, "not_placed": 1, "open": 4}
    assert all(Path(p).is_file() and Path(p).parent == out for p in got["files"])
    # stderr is not a terminal here and the run is short: no progress lines.
    assert "Traceback" not in captured.err


def test_report_words(swcu_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--month", "2026-10", "--out", str(swcu_env / "r")]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("2026-10: 8 referrals, 7 complete, 4 lists within 2 h (57.1%)")


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--month", "2026-13"], ["month must be YYYY-MM", "2026-13"]),
        (["--month", "next"], ["month must be YYYY-MM"]),
        (["--month", "2999-01"], ["2999-01 has not begun"]),
        (["--month", "2026-10", "--out", "{file}/sub"], ["cannot create", "sub"]),
    ],
)
def test_report_errors(
    swcu_env: Path, capsys: pytest.CaptureFixture[str], argv: list[str], words: list[str]
) -> None:
    blocker = swcu_env / "a-file"
    blocker.write_text("not a directory")
    args = [a.replace("{file}", str(blocker)) for a in argv]
    if "--out" not in args:
        args += ["--out", str(swcu_env / "out")]
    assert main(["report", *args]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and err.startswith("swcu"), err
    for word in words:
        assert word in err


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_progress_on_a_terminal_at_once_elsewhere_only_when_slow() -> None:
    terminal, log, slow_log = _Stream(True), _Stream(False), _Stream(False)
    Progress(terminal)("reading")
    Progress(log)("reading")
    Progress(slow_log, after_s=-1.0)("drawing")
    assert terminal.getvalue().startswith("report: reading (")
    assert log.getvalue() == ""
    assert slow_log.getvalue().startswith("report: drawing (")
