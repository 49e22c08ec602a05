"""Risk and need words read in their context: a plan's category, a past risk."""

from __future__ import annotations

from bot.intake.parsing import vocab


def test_semh_as_the_plans_category_is_not_a_mental_health_need() -> None:
    assert vocab.needs("Education plan: EHCP (SEMH)")[0] == ["ehcp"]
    assert vocab.needs("EHCP for SEMH")[0] == ["ehcp"]


def test_semh_beside_other_mental_health_words_still_counts() -> None:
    assert vocab.needs("EHCP (SEMH), seen by CAMHS weekly")[0] == ["ehcp", "mental_health"]
    assert vocab.needs("SEMH needs, no plan yet")[0] == ["mental_health"]


def test_a_risk_said_to_be_past_is_not_read() -> None:
    assert vocab.risks("Arson. Overdose: historic only")[0] == ["fire_setting"]
    assert vocab.risks("going missing - not considered a current risk")[0] == []
