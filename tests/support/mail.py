"""Reading what swcu sent: the local maildir of the embedded default."""

from __future__ import annotations

import email
import email.policy
import time
from email.message import EmailMessage
from pathlib import Path


def maildir_messages(maildir: Path) -> list[EmailMessage]:
    out: list[EmailMessage] = []
    for sub in ("new", "cur"):
        folder = maildir / sub
        if folder.is_dir():
            for f in sorted(folder.iterdir()):
                msg = email.message_from_bytes(f.read_bytes(), policy=email.policy.default)
                assert isinstance(msg, EmailMessage)
                out.append(msg)
    return out


def wait_for_mail(maildir: Path, count: int, timeout: float = 10) -> list[EmailMessage]:
    deadline = time.monotonic() + timeout
    while True:
        msgs = maildir_messages(maildir)
        if len(msgs) >= count or time.monotonic() > deadline:
            return msgs
        time.sleep(0.05)


def body_text(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else ""
