from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from bot.matching import EXCLUSION_REASONS, rank_homes

from .factory import NOW, TODAY, bed, home, place_north_of, report, request


def excluded(result, code):
    found = [e for e in result.excluded if e.home.code == code]
    return (found[0].reason, found[0].detail) if found else None


def ranked_codes(result):
    return [r.home.code for r in result.ranked]


def test_a_suitable_home_is_ranked():
    h = home("AAA")
    result = rank_homes(request(), [h], {"AAA": report("AAA")}, NOW)
    assert ranked_codes(result) == ["AAA"]
    assert result.excluded == []


def test_no_report_at_all_is_no_vacancy_said_as_never_reported():
    result = rank_homes(request(), [home("AAA")], {}, NOW)
    assert excluded(result, "AAA") == ("no_vacancy", "has never reported its vacancies")
    assert result.excluded[0].not_reported


def test_a_recent_report_of_no_beds_says_when_it_was_reported():
    # NOW is 10:00 UTC on Mon 23 Nov (London is on GMT): reported 2 hours before.
    rep = report("AAA", bed(0), hours_ago=2)
    result = rank_homes(request(), [home("AAA")], {"AAA": rep}, NOW)
    assert excluded(result, "AAA") == ("no_vacancy", "reported no vacancy at 08:00 on Mon 23 Nov")
    assert not result.excluded[0].not_reported


def test_an_old_report_of_no_beds_is_a_home_that_has_not_reported():
    # A "no vacancy" of 30 hours ago says nothing about today: the home has not reported.
    rep = report("AAA", bed(0), hours_ago=30)
    result = rank_homes(request(), [home("AAA")], {"AAA": rep}, NOW)
    assert excluded(result, "AAA") == (
        "no_vacancy",
        "has not reported a vacancy since 04:00 on Sun 22 Nov",
    )
    assert result.excluded[0].not_reported


def test_the_two_no_vacancy_wordings_cannot_be_misheard_for_each_other():
    homes = [home("NEW"), home("OLD"), home("NON")]
    vac = {"NEW": report("NEW", bed(0), hours_ago=1), "OLD": report("OLD", bed(0), hours_ago=25)}
    details = [e.detail for e in rank_homes(request(), homes, vac, NOW).excluded]
    assert details[0].startswith("reported no vacancy at ")  # NEW
    assert all(d.startswith("has ") and "reported" in d for d in details[1:])  # NON, OLD
    assert not any("no vacancy reported" in d or "reported no vacancies" in d for d in details)


def test_the_same_report_turns_into_not_reported_as_time_passes():
    # The exclusions are cached per vacancies mapping: the time of the match still decides.
    homes = [home("AAA")]
    vac = {"AAA": report("AAA", bed(0), hours_ago=1)}
    first = rank_homes(request(), homes, vac, NOW)
    later = rank_homes(request(), homes, vac, NOW + timedelta(hours=23, minutes=30))
    assert not first.excluded[0].not_reported and later.excluded[0].not_reported


def test_bed_free_only_after_the_day_needed_is_no_vacancy_with_the_date():
    later = TODAY + timedelta(days=7)
    rep = report("AAA", bed(1, "female", "welfare", later))
    result = rank_homes(request(), [home("AAA")], {"AAA": rep}, NOW)
    assert excluded(result, "AAA") == (
        "no_vacancy",
        "no suitable bed until Mon 30 Nov 2026 (reported at 09:00 on Mon 23 Nov)",
    )


def test_bed_free_on_the_day_needed_counts():
    later = TODAY + timedelta(days=7)
    rep = report("AAA", bed(1, "female", "welfare", later))
    result = rank_homes(request(needed_on=later), [home("AAA")], {"AAA": rep}, NOW)
    assert ranked_codes(result) == ["AAA"]
    assert "from Mon 30 Nov" in result.ranked[0].reasons[1]


def test_bed_of_the_other_placement_type_is_no_vacancy():
    rep = report("AAA", bed(1, "any", "justice"))
    result = rank_homes(request(), [home("AAA")], {"AAA": rep}, NOW)
    assert excluded(result, "AAA") == (
        "no_vacancy",
        "reported no welfare vacancy at 09:00 on Mon 23 Nov",
    )


@pytest.mark.parametrize("kind", ["any", "welfare"])
def test_bed_of_type_any_or_the_same_type_counts(kind):
    rep = report("AAA", bed(1, "any", kind))
    result = rank_homes(request(), [home("AAA")], {"AAA": rep}, NOW)
    assert ranked_codes(result) == ["AAA"]


def test_home_with_no_welfare_beds_is_placement_type_not_no_vacancy():
    h = home("AAA", welfare_beds=0, justice_beds=10)
    result = rank_homes(request(), [h], {"AAA": report("AAA")}, NOW)
    assert excluded(result, "AAA") == ("placement_type", "takes no welfare placements")


def test_home_with_no_justice_beds_cannot_take_justice():
    h = home("AAA", justice_beds=0)
    result = rank_homes(request(placement_type="justice"), [h], {"AAA": report("AAA")}, NOW)
    assert excluded(result, "AAA")[0] == "placement_type"


def test_boys_home_excludes_a_girl():
    h = home("AAA", genders="male")
    result = rank_homes(request(gender="female"), [h], {"AAA": report("AAA")}, NOW)
    assert excluded(result, "AAA") == ("gender", "takes boys only")


def test_girls_home_excludes_a_boy():
    h = home("AAA", genders="female")
    result = rank_homes(request(gender="male"), [h], {"AAA": report("AAA")}, NOW)
    assert excluded(result, "AAA") == ("gender", "takes girls only")


def test_vacant_bed_for_girls_in_a_mixed_home_excludes_a_boy():
    rep = report("AAA", bed(1, "female", "welfare"))
    result = rank_homes(request(gender="male"), [home("AAA")], {"AAA": rep}, NOW)
    assert excluded(result, "AAA") == ("gender", "the only vacant bed is for girls")


def test_girls_bed_now_but_a_boys_bed_later_is_no_vacancy():
    later = TODAY + timedelta(days=3)
    rep = report("AAA", bed(1, "female"), bed(1, "male", "any", later))
    result = rank_homes(request(gender="male"), [home("AAA")], {"AAA": rep}, NOW)
    assert excluded(result, "AAA")[0] == "no_vacancy"


@pytest.mark.parametrize("gender", ["non_binary", "unknown", None])
def test_non_binary_child_keeps_single_sex_homes_with_a_warning(gender):
    h = home("AAA", genders="female")
    result = rank_homes(request(gender=gender), [h], {"AAA": report("AAA")}, NOW)
    assert ranked_codes(result) == ["AAA"]
    assert any("single-sex home" in w for w in result.ranked[0].warnings)


def test_non_binary_child_with_only_a_gendered_bed_gets_a_warning():
    rep = report("AAA", bed(1, "male"))
    result = rank_homes(request(gender="non_binary"), [home("AAA")], {"AAA": rep}, NOW)
    assert ranked_codes(result) == ["AAA"]
    assert any("one gender only" in w for w in result.ranked[0].warnings)


def test_age_outside_the_range_is_excluded():
    h = home("AAA", min_age=12)
    result = rank_homes(request(age=11), [h], {"AAA": report("AAA")}, NOW)
    assert excluded(result, "AAA") == ("age", "takes ages 12 to 17; the child is 11")
    result = rank_homes(request(age=18), [h], {"AAA": report("AAA")}, NOW)
    assert excluded(result, "AAA")[0] == "age"


def under_13_warnings(age: int, approval: str | None) -> list[str]:
    req = request(age=age, secretary_of_state_approval=approval)
    result = rank_homes(req, [home("AAA")], {"AAA": report("AAA")}, NOW)
    return [w for w in result.ranked[0].warnings if "Secretary of State" in w]


def test_under_13_is_ranked_with_a_warning_while_approval_is_not_noted():
    assert under_13_warnings(12, None) == [
        "under 13: no note of Secretary of State approval, needed before a secure placement"
    ]


def test_under_13_with_approval_granted_has_no_warning():
    assert under_13_warnings(12, "granted") == []
    assert under_13_warnings(13, None) == []  # 13 and over: no approval needed


def test_under_13_with_approval_sought_or_in_other_words_says_so():
    assert under_13_warnings(11, "sought") == [
        "under 13: Secretary of State approval is being sought, not yet granted"
    ]
    assert under_13_warnings(11, "letter from DfE expected Friday") == [
        "under 13: Secretary of State approval noted as “letter from DfE expected Friday”: "
        "check it is granted"
    ]


def test_13_year_old_has_no_under_13_warning():
    result = rank_homes(request(age=13), [home("AAA")], {"AAA": report("AAA")}, NOW)
    assert not any("under 13" in w for w in result.ranked[0].warnings)


def test_home_that_cannot_manage_a_risk_is_excluded():
    h = home("AAA", cannot_manage=frozenset({"fire_setting"}))
    req = request(risks=frozenset({"cse", "fire_setting"}))
    result = rank_homes(req, [h], {"AAA": report("AAA")}, NOW)
    assert excluded(result, "AAA") == ("cannot_manage", "cannot manage fire setting")


def test_cannot_manage_a_risk_the_child_does_not_have_is_fine():
    h = home("AAA", cannot_manage=frozenset({"fire_setting"}))
    result = rank_homes(request(), [h], {"AAA": report("AAA")}, NOW)
    assert ranked_codes(result) == ["AAA"]


def test_risk_the_home_has_not_mentioned_is_a_warning():
    req = request(risks=frozenset({"cse", "fire_setting"}))
    result = rank_homes(req, [home("AAA")], {"AAA": report("AAA")}, NOW)
    assert "has not said it manages fire setting" in result.ranked[0].warnings


def test_avoided_home_code():
    req = request(avoid_home_codes=frozenset({"AAA"}))
    result = rank_homes(req, [home("AAA")], {"AAA": report("AAA")}, NOW)
    assert excluded(result, "AAA") == (
        "avoided",
        "the local authority asked to avoid this home",
    )


@pytest.mark.parametrize("miles", [9.5, 12.9])
def test_home_within_10_miles_of_an_avoided_areas_edge_is_excluded(miles: float):
    # The area's point is its centre; its edge lies 3 miles out (rules.AREA_EXTENT_MILES).
    h = home("AAA")
    area = place_north_of(_place_of(h), miles, "Southampton")
    result = rank_homes(request(avoid_areas=(area,)), [h], {"AAA": report("AAA")}, NOW)
    # The detail names the rule, so 12.9 miles does not sound like a broken 10-mile rule.
    assert excluded(result, "AAA") == (
        "avoided",
        f"within 13 miles of the centre of Southampton ({miles} miles): the area plus 10 "
        "miles, which the local authority asked to avoid",
    )


def test_home_14_miles_from_an_avoided_areas_centre_is_not_excluded():
    h = home("AAA")
    area = place_north_of(_place_of(h), 14.0, "Southampton")
    result = rank_homes(request(avoid_areas=(area,)), [h], {"AAA": report("AAA")}, NOW)
    assert ranked_codes(result) == ["AAA"]


def test_declined_home_is_excluded():
    req = request(declined_home_codes=frozenset({"AAA"}))
    result = rank_homes(req, [home("AAA")], {"AAA": report("AAA")}, NOW)
    assert excluded(result, "AAA")[0] == "declined"


def test_inadequate_home_is_excluded():
    h = home("AAA", ofsted="Inadequate")
    result = rank_homes(request(), [h], {"AAA": report("AAA")}, NOW)
    assert excluded(result, "AAA") == ("ofsted", "Ofsted: Inadequate")


def test_one_reason_per_home_in_precedence_order():
    # Breaks every rule at once: each rule removed in turn exposes the next reason.
    h = home(
        "AAA",
        ofsted="Inadequate",
        welfare_beds=0,
        genders="male",
        min_age=15,
        cannot_manage=frozenset({"cse"}),
    )
    req = request(declined_home_codes=frozenset({"AAA"}), avoid_home_codes=frozenset({"AAA"}))
    seen = []
    fixes = [
        lambda r, h: (replace(r, declined_home_codes=frozenset()), h),
        lambda r, h: (replace(r, avoid_home_codes=frozenset()), h),
        lambda r, h: (r, replace(h, ofsted="Good")),
        lambda r, h: (r, replace(h, welfare_beds=4)),
        lambda r, h: (r, replace(h, genders="mixed")),
        lambda r, h: (r, replace(h, min_age=10)),
        lambda r, h: (r, replace(h, cannot_manage=frozenset())),
    ]
    for fix in fixes:
        result = rank_homes(req, [h], {}, NOW)
        assert len(result.excluded) == 1
        seen.append(result.excluded[0].reason)
        req, h = fix(req, h)
    seen.append(rank_homes(req, [h], {}, NOW).excluded[0].reason)
    assert tuple(seen) == EXCLUSION_REASONS


def test_excluded_reasons_are_the_documented_codes():
    assert set(EXCLUSION_REASONS) == {
        "gender",
        "age",
        "no_vacancy",
        "placement_type",
        "cannot_manage",
        "avoided",
        "declined",
        "ofsted",
    }


def _place_of(h):
    from bot.domain.model import Place

    return Place(h.town, h.latitude, h.longitude)
