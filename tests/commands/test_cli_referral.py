"""`swcu referral REF [--json]`, `--set`, `swcu referral new`, `swcu assign`: the formatting
over the referral services (their rules are tested in tests/services)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.commands.conftest import SAMPLES, Swcu, ingest, seed_homes


def test_show_set_and_assign(sqlite_cli: Swcu) -> None:
    cli = sqlite_cli
    seed_homes(cli)
    ref = ingest(cli, "03")["03"]  # Kent, LW: no date of birth, no legal status
    shown = cli.ok("referral", ref)
    assert shown.startswith(f"{ref}  incomplete  waiting for: child.date_of_birth, legal_status")
    assert "came by email; assigned to nobody" in shown
    assert "history:" in shown and "referral_received" in shown

    out = cli.ok(
        "referral",
        ref.lower(),
        "--set",
        "child.date_of_birth=2012-05-09",
        "legal_status=interim s25",
    )
    assert "  child.date_of_birth = 2012-05-09" in out
    assert "  legal_status = s25_interim_order" in out
    assert f"{ref}: complete: the clock runs, due " in out

    data = cli.json("referral", ref, "--json")
    assert data["status"] == "complete" and data["missing"] == []
    assert data["fields"]["child.date_of_birth"] == "2012-05-09"
    assert data["sources"]["child.date_of_birth"] == "officer"
    assert {h["what"] for h in data["history"]} >= {"field_corrected", "email out"}
    assert data["due_at"] is not None

    assert cli.ok("assign", ref, "Jo Bloggs").strip() == f"{ref}: assigned to Jo Bloggs"
    assert cli.ok("assign", ref, "Sam Lee").strip() == f"{ref}: assigned to Sam Lee (was Jo Bloggs)"
    assert cli.json("referral", ref, "--json")["assigned_to"] == "Sam Lee"


def test_errors_are_one_line_naming_the_field(sqlite_cli: Swcu) -> None:
    cli = sqlite_cli
    seed_homes(cli)
    ref = ingest(cli, "03")["03"]
    assert "legal_status: 'on holiday' not recognised" in cli.fail(
        "referral", ref, "--set", "legal_status=on holiday"
    )
    assert "is not FIELD=VALUE" in cli.fail("referral", ref, "--set", "gender")
    assert "no referral SWCU-2026-9999" in cli.fail("referral", "SWCU-2026-9999")
    assert "is for 'swcu referral new'" in cli.fail("referral", ref, "--initials", "AB")
    assert "needs its details" in cli.fail("referral", "new")


def test_referral_new_by_flags_and_by_file(sqlite_cli: Swcu, tmp_path: Path) -> None:
    cli = sqlite_cli
    seed_homes(cli)
    out = cli.ok(
        "referral",
        "new",
        "--authority",
        "Kent",
        "--initials",
        "L.W.",
        "--dob",
        "2012-05-09",
        "--gender",
        "girl",
        "--legal-status",
        "interim secure order",
        "--risks",
        "cse",
        "--needed-by",
        "ASAP",
        "--sw-email",
        "priya.shah@kent-cs.test",
        "--key",
        "call-1",
    )
    assert "SWCU-2026-0001: complete: the clock runs, due " in out
    again = cli.ok(
        "referral",
        "new",
        "--authority",
        "Kent",
        "--initials",
        "L.W.",
        "--dob",
        "2012-05-09",
        "--gender",
        "girl",
        "--legal-status",
        "interim secure order",
        "--risks",
        "cse",
        "--needed-by",
        "ASAP",
        "--sw-email",
        "priya.shah@kent-cs.test",
        "--key",
        "call-1",
    )
    assert "already done with this key" in again
    data = cli.json("referral", "SWCU-2026-0001", "--json")
    assert data["origin"] == "phone" and set(data["sources"].values()) == {"officer"}

    expected = json.loads((SAMPLES / "01-plain-complete.expected.json").read_text())
    path = tmp_path / "referral.json"
    path.write_text(json.dumps(expected["referral"]))
    out = cli.ok("referral", "new", "--file", path, "--origin", "cli")
    assert "SWCU-2026-0002: complete" in out
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    assert "not JSON" in cli.fail("referral", "new", "--file", bad)

    # the same child again while the first is open: flagged
    out = cli.ok(
        "referral",
        "new",
        "--authority",
        "Kent",
        "--initials",
        "LW",
        "--dob",
        "2012-05-09",
        "--gender",
        "f",
        "--risks",
        "none",
    )
    assert "warning: possibly the same child as SWCU-2026-0001" in out
    listed = cli.ok("referrals")
    assert "(possible duplicate of SWCU-2026-0003)" in listed
