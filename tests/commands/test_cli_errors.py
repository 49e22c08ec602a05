"""Errors: one line on stderr naming the problem, exit status 2, never a traceback.

Errors that need a stored referral or home are checked next to the commands they belong to
(test_cli_homes, test_cli_referrals, test_cli_match, …), on the database those tests build.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from tests.commands.conftest import Swcu, failed, succeeded


def test_bad_arguments_and_files(sqlite_cli: Swcu, tmp_path: Path) -> None:
    empty = tmp_path / "empty.eml"
    empty.write_bytes(b"")
    garbage = tmp_path / "garbage.eml"
    garbage.write_bytes(random.Random(2026).randbytes(4096) + b"\x00" * 64)

    cases: list[tuple[tuple[str, ...], list[str]]] = [
        (("frobnicate",), ["invalid choice: 'frobnicate'"]),
        (("parse",), ["parse", "required: file"]),
        (("vacancy", "set", "oak", "--beds", "many"), ["--beds", "invalid int value: 'many'"]),
        (("parse", str(tmp_path / "no-such.eml")), ["no such file", "no-such.eml"]),
        (("parse", str(empty)), ["empty.eml", "empty message"]),
    ]
    results = sqlite_cli.many(*[args for args, _ in cases], ("parse", str(garbage), "--json"))
    for (args, words), result in zip(cases, results, strict=False):
        line = failed(result)
        for word in words:
            assert word in line, (args, line)
    # Binary garbage is not an error: it is a message of an unknown kind.
    parsed = json.loads(succeeded(results[-1]))
    assert parsed["kind"] == "unknown"
    assert parsed["referral"] is None and parsed["vacancy"] is None
    # None of this created a database.
    assert not (sqlite_cli.root / "swcu.db").exists()


def test_bad_configuration_is_one_line_naming_the_setting(sqlite_cli: Swcu, tmp_path: Path) -> None:
    invalid = tmp_path / "invalid.toml"
    invalid.write_text('list_size = 5\nmail_domain = "swcu.test\n')
    unknown = tmp_path / "unknown.toml"
    unknown.write_text("list_size = 5\nlist_sise = 6\n")
    cases = [
        ({"SWCU_DATABASE_URL": "nonsense"}, ["SWCU_DATABASE_URL", "nonsense"]),
        ({"SWCU_CONFIG": str(invalid)}, ["SWCU_CONFIG", "invalid.toml", "TOML"]),
        ({"SWCU_CONFIG": str(unknown)}, ["list_sise", "unknown setting"]),
    ]
    for env, words in cases:
        line = failed(sqlite_cli.run("referrals", env=sqlite_cli.env(**env)))
        for word in words:
            assert word in line, (env, line)
    assert not (sqlite_cli.root / "swcu.db").exists()


def test_a_closed_pipe_ends_the_command_quietly(
    sqlite_cli: Swcu, capsys: pytest.CaptureFixture[str]
) -> None:
    """`swcu homes list | head`: the reader goes away; no "swcu: Broken pipe"."""
    import contextlib

    from bot.cli import main

    class ClosedPipe:
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self) -> None:
            raise BrokenPipeError(32, "Broken pipe")

    with contextlib.redirect_stdout(ClosedPipe()):  # type: ignore[type-var]
        code = main(["homes", "list"], env=sqlite_cli.env())
    assert code == 0
    assert capsys.readouterr().err == ""
