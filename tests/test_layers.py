"""The layers keep to themselves: a command imports no other command nor the CLI, the
outbox loads no Slack client, and the services never mention a command-line flag."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

from bot.harness import REPO

BOT = REPO / "bot"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


def test_no_command_imports_another_command_or_the_cli() -> None:
    for path in sorted((BOT / "commands").glob("*.py")):
        allowed = {"bot.commands.common", f"bot.commands.{path.stem}"}
        bad = {
            m
            for m in _imports(path)
            if (m.startswith("bot.commands.") and m not in allowed) or m == "bot.cli"
        }
        assert not bad, f"{path.name} imports {sorted(bad)}"


def test_the_outbox_loads_no_slack_client() -> None:
    probe = "import sys, bot.notify.outbox; print('slack_sdk' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert out.stdout.strip() == "False"


def test_service_errors_name_no_command_line_flag() -> None:
    flag = re.compile(r"""(?:ServiceError|MatchingError)\([^)]*?["'][^"']*\s--[a-z]""", re.S)
    for path in sorted((BOT / "services").glob("*.py")):
        assert not flag.search(path.read_text(encoding="utf-8")), path.name
