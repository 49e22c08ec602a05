"""`swcu parse FILE --json` for the seven samples: the output holds their .expected.json."""

from __future__ import annotations

import json

import pytest

from tests.commands.conftest import SAMPLES, Swcu, sample_path, seed_homes, subset_mismatches

SAMPLE_NUMBERS = ["01", "02", "03", "04", "05", "06", "07"]


@pytest.fixture
def parse_cli(sqlite_cli: Swcu) -> Swcu:
    # Sample 05 (a vacancy reply) names its home only through the homes table.
    seed_homes(sqlite_cli)
    return sqlite_cli


def test_samples_parse_to_their_expected_json(parse_cli: Swcu) -> None:
    paths = [sample_path(n) for n in SAMPLE_NUMBERS]
    results = parse_cli.many(*[("parse", p, "--json") for p in paths])
    problems: list[str] = []
    for path, result in zip(paths, results, strict=True):
        assert result.returncode == 0, (path.name, result.stderr)
        data = json.loads(result.stdout)
        expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
        problems += [f"{path.name}: {p}" for p in subset_mismatches(expected, data)]
        for key in ("kind", "message_id", "complete", "missing", "warnings"):
            assert key in data, (path.name, key)
    assert not problems, "\n".join(problems)
    # Parsing stores nothing.
    from tests.commands.conftest import read_rows

    assert read_rows(parse_cli, "SELECT count(*) FROM inbound_email") == [(0,)]
    assert read_rows(parse_cli, "SELECT count(*) FROM referral") == [(0,)]


def test_parse_reads_stdin(parse_cli: Swcu) -> None:
    path = sample_path("01")
    data = parse_cli.json("parse", "-", "--json", stdin=path.read_bytes())
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    assert subset_mismatches(expected, data) == []
    assert data["message_id"] == "<179532062727.7138.11892129875866307066@hants-cs.test>"


def test_every_sample_has_an_expected_file() -> None:
    emls = sorted(p.name[:2] for p in SAMPLES.glob("*.eml"))
    assert emls == SAMPLE_NUMBERS
