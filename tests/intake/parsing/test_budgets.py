"""Budgets of issue 8 on the parser alone: each hostile shape is read in bounded time, never
raises, and says what it cut."""

from __future__ import annotations

import json
import time

from bot.hostile import deep_mime, long_header, many_references, surrogates
from bot.intake.parsing import AuthorityLookup, ParseContext, headers, parse_message, parsed_to_json
from bot.intake.parsing.headers import address, addresses, find_address


def _ctx(authorities: AuthorityLookup) -> ParseContext:
    return ParseContext(authorities=authorities)


def _timed(raw: bytes, authorities: AuthorityLookup) -> tuple[object, float]:
    started = time.perf_counter()
    parsed = parse_message(raw, _ctx(authorities))
    return parsed, time.perf_counter() - started


def test_address_search_is_linear() -> None:
    # Quadratic before: 20,000 characters took seconds, 200,000 about 100 s.
    started = time.perf_counter()
    assert find_address("a" * 20_000) is None
    assert address("a" * 20_000)[1] is None
    assert addresses(["a" * 20_000]) == []
    assert time.perf_counter() - started < 0.5


def test_nested_comments_in_an_address_do_not_raise() -> None:
    # The email package parses "(((…" recursively: RecursionError.
    assert address("(" * 5_000 + "x@y.test")[1] == "x@y.test"
    assert addresses(["(" * 5_000]) == []


def test_long_address_header_is_cut_and_flagged(authorities: AuthorityLookup) -> None:
    parsed, seconds = _timed(long_header("lh"), authorities)
    assert seconds < 1.0
    assert "header_too_long" in parsed.flags  # type: ignore[attr-defined]
    assert parsed.sender == "duty.team@hants-cs.test"  # type: ignore[attr-defined]


def test_lone_surrogates_come_out_storable(authorities: AuthorityLookup) -> None:
    parsed = parse_message(surrogates("sg"), _ctx(authorities))
    out = json.dumps(parsed_to_json(parsed), ensure_ascii=False)
    out.encode("utf-8")  # raised UnicodeEncodeError: the insert failed the same way
    assert "\\ud800" in parsed.subject  # escaped, not dropped
    for text in [parsed.subject, *parsed.warnings, parsed.text]:
        text.encode("utf-8")


def test_references_are_capped_to_the_newest(authorities: AuthorityLookup) -> None:
    parsed = parse_message(many_references("mr", count=1_500), _ctx(authorities))
    assert len(parsed.references) == headers.MAX_REFERENCES
    assert parsed.references[-1] == "<ref-mr-1499@elsewhere.test>"
    assert parsed.in_reply_to == "<ref-mr-0@elsewhere.test>"


def test_deep_mime_nesting_is_flagged_not_raised(authorities: AuthorityLookup) -> None:
    parsed, seconds = _timed(deep_mime("dm", depth=1_000), authorities)
    assert seconds < 1.0
    assert "mime_too_deep" in parsed.flags  # type: ignore[attr-defined]
    assert "parse_error" not in parsed.flags  # type: ignore[attr-defined]
    assert parsed.sender == "duty.team@hants-cs.test"  # type: ignore[attr-defined]


def test_moderate_nesting_is_still_read(authorities: AuthorityLookup) -> None:
    parsed = parse_message(deep_mime("ok", depth=5), _ctx(authorities))
    assert "mime_too_deep" not in parsed.flags
    assert "Hampshire" in parsed.text


def test_contact_addresses_are_found_in_linear_time() -> None:
    from bot.intake.parsing.people import contact_parts

    started = time.perf_counter()
    # A label value of 50,000 letters took ~140 s (found by the SMTP fuzz test).
    assert contact_parts("a" * 20_000)[1] is None
    assert contact_parts("Ann Lee (" + "b" * 20_000 + " ann@x.test)")[1] == "ann@x.test"
    assert time.perf_counter() - started < 0.5
