"""`swcu homes import`: reports what changed; a bad row stops the import with nothing saved."""

from __future__ import annotations

from pathlib import Path

from tests.commands.conftest import DEMO_HOMES, Swcu, failed, read_rows


def test_import_reports_added_unchanged_changed_and_refuses_bad_rows(
    cli: Swcu, tmp_path: Path
) -> None:
    lines = cli.ok("homes", "import", DEMO_HOMES).splitlines()
    assert lines[-1] == "14 added, 0 changed, 0 unchanged"
    assert "added OAK" in lines

    assert cli.ok("homes", "import", DEMO_HOMES).splitlines() == [
        "0 added, 0 changed, 14 unchanged"
    ]

    rows = DEMO_HOMES.read_text(encoding="utf-8").splitlines()
    assert rows[2].startswith("Oak Lodge,OAK,Sheffield,S5 7AU,53.4106,-1.4600,6,0,")
    changed = [*rows]
    changed[2] = changed[2].replace(",-1.4600,6,0,", ",-1.4600,7,0,")
    changed_csv = tmp_path / "changed.csv"
    changed_csv.write_text("\n".join(changed) + "\n", encoding="utf-8")
    assert cli.ok("homes", "import", changed_csv).splitlines() == [
        "changed OAK: welfare_beds",
        "0 added, 1 changed, 13 unchanged",
    ]

    # A bad row (line 5: an unknown risk code) stops everything: neither the good new home
    # on the last line nor Oak Lodge's beds on line 3 (back to 6) are saved.
    bad = [*rows]
    bad[4] = bad[4].replace("cse;cce;absconding", "cse;arson;absconding", 1)
    bad.append(rows[1].replace("Kestrel House,KES,", "New House,NEW,"))
    bad_csv = tmp_path / "bad.csv"
    bad_csv.write_text("\n".join(bad) + "\n", encoding="utf-8")
    line = failed(cli.run("homes", "import", bad_csv))
    assert "line 5" in line and "manages" in line and "arson" in line, line

    homes = dict(read_rows(cli, "SELECT code, welfare_beds FROM home"))
    assert len(homes) == 14 and "NEW" not in homes
    assert homes["OAK"] == 7  # as the last good import left it
