"""Consulting homes over email: the anonymised question, and the homes' answers changing the
ranked list."""

from __future__ import annotations

import re

from sqlmodel import select

from bot.domain.model import BedVacancy
from bot.harness import ServerProcess
from bot.store.db import Database
from bot.store.models import Consultation, HomeRow
from tests.conftest import sample_01_avoiding_nowhere
from tests.e2e.conftest import (
    UNIT_INBOX,
    assert_no_fees,
    deliver,
    e2e_email,
    record_beds,
    swcu_json,
    text_of,
    wait_for_mail,
)

REF = "SWCU-2026-0001"
OAK = "duty@oaklodge.test"
BEACON = "beaconview@devon-sch.test"
# What sample 01 says that would identify the child, the authority or the social worker.
IDENTIFYING = [
    "A.K.",
    "Hampshire",
    "Rachel",
    "Dunmore",
    "hants-cs",
    "01962",
    "Portsmouth",
    "Southampton",
    "older males",
    "14/02/2012",
    "2012-02-14",
]


def consultation_answers(server: ServerProcess) -> dict[str, tuple[str | None, str | None]]:
    db = Database(server.database_url)
    try:
        with db.read_session() as s:
            rows = s.exec(
                select(HomeRow.code, Consultation.answer, Consultation.reason).join(
                    HomeRow,
                    HomeRow.id == Consultation.home_id,  # type: ignore[arg-type]
                )
            ).all()
            return {code: (answer, reason) for code, answer, reason in rows}
    finally:
        db.dispose()


def test_consulted_homes_get_an_anonymised_profile_and_their_answers_count(
    server: ServerProcess,
) -> None:
    for code in ("OAK", "BEA", "HAR"):
        record_beds(server, code, BedVacancy(1, "female", "welfare"))
    deliver(server, sample_01_avoiding_nowhere())
    wait_for_mail(server, UNIT_INBOX, "Draft list")
    ranked = [r["home"] for r in swcu_json(server, "match", REF)["ranked"]]
    assert ranked[0] == "Harbour Point" and {"Oak Lodge", "Beacon View"} <= set(ranked)

    done = server.swcu("consult", REF, "Oak Lodge", "Beacon View")
    assert "consulted Oak Lodge, Beacon View" in done.stdout
    [to_oak] = wait_for_mail(server, OAK, "Can you consider a young person?")
    [to_beacon] = wait_for_mail(server, BEACON, "Can you consider a young person?")
    for consult in (to_oak, to_beacon):
        assert str(consult["Subject"]) == f"Can you consider a young person? {REF}"
        everything = (
            str(consult["Subject"])
            + "\n"
            + "\n".join(
                part.get_content()
                for part in consult.walk()
                if part.get_content_maintype() == "text"
            )
        )
        for words in IDENTIFYING:
            assert words not in everything, f"{words!r} sent to a home"
        assert re.search(r"\bAK\b", everything) is None, "the child's initials sent to a home"
        body = text_of(consult)
        assert "Age: 14" in body and "Gender: female" in body
        assert "Legal status: interim secure accommodation order" in body
        assert consult["Auto-Submitted"] == "auto-generated"
    assert to_oak["Message-ID"] != to_beacon["Message-ID"]

    decline = e2e_email(
        "consult-decline-oak.eml", reference=REF, consult_message_id=str(to_oak["Message-ID"])
    )
    deliver(server, decline)
    match = swcu_json(server, "match", REF)
    [oak] = [e for e in match["excluded"] if e["home"] == "Oak Lodge"]
    assert oak["reason"] == "declined"
    assert "Oak Lodge" not in [r["home"] for r in match["ranked"]]
    assert match["ranked"][0]["home"] == "Harbour Point"  # no answer yet from Beacon View
    assert consultation_answers(server)["OAK"] == ("decline", "peer mix")

    accept = e2e_email(
        "consult-accept-beacon.eml",
        reference=REF,
        consult_message_id=str(to_beacon["Message-ID"]),
    )
    deliver(server, accept)
    match = swcu_json(server, "match", REF)
    assert match["ranked"][0]["home"] == "Beacon View"
    assert [e["reason"] for e in match["excluded"] if e["home"] == "Oak Lodge"] == ["declined"]
    assert consultation_answers(server)["BEA"][0] == "accept"
    assert_no_fees(server)
