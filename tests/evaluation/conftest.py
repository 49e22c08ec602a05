from __future__ import annotations

import pytest

from bot.intake.parsing import ParseContext
from bot.reference.authorities import load_authorities
from tests.support.homes import demo_homes


@pytest.fixture(scope="session")
def ctx() -> ParseContext:
    """As `swcu eval parse` parses: the real authorities, the demo homes."""
    return ParseContext(authorities=load_authorities(), homes=demo_homes())
