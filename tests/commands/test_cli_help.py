"""Every command takes --help: exit 0 and a usage line, for `swcu` and each subcommand."""

from __future__ import annotations

import argparse

import pytest

from bot.cli import build_parser, main
from tests.commands.conftest import Swcu, succeeded


def command_paths() -> list[tuple[str, ...]]:
    """Every command and sub-action, from the real parser (so a new one is covered)."""

    def walk(parser: argparse.ArgumentParser, prefix: tuple[str, ...]) -> list[tuple[str, ...]]:
        out = [prefix]
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, child in action.choices.items():
                    out += walk(child, (*prefix, name))
        return out

    return walk(build_parser(), ())


def test_the_documented_commands_exist() -> None:
    paths = set(command_paths())
    for documented in [
        ("serve",),
        ("parse",),
        ("ingest",),
        ("homes", "import"),
        ("homes", "list"),
        ("vacancy", "set"),
        ("vacancy", "list"),
        ("referrals",),
        ("match",),
        ("send",),
        ("consult",),
        ("outcome",),
        ("quarantine", "list"),
        ("quarantine", "release"),
        ("bench",),
        ("db", "upgrade"),
    ]:
        assert documented in paths, documented


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p) or "swcu")
def test_help_in_process(path: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    """Each subcommand's --help through the real `main` (a child process per command would
    cost a second each; the child-process runs below prove the entry point)."""
    with pytest.raises(SystemExit) as exit_:
        main([*path, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr()
    assert out.out.startswith(f"usage: swcu {' '.join(path)}".rstrip()), out.out[:200]
    assert out.err == ""


def test_help_as_a_command(sqlite_cli: Swcu) -> None:
    out = succeeded(sqlite_cli.run("--help"))
    assert out.startswith("usage: swcu")
    for name in ("parse", "ingest", "referrals", "match", "send", "vacancy", "homes"):
        assert name in out
    # --help touches no database.
    assert not (sqlite_cli.root / "swcu.db").exists()
