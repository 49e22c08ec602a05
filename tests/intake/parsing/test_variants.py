"""Referrals written the way other people write them (tests/fixtures/emails/)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.intake.parsing import ParseContext, parse_message, parsed_to_json

from .conftest import FIXTURES
from .test_samples import assert_subset

CASES: dict[str, dict[str, Any]] = {
    "labels-variety": {
        "kind": "referral", "complete": True,
        "referral": {
            "placing_authority": "Croydon",
            "social_worker": {"name": "Kofi Mensah", "email": "kofi.mensah@croydon-cs.test",
                              "phone": "07700 900123"},
            "child": {"initials": "TO", "date_of_birth": "2011-06-07", "age": 15,
                      "gender": "female"},
            "legal_status": "s25_interim_order",
            "needed_by": "2026-11-26T10:00:00+00:00",
            "risks": ["cce", "violence"],
            "needs": ["physical_health"],
            "avoid_areas": ["Croydon town centre", "Brixton"],
            "home_area": "Croydon",
            "notes": "Found in Margate on 20/11 with two adult males.\n"
                     "Police have flagged the address as a trap house.",
        },
    },
    "html-only": {
        "kind": "referral", "complete": True,
        "referral": {
            "placing_authority": "Birmingham",
            "child": {"initials": "RP", "date_of_birth": "2011-03-03", "gender": "male"},
            "legal_status": "s25_72_hour", "needed_now": True,
            "needed_by": "2026-11-26T11:00:00+00:00",
            "risks": ["fire_setting", "violence"], "avoid_homes": [], "home_area": "Solihull",
        },
    },
    "gmail-forward": {
        "kind": "referral", "complete": True,
        "referral": {
            "placing_authority": "Manchester",
            "social_worker": {"name": "Ngozi Okafor", "email": "ngozi.okafor@manchester-cs.test"},
            "child": {"initials": "KW", "gender": "female", "age": 14},
            "legal_status": "s25_order", "needed_by": "2026-11-26T17:00:00+00:00",
        },
    },
    "reply-quoted-history": {
        "kind": "referral_reply", "thread_of": "<swcu-ack-0001@swcu.test>",
        "referral": {"child": {"gender": "male", "date_of_birth": None}, "legal_status": None,
                     "risks": None, "placing_authority": None,
                     "social_worker": {"email": None}, "home_area": None},
    },
    "full-name": {
        "kind": "referral", "complete": True,
        "referral": {"placing_authority": "Hampshire",
                     "child": {"initials": "JB", "age": 15, "date_of_birth": None},
                     "needed_by": "2026-12-04T00:00:00+00:00", "risks": []},
        "warnings": ["full name"],
    },
    "bst-date": {
        "kind": "referral", "complete": True,
        "referral": {"child": {"gender": "non_binary", "age": 14},
                     "legal_status": "s25_application_pending",
                     "court_date": "2026-08-03T10:00:00+01:00",
                     "needed_by": "2026-07-14T15:30:00+01:00",
                     "risks": ["self_harm", "suicide_risk"]},
    },
    "under-13-no-sos": {"kind": "referral", "complete": False,
                        "missing": ["secretary_of_state_approval"],
                        "referral": {"child": {"age": 12}, "needed_now": True}},
    "under-13-sos-sought": {"kind": "referral", "complete": True, "missing": [],
                            "referral": {"secretary_of_state_approval": "sought"}},
    "pending-no-court": {"kind": "referral", "complete": False, "missing": ["court_date"],
                         "referral": {"legal_status": "s25_application_pending", "risks": []}},
    "auto-reply": {"kind": "auto_reply", "auto_submitted": True, "referral": None},
    "out-of-office": {"kind": "auto_reply", "auto_submitted": True,
                      "reference": "SWCU-2026-0042"},
    "outlook-suppress-only": {"kind": "referral", "complete": True, "auto_submitted": False,
                              "referral": {"legal_status": "remand", "placement_type": "justice",
                                           "child": {"age": 14}}},
    "bounce": {"kind": "bounce", "auto_submitted": True},
    "negations": {
        "kind": "referral",
        "referral": {"risks": ["self_harm", "substance_misuse"],
                     "needs": ["mental_health", "physical_health"]},
    },
    "unknown-risk": {
        "kind": "referral",
        "referral": {"risks": ["cse"], "needs": ["ehcp"], "avoid_homes": ["Kestrel House"]},
        "warnings": ["climbing on roofs", "likes football", "Narnia Lodge"],
    },
    "reference-only-reply": {
        "kind": "referral_reply", "reference": "SWCU-2026-0042", "thread_of": None,
        "referral": {"legal_status": "remand", "risks": ["absconding", "cse", "suicide_risk"],
                     "placing_authority": None},
    },
    "authority-disagrees": {
        "kind": "referral", "complete": True,
        "referral": {"placing_authority": "Kent", "placing_authority_code": "E10000016",
                     "legal_status": "sentenced", "placement_type": "justice"},
        "warnings": ["Hampshire"],
    },
    "newsletter": {"kind": "unknown", "referral": None},
    "missing-boundary": {"kind": "referral", "complete": True, "flags": ["malformed_mime"]},
    "cp1252-declared-utf8": {
        "kind": "referral", "complete": True, "flags": ["charset_guessed"],
        "referral": {"legal_status": "s25_order", "risks": ["cse"]},
    },
    "unknown-charset": {"kind": "referral", "complete": True, "flags": ["charset_guessed"]},
    "base64-body": {"kind": "referral", "complete": True, "flags": [],
                    "referral": {"child": {"initials": "CW", "date_of_birth": "2012-02-14"}}},
    "eight-bit-header-nul": {
        "kind": "referral", "complete": True, "subject": "Secure welfare referral – CW",
        "referral": {"social_worker": {"name": "Zoë Adams"}}, "flags": ["malformed_mime"],
    },
    "broken-base64": {"kind": "referral"},
    "intake-bounce": {"kind": "bounce", "auto_submitted": True},
    "intake-out-of-office": {"kind": "auto_reply", "auto_submitted": True,
                             "reference": "SWCU-2026-0001"},
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_variant(name: str, fake_ctx: ParseContext) -> None:
    expected = dict(CASES[name])
    wanted_warnings = expected.pop("warnings", [])
    wanted_flags = expected.pop("flags", None)
    msg = parse_message((FIXTURES / f"{name}.eml").read_bytes(), fake_ctx)
    got = parsed_to_json(msg)
    assert_subset(expected, got)
    for fragment in wanted_warnings:
        assert any(fragment in w for w in got["warnings"]), (fragment, got["warnings"])
    if wanted_flags is not None:
        for flag in wanted_flags:
            assert flag in got["flags"], got["flags"]
        if not wanted_flags:
            assert got["flags"] == [], got["flags"]


def test_every_case_has_a_fixture() -> None:
    # Other suites keep fixtures here too (intake-*.eml); every case here must have its file.
    assert set(CASES) <= {p.stem for p in FIXTURES.glob("*.eml")}
