"""`swcu ingest` of the samples, then `swcu referrals`: newest first, the fields of
interfaces.md, and the two-hour clock that starts at completion."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from typing import Any

from tests.commands.conftest import Swcu, failed, ingest, seed_homes, succeeded

FIELDS = {
    "reference",
    "status",
    "placing_authority",
    "initials",
    "received_at",
    "completed_at",
    "due_at",
    "list_sent_at",
    "message_id",
}


def when(value: str | None) -> datetime | None:
    if value is None:
        return None
    dt = datetime.fromisoformat(value)
    assert dt.tzinfo is not None and dt.utcoffset() is not None, value
    return dt


def check_shape(items: list[dict[str, Any]]) -> None:
    for item in items:
        # interfaces.md's fields, and the officer's additions (added, never taken away)
        assert set(item) == FIELDS | {"assigned_to", "possible_duplicates"}, item
        received = when(item["received_at"])
        completed = when(item["completed_at"])
        due = when(item["due_at"])
        assert received is not None
        if item["status"] == "incomplete":
            assert completed is None and due is None, item
        else:
            assert completed is not None and completed >= received, item
            assert due == completed + timedelta(hours=2), item
        assert item["list_sent_at"] is None
    received_all = [datetime.fromisoformat(i["received_at"]) for i in items]
    assert received_all == sorted(received_all, reverse=True), "not newest first"


def test_ingest_then_referrals(cli: Swcu) -> None:
    seed_homes(cli)
    refs = ingest(cli, "01", "02", "03", "04", "05")
    assert set(refs) == {"01", "02", "03", "04"}  # 05 is a vacancy reply, not a referral
    year = refs["01"][5:9]
    assert [refs[n] for n in ("01", "02", "03", "04")] == [
        f"SWCU-{year}-{i:04d}" for i in range(1, 5)
    ]

    listed, complete_only, plain, send_03 = cli.many(
        ("referrals", "--json"),
        ("referrals", "--status", "complete", "--json"),
        ("referrals",),
        ("send", refs["03"]),
    )
    items = json.loads(succeeded(listed))
    check_shape(items)
    assert [i["reference"] for i in items] == [refs[n] for n in ("04", "03", "02", "01")]
    by_ref = {i["reference"]: i for i in items}
    lw = by_ref[refs["03"]]
    assert lw["status"] == "incomplete" and lw["due_at"] is None
    assert (lw["placing_authority"], lw["initials"]) == ("Kent", "LW")
    assert lw["message_id"] == "<kent-referral-lw-0001@kent-cs.test>"
    ak = by_ref[refs["01"]]
    assert (ak["status"], ak["placing_authority"], ak["initials"]) == (
        "complete",
        "Hampshire",
        "AK",
    )
    assert ak["message_id"] == "<179532062727.7138.11892129875866307066@hants-cs.test>"

    assert [i["reference"] for i in json.loads(succeeded(complete_only))] == [
        refs[n] for n in ("04", "02", "01")
    ]

    lines = succeeded(plain).splitlines()
    assert lines[-1] == "4 referrals"
    for n in ("01", "02", "04"):
        line = next(x for x in lines if x.startswith(refs[n]))
        minutes = re.search(r"(\d+) min left \(due ", line)
        assert minutes and 100 <= int(minutes.group(1)) <= 120, line
    line = next(x for x in lines if x.startswith(refs["03"]))
    assert "incomplete" in line and "child.date_of_birth" in line and "legal_status" in line

    # The list cannot go out for an incomplete referral.
    error = failed(send_03)
    assert refs["03"] in error and "incomplete" in error, error

    later = ingest(cli, "06", "07")
    assert later["06"] == refs["03"]  # the reply threads onto 03
    assert later["07"] == f"SWCU-{year}-0005"

    items = cli.json("referrals", "--json")
    check_shape(items)
    assert [i["reference"] for i in items] == [
        later["07"],
        *(refs[n] for n in ("04", "03", "02", "01")),
    ]
    assert all(i["status"] == "complete" for i in items)
    lw_done = next(i for i in items if i["reference"] == refs["03"])
    # The clock started when 06 completed it, not when 03 arrived.
    completed = datetime.fromisoformat(lw_done["completed_at"])
    assert completed > datetime.fromisoformat(lw_done["received_at"])
    assert lw_done["received_at"] == lw["received_at"]
