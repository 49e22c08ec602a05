"""Mail from an unknown domain is held: `swcu quarantine list`, then `release ID` acts on it
as if the sender were known."""

from __future__ import annotations

import json
import re

from tests.commands.conftest import CLI_FIXTURES, Swcu, failed, read_rows, succeeded

UNKNOWN = CLI_FIXTURES / "unknown-domain.eml"
SENDER = "pat.stranger@unknown-sender.test"


def test_quarantine_list_and_release(cli: Swcu) -> None:
    out = cli.ok("ingest", UNKNOWN)
    assert out.strip() == f"{UNKNOWN}: referral quarantined"
    assert cli.mail_names() == set(), "a quarantined message is never answered"
    assert read_rows(cli, "SELECT count(*) FROM referral") == [(0,)]

    [held] = cli.json("quarantine", "list", "--json")
    assert held["sender"] == SENDER and held["kind"] == "referral"
    assert held["subject"] == "Secure welfare referral - T.Q. - Hampshire"
    email_id = str(held["id"])

    out = cli.ok("quarantine", "release", email_id)
    found = re.fullmatch(rf"email {email_id}: referral processed (SWCU-\d{{4}}-0001)", out.strip())
    assert found, out
    ref = found.group(1)
    acks = [m for m in cli.mail_since(set()) if m["To"] == SENDER]
    assert len(acks) == 1 and ref in str(acks[0]["Subject"])

    again, referrals = cli.many(
        ("quarantine", "release", email_id),
        ("referrals", "--json"),
    )
    assert f"no quarantined email {email_id}" in failed(again)
    [item] = json.loads(succeeded(referrals))
    assert (item["reference"], item["status"], item["initials"]) == (ref, "complete", "TQ")
    assert item["placing_authority"] == "Hampshire"
    assert item["message_id"] == "<unknown-domain-referral-0001@unknown-sender.test>"


def test_released_referral_gets_its_draft_list(sqlite_cli: Swcu) -> None:
    sqlite_cli.ok("ingest", UNKNOWN)
    [(email_id,)] = read_rows(sqlite_cli, "SELECT id FROM inbound_email")
    sqlite_cli.ok("quarantine", "release", str(email_id))
    to = sorted(str(m["To"]) for m in sqlite_cli.mail_since(set()))
    assert to == ["officers@swcu.test", SENDER]
