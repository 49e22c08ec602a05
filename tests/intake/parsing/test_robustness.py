"""parse_message never raises, whatever bytes arrive, and its JSON always serialises."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.domain.model import ParsedMessage
from bot.intake.parsing import NoAuthorities, ParseContext, parse_message, parsed_to_json

from .conftest import FIXTURES, SAMPLES

CTX = ParseContext(authorities=NoAuthorities())
CORPUS = [p.read_bytes() for p in sorted(SAMPLES.glob("*.eml"))] if SAMPLES.is_dir() else []
CORPUS += [p.read_bytes() for p in sorted(FIXTURES.glob("*.eml"))]
FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _check(raw: bytes) -> None:
    msg = parse_message(raw, CTX)
    assert isinstance(msg, ParsedMessage)
    json.dumps(parsed_to_json(msg))


@FAST
@given(st.binary(max_size=4000))
def test_arbitrary_bytes(raw: bytes) -> None:
    _check(raw)


@FAST
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=2000))
def test_arbitrary_text_after_headers(body: str) -> None:
    _check(b"From: a@b.test\r\nSubject: Secure referral\r\n\r\n" + body.encode("utf-8"))


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    raw = bytearray(draw(st.sampled_from(CORPUS)))
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(["flip", "truncate", "drop_header", "boundary", "insert"]))
        if not raw:
            break
        if op == "flip":
            i = draw(st.integers(0, len(raw) - 1))
            raw[i] = draw(st.integers(0, 255))
        elif op == "truncate":
            del raw[draw(st.integers(0, len(raw) - 1)):]
        elif op == "drop_header":
            lines = bytes(raw).split(b"\n")
            head = lines.index(b"") if b"" in lines else len(lines)
            if head:
                del lines[draw(st.integers(0, head - 1))]
            raw = bytearray(b"\n".join(lines))
        elif op == "boundary":
            raw = bytearray(bytes(raw).replace(b"--=", b"--X", draw(st.integers(1, 3)))
                            .replace(b"boundary=", b"boundary"))
        else:
            i = draw(st.integers(0, len(raw)))
            raw[i:i] = draw(st.binary(min_size=1, max_size=20))
    return bytes(raw)


@FAST
@given(mutated())
def test_mutated_messages(raw: bytes) -> None:
    _check(raw)


def test_parse_error_becomes_unknown(monkeypatch: object) -> None:
    import bot.intake.parsing as parsing

    def boom(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(parsing, "_parse", boom)  # type: ignore[attr-defined]
    msg = parse_message(b"anything", CTX)
    assert msg.kind == "unknown" and "parse_error" in msg.flags and msg.warnings
