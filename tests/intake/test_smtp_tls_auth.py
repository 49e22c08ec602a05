"""STARTTLS and AUTH, switched on by configuration, against a running server."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme

from bot.harness import ServerProcess
from tests.conftest import sample
from tests.support.databases import sqlite_url


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[ServerProcess, ssl.SSLContext]]:
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert.private_key_pem.write_to_path(str(key_file))
    cert.cert_chain_pems[0].write_to_path(str(cert_file))
    config = tmp_path / "settings.toml"
    config.write_text(
        f'smtp_tls_cert = "{cert_file}"\nsmtp_tls_key = "{key_file}"\nsmtp_require_auth = true\n'
    )
    client_context = ssl.create_default_context()
    ca.configure_trust(client_context)
    proc = ServerProcess(
        tmp_path / "store",
        sqlite_url(tmp_path),
        config=config,
        extra_env={"SWCU_SMTP_AUTH_USERS": "gateway:s3cret"},
    )
    proc.start()
    yield proc, client_context
    proc.stop()


def test_starttls_then_auth_then_delivery(tls_server: tuple[ServerProcess, ssl.SSLContext]) -> None:
    proc, context = tls_server
    with smtplib.SMTP("127.0.0.1", proc.port, timeout=30) as smtp:
        smtp.ehlo()
        assert smtp.has_extn("starttls")
        code, _ = smtp.mail("sw@hants-cs.test")
        assert code == 530  # authentication required first
        smtp.rset()
        smtp.starttls(context=context)
        smtp.ehlo()
        assert smtp.has_extn("auth")
        with pytest.raises(smtplib.SMTPAuthenticationError):
            smtp.login("gateway", "wrong")
        smtp.login("gateway", "s3cret")
        refused = smtp.sendmail("sw@hants-cs.test", ["referrals@swcu.test"], sample("01"))
        assert refused == {}


def test_auth_is_not_offered_in_clear(tls_server: tuple[ServerProcess, ssl.SSLContext]) -> None:
    proc, _ = tls_server
    with smtplib.SMTP("127.0.0.1", proc.port, timeout=30) as smtp:
        smtp.ehlo()
        assert not smtp.has_extn("auth")
