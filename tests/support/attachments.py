"""Referral emails carrying the Word and PDF fixtures of tests/fixtures/attachments."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

ATTACHMENTS = Path(__file__).resolve().parents[1] / "fixtures" / "attachments"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TYPES = {".docx": DOCX, ".pdf": "application/pdf", ".doc": "application/msword"}


def email_with(
    *names: str,
    body: str = "Hello,\n\nPlease see the attached referral form.\n\nClaire\n",
    message_id: str = "<attachments-0001@herts-cs.test>",
    files: dict[str, bytes] | None = None,
) -> bytes:
    """A referral from Hertfordshire whose body says only "see the attached form".

    `names` are fixture files; `files` adds attachments made in the test (name: bytes).
    """
    msg = EmailMessage()
    msg["From"] = "Claire Osei <claire.osei@herts-cs.test>"
    msg["To"] = "referrals@swcu.test"
    msg["Subject"] = "Secure welfare referral"
    msg["Date"] = "Wed, 25 Nov 2026 08:31:00 +0000"
    msg["Message-ID"] = message_id
    msg.set_content(body)
    attached = {name: (ATTACHMENTS / name).read_bytes() for name in names} | (files or {})
    for name, data in attached.items():
        ctype = TYPES.get(Path(name).suffix, "application/octet-stream")
        maintype, subtype = ctype.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes()
