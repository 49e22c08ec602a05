"""The officer's work on one referral: `swcu send` (the list to the social worker, which
stops the clock), `swcu consult` (an anonymised profile to a home) and `swcu outcome`."""

from __future__ import annotations

import json
import re
from datetime import datetime

from tests.commands.conftest import (
    Swcu,
    demo_fees,
    failed,
    fee_pattern,
    ingest,
    mail_text,
    plain_body,
    seed_homes,
    seed_vacancy,
    succeeded,
)

AK_MESSAGE_ID = "<179532062727.7138.11892129875866307066@hants-cs.test>"
SOCIAL_WORKER = "rachel.dunmore@hants-cs.test"


def test_send_consult_outcome(cli: Swcu) -> None:
    seed_homes(cli)
    ref = ingest(cli, "01")["01"]  # Hampshire, AK, girl of 14
    seed_vacancy(cli, "BEA", 1, "female", "welfare")
    seed_vacancy(cli, "OAK", 1)
    no_fee = fee_pattern(list(demo_fees().values()))

    excluded, no_home = cli.many(
        ("send", ref, "--homes", "Fenland House"),
        ("outcome", ref, "placed"),
    )
    line = failed(excluded)
    assert "Fenland House" in line and "excluded" in line and "boys" in line, line
    assert "--home" in failed(no_home)

    # The list: the top of the ranked list, to the social worker, in the referral's thread.
    before = cli.mail_names()
    out = cli.ok("send", ref)
    assert out.startswith(f"{ref}: list sent (") and "Beacon View" in out and "Oak Lodge" in out
    [sent] = cli.mail_since(before)
    assert sent["To"] == SOCIAL_WORKER
    assert sent["In-Reply-To"] == AK_MESSAGE_ID
    text = mail_text(sent)
    for words in (ref, "Beacon View", "Oak Lodge"):
        assert words in text, words
    assert not no_fee.search(text) and "£" not in text, no_fee.search(text)
    for excluded_home in ("Fenland House", "Moorside", "Cedar Lodge"):
        assert excluded_home not in text

    [item] = [i for i in cli.json("referrals", "--json") if i["reference"] == ref]
    assert item["status"] == "list_sent"
    list_sent_at = datetime.fromisoformat(item["list_sent_at"])
    assert list_sent_at >= datetime.fromisoformat(item["completed_at"])

    # Sent already: a second send is refused, saying when, unless asked to send again.
    line = cli.fail("send", ref, "--homes", "Beacon View")
    assert "already sent at" in line and "--" not in line, line
    # Just the homes named; a retry with the same --key sends nothing more.
    before = cli.mail_names()
    assert cli.ok("send", ref, "--homes", "beacon", "--again", "--key", "r1").strip() == (
        f"{ref}: list sent (Beacon View)"
    )
    assert cli.ok("send", ref, "--homes", "beacon", "--again", "--key", "r1").strip() == (
        f"{ref}: list sent (Beacon View) (already sent with this key: not sent again)"
    )
    [sent] = cli.mail_since(before)
    text = plain_body(sent)
    assert sent["To"] == SOCIAL_WORKER
    assert "Beacon View" in text and "Oak Lodge" not in text

    # Consulting a home: the profile only, nothing that names the child or the authority.
    before = cli.mail_names()
    assert cli.ok("consult", ref, "Oak Lodge").strip() == f"{ref}: consulted Oak Lodge"
    [asked] = cli.mail_since(before)
    assert asked["To"] == "duty@oaklodge.test"
    text = mail_text(asked)
    assert ref in text
    assert re.search(r"^Age: 14$", plain_body(asked), re.M)
    for secret in ("Hampshire", "E10000014", "Rachel", "Dunmore", "hants-cs", "01962", "A.K."):
        assert secret not in text, secret
    assert not re.search(r"\bAK\b", text), "initials in the consultation"
    assert not no_fee.search(text)

    # Placed: the referral closes and Oak Lodge has one bed fewer.
    assert cli.ok("outcome", ref, "placed", "--home", "oak lodge").strip() == (
        f"{ref}: placed at Oak Lodge"
    )
    vacancies, referrals, again = cli.many(
        ("vacancy", "list", "--json"),
        ("referrals", "--json"),
        ("outcome", ref, "withdrawn"),
    )
    beds = {v["home_code"]: v for v in json.loads(succeeded(vacancies))}
    assert (beds["OAK"]["total_available"], beds["OAK"]["beds"]) == (0, [])
    assert beds["BEA"]["total_available"] == 1
    [item] = [i for i in json.loads(succeeded(referrals)) if i["reference"] == ref]
    assert item["status"] == "placed"
    assert datetime.fromisoformat(item["list_sent_at"]) == list_sent_at  # the first list
    line = failed(again)
    assert ref in line and "closed" in line and "placed" in line, line


def test_consultation_lists_risks_and_needs_in_words(sqlite_cli: Swcu) -> None:
    seed_homes(sqlite_cli)
    ref = ingest(sqlite_cli, "01")["01"]
    before = sqlite_cli.mail_names()
    sqlite_cli.ok("consult", ref, "OAK")
    [asked] = sqlite_cli.mail_since(before)
    for part in (plain_body(asked), mail_text(asked)):
        assert "C, S, E" not in part
        assert "CSE, self-harm and absconding" in part
        assert "mental health and EHCP" in part
