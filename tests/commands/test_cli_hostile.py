"""Issue 8, item 10 and the CLI side of item 3: odd input gives one plain line, exit 2."""

from __future__ import annotations

import json
import socket
from pathlib import Path

from bot.hostile import surrogates
from tests.commands.conftest import Swcu, failed, read_rows, succeeded


def test_a_reference_with_a_newline_is_one_line(sqlite_homes_cli: Swcu) -> None:
    for command in ("match", "send"):
        line = failed(sqlite_homes_cli.run(command, "SWCU-2026-0001\nrm -rf"))
        assert "SWCU-2026-0001\\nrm -rf" in line


def test_send_with_homes_naming_nothing_is_an_error(sqlite_homes_cli: Swcu) -> None:
    line = failed(sqlite_homes_cli.run("send", "SWCU-2026-0001", "--homes", ",,,"))
    assert "--homes names no homes" in line


def test_serve_that_cannot_listen_says_only_that(sqlite_homes_cli: Swcu) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = sqlite_homes_cli.run("serve", "--smtp-listen", f"127.0.0.1:{port}")
    line = failed(result)
    assert "cannot listen" in line
    assert "alembic" not in result.stderr.lower() and "INFO" not in result.stderr


def test_a_database_in_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "folder" / "swcu.db"
    cli = Swcu(tmp_path, f"sqlite:///{missing}")
    for args in (("referrals",), ("db", "upgrade"), ("homes", "list")):
        assert "no such folder for the database" in failed(cli.run(*args))
    assert not (tmp_path / "no").exists()


def test_reading_commands_do_not_create_a_database(tmp_path: Path) -> None:
    path = tmp_path / "typo.db"
    cli = Swcu(tmp_path, f"sqlite:///{path}")
    assert "no database at" in failed(cli.run("referrals"))
    assert not path.exists()
    assert "newest schema" in succeeded(cli.run("db", "upgrade"))
    assert "0 referrals" in succeeded(cli.run("referrals"))


def test_ingest_and_parse_take_lone_surrogates(sqlite_homes_cli: Swcu, tmp_path: Path) -> None:
    eml = tmp_path / "utf7.eml"
    eml.write_bytes(surrogates("cli"))
    parsed = json.loads(succeeded(sqlite_homes_cli.run("parse", eml, "--json")))
    assert "\\ud800" in parsed["subject"]
    succeeded(sqlite_homes_cli.run("ingest", eml))
    [(disposition,)] = read_rows(sqlite_homes_cli, "SELECT disposition FROM inbound_email")
    assert disposition == "processed"
