"""The plain-address shortcut of headers.addresses gives what getaddresses gives."""

from __future__ import annotations

import random

import pytest

from bot.intake.parsing import headers

PLAIN = [
    "referrals@swcu.test",
    "Referrals@SWCU.Test",
    "Social Worker 1 <sw1@kent-cs.test>",
    "a.b+c_d-e@x-y.z.example",
    "u@localhost",
    "Duty Team <duty.team@leeds-cs.test>",
]


@pytest.mark.parametrize("value", PLAIN)
def test_plain_values_take_the_shortcut(value: str) -> None:
    assert headers._SIMPLE.fullmatch(value)


def _slow(values: list[str]) -> list[str]:
    saved = headers._SIMPLE
    headers._SIMPLE = headers.re.compile(r"(?!)")  # never plain: getaddresses for all
    try:
        return headers.addresses(values)
    finally:
        headers._SIMPLE = saved


def test_the_shortcut_agrees_with_getaddresses() -> None:
    rng = random.Random(5)
    alphabet = "aZ0._+-@ <>,\"'()."
    values = [*PLAIN, ""]
    for _ in range(3000):
        base = rng.choice(PLAIN)
        chars = list(base)
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(chars) + 1)
            if rng.random() < 0.5 and chars[i:]:
                del chars[i]
            else:
                chars.insert(i, rng.choice(alphabet))
        values.append("".join(chars))
    for n in range(len(values)):
        group = values[n : n + rng.randint(1, 3)]
        assert headers.addresses(group) == _slow(group), group
