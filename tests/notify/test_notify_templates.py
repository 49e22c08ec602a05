from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
from jinja2 import Environment, UndefinedError

from bot.notify.slack_post import assert_channel_safe
from bot.notify.templates import (
    EMAIL_TEMPLATES,
    london,
    make_templates,
    miles,
    plural,
    render_email,
    render_slack,
    words,
)

UNIT = "Secure Welfare Coordination Unit"
DUE = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)  # winter: London = UTC
# Extra keys that must never reach anyone: fees, and other children's details.
SECRET = {"weekly_fee_gbp": 9876, "fee": "£9,876", "other_children": "ZZ aged 15"}

RANKED = [
    {"rank": i, "home": name, "home_code": code, "distance_miles": dist,
     "comparisons": [f"ranked below the home above (sample {i})"] if i > 1 else [],
     "reasons": [f"{round(dist)} miles from Portsmouth", "manages CSE and absconding"],
     "warnings": ["vacancy last confirmed 30 hours before this list"] if i == 2 else [],
     **SECRET}
    for i, (name, code, dist) in enumerate(
        [("Harbour Point", "HAR", 14.2), ("Oak Lodge", "OAK", 48.6),
         ("Kestrel House", "KES", 102.0), ("Fenland House", "FEN", 131.4)], start=1)
]

SAMPLES: dict[str, dict[str, Any]] = {
    "ack": dict(reference="SWCU-2026-0042", initials="AK", placing_authority="Hampshire",
                due_at=DUE, needed_now=True),
    "missing": dict(reference="SWCU-2026-0043", initials="JB",
                    missing_words=["date of birth or age", "legal status"],
                    warnings_words=["the court date looks like it is in the past"]),
    "reply_update": dict(reference="SWCU-2026-0043", initials="JB", now_complete=True,
                         missing_words=[], due_at=DUE),
    "vacancy_ack": dict(home_name="Oak Lodge", nil=False,
                        beds_words=["1 female welfare bed from Tue 24 Nov"]),
    "vacancy_unclear": dict(home_name="Oak Lodge"),
    "draft_list": dict(reference="SWCU-2026-0042", initials="AK", placing_authority="Hampshire",
                       due_at=DUE, ranked=RANKED, slack_enabled=False,
                       excluded=[{"home": "Fenland House", "reason": "gender",
                                  "detail": "takes boys only", **SECRET}],
                       not_reported="2 homes have not reported in the last 24 hours: "
                                    "Elm Bank and Wolds House"),
    "placement_list": dict(reference="SWCU-2026-0042", initials="AK",
                           homes=[{"home": h["home"], "town": "Portsmouth",
                                   "distance_miles": h["distance_miles"],
                                   "reasons": h["reasons"], "warnings": h["warnings"],
                                   **SECRET} for h in RANKED[:3]],
                           officer_note="Harbour Point can take her from 6pm."),
    "consult": dict(reference="SWCU-2026-0042",
                    profile={"age": 14, "gender": "female",
                             "legal_status_words": "interim secure accommodation order",
                             "risks_words": ["CSE", "absconding", "self-harm"],
                             "needs_words": ["EHCP"], "needed_by": DUE, **SECRET}),
}


@pytest.fixture(scope="module")
def env() -> Environment:
    return make_templates()


def test_every_template_has_a_sample() -> None:
    assert set(SAMPLES) == set(EMAIL_TEMPLATES)


@pytest.mark.parametrize("name", EMAIL_TEMPLATES)
def test_renders_without_fees(env: Environment, name: str) -> None:
    out = render_email(env, name, unit_name=UNIT, **SAMPLES[name], **SECRET)
    assert out.subject and "\n" not in out.subject
    assert out.html is not None and out.html.lstrip().startswith("<!DOCTYPE html>")
    for part in (out.subject, out.text, out.html):
        assert "£" not in part and "9876" not in part and "9,876" not in part
        assert not re.search(r"\bfees?\b|\bcost\b|\bprice\b", part, re.I)
        assert "ZZ aged" not in part
        assert "None" not in part and "Undefined" not in part
    assert "\n\n\n" not in out.text  # no gaps left by skipped blocks


@pytest.mark.parametrize("name", EMAIL_TEMPLATES)
def test_a_missing_variable_fails_loudly(env: Environment, name: str) -> None:
    context = dict(SAMPLES[name])
    context.pop(sorted(context)[0])
    with pytest.raises(UndefinedError):
        render_email(env, name, unit_name=UNIT, **context)


@pytest.mark.parametrize("name", ["ack", "missing", "reply_update", "draft_list",
                                  "placement_list"])
def test_subjects_carry_reference_and_initials_only(env: Environment, name: str) -> None:
    out = render_email(env, name, unit_name=UNIT, **SAMPLES[name])
    assert SAMPLES[name]["reference"] in out.subject
    assert "Hampshire" not in out.subject and "Portsmouth" not in out.subject


def test_ack_wording(env: Environment) -> None:
    out = render_email(env, "ack", unit_name=UNIT, **SAMPLES["ack"])
    assert out.subject == "Referral received: SWCU-2026-0042 (AK)"
    assert "SWCU-2026-0042" in out.text and "within two hours" in out.text
    assert "Mon 23 Nov 2026, 18:00" in out.text and "reply to this email" in out.text
    assert "urgent" in out.text
    calm = render_email(env, "ack", unit_name=UNIT, **{**SAMPLES["ack"], "needed_now": False})
    assert "urgent" not in calm.text
    sparse = render_email(env, "ack", unit_name=UNIT,
                          **{**SAMPLES["ack"], "placing_authority": "", "due_at": None})
    assert "referral for AK.\n" in sparse.text and "within two hours.\n" in sparse.text


def test_missing_names_each_item(env: Environment) -> None:
    out = render_email(env, "missing", unit_name=UNIT, **SAMPLES["missing"])
    assert "- date of birth or age\n- legal status\n" in out.text
    assert "starts as soon as the referral is complete" in out.text
    assert "court date" in out.text
    no_initials = render_email(env, "missing", unit_name=UNIT,
                               **{**SAMPLES["missing"], "initials": None, "warnings_words": []})
    assert no_initials.subject == "More information needed: SWCU-2026-0043"
    assert "Please also check" not in no_initials.text


def test_reply_update_variants(env: Environment) -> None:
    base = SAMPLES["reply_update"]
    done = render_email(env, "reply_update", unit_name=UNIT, **base)
    assert "now complete" in done.text and "Mon 23 Nov 2026, 18:00" in done.text
    still = render_email(env, "reply_update", unit_name=UNIT,
                         **{**base, "now_complete": False, "missing_words": ["gender"],
                            "due_at": None})
    assert "We still need:\n- gender" in still.text
    plain = render_email(env, "reply_update", unit_name=UNIT,
                         **{**base, "now_complete": False, "due_at": None})
    assert "added your update" in plain.text


def test_vacancy_ack_reads_back_what_was_recorded(env: Environment) -> None:
    out = render_email(env, "vacancy_ack", unit_name=UNIT, **SAMPLES["vacancy_ack"])
    assert "Recorded for Oak Lodge: 1 female welfare bed from Tue 24 Nov." in out.text
    assert "Reply to this email if this is wrong" in out.text
    nil = render_email(env, "vacancy_ack", unit_name=UNIT, home_name="Oak Lodge", nil=True,
                       beds_words=[])
    assert "Recorded for Oak Lodge: no vacancies." in nil.text


def test_vacancy_unclear_says_an_officer_will_check(env: Environment) -> None:
    out = render_email(env, "vacancy_unclear", unit_name=UNIT, home_name="Oak Lodge")
    assert "an officer will check it" in out.text


def test_consult_is_anonymised(env: Environment) -> None:
    out = render_email(env, "consult", unit_name=UNIT, **SAMPLES["consult"])
    for part in (out.subject, out.text, out.html or ""):
        assert "AK" not in part and "Hampshire" not in part
    assert "yes, can consider" in out.text and "decline" in out.text
    assert "CSE, absconding and self-harm" in out.text
    assert "Bed needed: Mon 23 Nov 2026, 18:00\n\n" in out.text
    asap = render_email(env, "consult", unit_name=UNIT, reference="SWCU-2026-0042",
                        profile={**SAMPLES["consult"]["profile"], "needed_by": None,
                                 "age": None, "risks_words": [], "needs_words": []})
    assert "as soon as possible" in asap.text and "none known" in asap.text
    assert "Age: not known" in asap.text


def test_draft_list_for_officers(env: Environment) -> None:
    out = render_email(env, "draft_list", unit_name=UNIT, **SAMPLES["draft_list"])
    lines = out.text.splitlines()
    assert "1. Harbour Point" in lines
    assert out.text.count("14 mile") == 1  # the distance once, in the reasons
    assert "   - ranked below the home above (sample 2)" in lines
    assert lines.index("   - ranked below the home above (sample 2)") < lines.index(
        "   - 49 miles from Portsmouth")  # what put it there first, then the facts
    assert "   ! vacancy last confirmed 30 hours before this list" in lines
    assert "- Fenland House: takes boys only" in lines
    assert "- 2 homes have not reported in the last 24 hours: Elm Bank and Wolds House" in lines
    # Signed, and no Slack when Slack is off; both parts say the same.
    assert lines[-1] == UNIT
    for part in (out.text, out.html or ""):
        assert "Slack" not in part and "swcu send SWCU-2026-0042" in part
        assert "Wolds House" in part and "Fenland House" in part
    with_slack = render_email(env, "draft_list", unit_name=UNIT,
                              **{**SAMPLES["draft_list"], "slack_enabled": True})
    assert "send it from Slack or with" in with_slack.text
    assert "send it from Slack or with" in (with_slack.html or "")
    empty = render_email(env, "draft_list", unit_name=UNIT,
                         **{**SAMPLES["draft_list"], "ranked": [], "excluded": [],
                            "not_reported": None})
    assert "No home meets all the rules" in empty.text and "Not on the list" not in empty.text


def test_placement_list_for_the_social_worker(env: Environment) -> None:
    out = render_email(env, "placement_list", unit_name=UNIT, **SAMPLES["placement_list"])
    assert "1. Harbour Point, Portsmouth\n" in out.text
    assert out.text.count("14 mile") == 1  # the distance once, in the reasons
    # The warnings reach the social worker too.
    assert "   - Please note: vacancy last confirmed 30 hours before this list" in out.text
    assert "Please note: vacancy last confirmed 30 hours before this list" in (out.html or "")
    assert out.text.rstrip().endswith(UNIT)
    assert "Fenland House" not in out.text  # only the homes chosen
    assert "Note from the unit: Harbour Point can take her from 6pm." in out.text
    none = render_email(env, "placement_list", unit_name=UNIT,
                        **{**SAMPLES["placement_list"], "homes": [], "officer_note": None})
    assert "not found" in none.text and "Note from the unit" not in none.text


def test_html_is_escaped_text_is_not(env: Environment) -> None:
    out = render_email(env, "vacancy_unclear", unit_name=UNIT, home_name="Oak & <Lodge>")
    assert "Oak &amp; &lt;Lodge&gt;" in (out.html or "")
    assert "Oak & <Lodge>" in out.text


def test_slack_draft_list_is_channel_safe(env: Environment) -> None:
    text = render_slack(env, "draft_list", unit_name=UNIT, **SAMPLES["draft_list"])
    assert_channel_safe(text)
    assert text.startswith("*Draft list ready: SWCU-2026-0042 (AK)*, due Mon 23 Nov 2026, 18:00")
    assert "Harbour Point" in text and "Kestrel House" in text
    assert "Fenland House" not in text and "1 more" in text  # top three only
    assert "Hampshire" not in text and "Portsmouth" not in text
    # The homes that have not reported: one line, as in the email.
    assert text.splitlines()[-1] == (
        "2 homes have not reported in the last 24 hours: Elm Bank and Wolds House."
    )
    assert "£" not in text and "9876" not in text


def test_filters() -> None:
    assert london(datetime(2026, 11, 23, 18, 0, tzinfo=UTC)) == "Mon 23 Nov 2026, 18:00"
    assert london(datetime(2026, 7, 1, 8, 30, tzinfo=UTC)) == "Wed 1 Jul 2026, 09:30"  # BST
    with pytest.raises(ValueError):
        london(datetime(2026, 7, 1, 8, 30))
    assert plural(1, "bed") == "1 bed" and plural(3, "bed") == "3 beds"
    assert plural(2, "child", "children") == "2 children"
    assert words(["a"]) == "a" and words(["a", "b", "c"]) == "a, b and c" and words([]) == ""
    assert miles(None) == "distance not known" and miles(0.3) == "under 1 mile"
    assert miles(1.2) == "1 mile" and miles(14.6) == "15 miles"
