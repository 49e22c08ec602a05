"""Hostile and odd messages, generated: the attacks of issue 8 for `swcu bench hostile`
and the tests. Each is a few lines of code rather than a file, so the bench depends on
nothing but itself.

    ATTACKS["long_header"](tag) -> bytes   # one complete message, Message-ID made from tag
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from email.utils import formatdate

SENDER = "duty.team@hants-cs.test"  # an address of a known authority: read, not quarantined


def _head(tag: str, extra: str = "", subject: str = "Secure welfare referral") -> str:
    return (
        f"From: Duty Team <{SENDER}>\r\nTo: referrals@swcu.test\r\n"
        f"Subject: {subject}\r\nDate: {formatdate()}\r\n"
        f"Message-ID: <hostile-{tag}@hants-cs.test>\r\nMIME-Version: 1.0\r\n{extra}"
    )


def referral_body(initials: str = "AK") -> str:
    """A complete referral in labelled lines (the kind the parser reads best)."""
    return (
        "Placing authority: Hampshire\r\nSocial worker: Duty Team\r\n"
        f"Child initials: {initials}\r\nDate of birth: 04/05/2011\r\nGender: Female\r\n"
        "Home area: Portsmouth\r\nLegal status: S25 interim order\r\nBed needed by: ASAP\r\n"
        "Risks: CSE, going missing\r\nNeeds: EHCP\r\n"
    )


def normal_referral(tag: str) -> bytes:
    return (
        _head(tag) + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + referral_body()
    ).encode()


def long_header(tag: str, length: int = 200_000) -> bytes:
    """A To header of `length` characters with no "@" (the address regex backtracked)."""
    head = _head(tag).replace("To: referrals@swcu.test", "To: " + "a" * length)
    return (head + "Content-Type: text/plain\r\n\r\n" + referral_body()).encode()


def surrogates(tag: str) -> bytes:
    """UTF-7 encoded words that decode to lone surrogates, in Subject and a filename."""
    lone = "=?utf-7?q?+2AA-?="
    return (
        _head(tag, subject=f"Referral {lone} {lone}")
        + 'Content-Type: multipart/mixed; boundary="s"\r\n\r\n'
        + "--s\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        + referral_body()
        + "--s\r\nContent-Type: application/pdf\r\n"
        + f'Content-Disposition: attachment; filename="{lone}.pdf"\r\n'
        + "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--s--\r\n"
    ).encode()


def many_references(tag: str, count: int = 1_500) -> bytes:
    """A reply whose References name `count` ids (one SQL term each, once)."""
    ids = " ".join(f"<ref-{tag}-{i}@elsewhere.test>" for i in range(count))
    extra = f"In-Reply-To: <ref-{tag}-0@elsewhere.test>\r\nReferences: {ids}\r\n"
    return (
        _head(tag, extra, subject="Re: Secure welfare referral")
        + "Content-Type: text/plain\r\n\r\n"
        + referral_body()
    ).encode()


def deep_mime(tag: str, depth: int = 1_000) -> bytes:
    """`depth` nested multipart parts (the email package recursed into RecursionError)."""
    opening = "".join(
        f'--b{i}\r\nContent-Type: multipart/mixed; boundary="b{i + 1}"\r\n\r\n'
        for i in range(depth)
    )
    return (
        _head(tag)
        + 'Content-Type: multipart/mixed; boundary="b0"\r\n\r\n'
        + opening
        + f"--b{depth}\r\nContent-Type: text/plain\r\n\r\n"
        + referral_body()
    ).encode()


def long_line(tag: str, length: int = (1 << 20) + 1_000) -> bytes:
    """A body line longer than 1 MiB (answered "500 Line too long")."""
    body = referral_body() + "Other information: " + "x" * length + "\r\n"
    return (_head(tag) + "Content-Type: text/plain\r\n\r\n" + body).encode()


def docx_bomb(tag: str, paragraphs: int = 2_000_000) -> bytes:
    """A small .docx whose document.xml expands to millions of empty paragraphs."""
    import base64

    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body>" + "<w:p/>" * paragraphs + "</w:body></w:document>"
    )
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/></Relationships>'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/document.xml", xml)
    data = base64.encodebytes(buf.getvalue()).decode().replace("\n", "\r\n")
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return (
        _head(tag)
        + 'Content-Type: multipart/mixed; boundary="d"\r\n\r\n'
        + "--d\r\nContent-Type: text/plain\r\n\r\nPlease see the attached referral form.\r\n"
        + f"--d\r\nContent-Type: {docx}\r\n"
        + 'Content-Disposition: attachment; filename="form.docx"\r\n'
        + f"Content-Transfer-Encoding: base64\r\n\r\n{data}--d--\r\n"
    ).encode()


ATTACKS: dict[str, Callable[[str], bytes]] = {
    "long_header": long_header,
    "surrogates": surrogates,
    "many_references": many_references,
    "deep_mime": deep_mime,
    "long_line": long_line,
    "docx_bomb": docx_bomb,
}
