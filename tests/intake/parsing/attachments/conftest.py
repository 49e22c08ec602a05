from __future__ import annotations

from pathlib import Path

from bot.intake.parsing.attachments import AttachmentReading, read_attachment

ATTACHMENTS = Path(__file__).resolve().parents[3] / "fixtures" / "attachments"


def read_fixture(name: str, content_type: str = "application/octet-stream") -> AttachmentReading:
    reading = read_attachment(name, content_type, (ATTACHMENTS / name).read_bytes())
    assert reading is not None
    return reading
