"""One validated settings object, read once at start-up and passed in.

Values come from the TOML file (`SWCU_CONFIG`, default `config/settings.toml`) and are then
overridden by the environment; secrets (Slack tokens, SMTP passwords) come from the
environment only. A bad value raises `SettingsError` naming the setting, so start-up can
report it in one line.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bot.matching.policy import DEFAULT_POLICY, PolicyError, RankingPolicy
from bot.settings_schedule import (
    CalendarSettings,
    ContactSettings,
    NotifySettings,
    OnCallSettings,
    ScheduleSettings,
    calendar_settings,
    contact_settings,
    notify_settings,
    oncall_settings,
    schedule_settings,
)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CONFIG = ROOT / "config" / "settings.toml"


class SettingsError(ValueError):
    """A setting is missing or wrong; the message names it."""


@dataclass(frozen=True)
class HostPort:
    host: str
    port: int

    @classmethod
    def parse(cls, name: str, value: str) -> HostPort:
        host, sep, port = value.rpartition(":")
        if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise SettingsError(f"{name}: expected host:port, got {value!r}")
        return cls(host.strip("[]"), int(port))

    def __str__(self) -> str:
        return f"{self.host}:{self.port}"


@dataclass(frozen=True)
class SlackSettings:
    bot_token: str | None = None
    signing_secret: str | None = None
    app_token: str | None = None
    api_url: str | None = None
    listen: HostPort = HostPort("127.0.0.1", 3000)
    channel: str = "#swcu-referrals"
    officers: frozenset[str] = frozenset()
    managers: frozenset[str] = frozenset()
    on_call: frozenset[str] = frozenset()
    viewers: frozenset[str] = frozenset()

    @property
    def enabled(self) -> bool:
        return bool(self.bot_token and (self.signing_secret or self.app_token))


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite:///store/swcu.db"
    sqlite_busy_timeout_ms: int = 30_000
    store_dir: Path = ROOT / "store"
    mail_domain: str = "swcu.test"
    unit_name: str = "Secure Welfare Coordination Unit"
    unit_inbox: str = "officers@swcu.test"
    smtp_listen: HostPort = HostPort("127.0.0.1", 8025)
    smtp_relay: HostPort | None = None
    smtp_relay_user: str | None = None
    smtp_relay_password: str | None = None
    smtp_relay_starttls: bool = False
    max_message_bytes: int = 25 * 1024 * 1024
    smtp_tls_cert: Path | None = None
    smtp_tls_key: Path | None = None
    smtp_require_auth: bool = False
    smtp_auth_users: Mapping[str, str] = field(default_factory=dict)
    extra_authority_domains: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    auto_send_lists: bool = False
    list_size: int = 5
    raw_retention_days: int = 365
    outbox_max_attempts: int = 8
    timezone: str = "Europe/London"
    single_cpu: bool = True
    slack: SlackSettings = field(default_factory=SlackSettings)
    ranking: RankingPolicy = DEFAULT_POLICY
    calendar: CalendarSettings = field(default_factory=CalendarSettings)
    schedule: ScheduleSettings = field(default_factory=ScheduleSettings)
    contacts: ContactSettings = field(default_factory=ContactSettings)
    oncall: OnCallSettings = field(default_factory=OnCallSettings)
    notify: NotifySettings = field(default_factory=NotifySettings)

    @property
    def referrals_address(self) -> str:
        return f"referrals@{self.mail_domain}"

    @property
    def vacancies_address(self) -> str:
        return f"vacancies@{self.mail_domain}"

    @property
    def maildir(self) -> Path:
        return self.store_dir / "maildir"

    def with_overrides(self, **changes: Any) -> Settings:
        return replace(self, **changes)


_SLACK_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")


def _ids(name: str, value: Any) -> frozenset[str]:
    if isinstance(value, str):
        value = [v for v in value.split(",")]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SettingsError(f"{name}: expected a list of Slack user IDs")
    ids = frozenset(v.strip() for v in value if v.strip())
    for v in sorted(ids):
        if not _SLACK_ID.match(v):
            raise SettingsError(f"{name}: {v!r} is not a Slack user ID (like U012AB3CD)")
    return ids


def _typed(name: str, value: Any, kind: type) -> Any:
    if kind is bool and isinstance(value, bool):
        return value
    if kind is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind is str and isinstance(value, str) and value.strip():
        return value.strip()
    raise SettingsError(f"{name}: expected {kind.__name__}, got {value!r}")


def load_settings(
    config_path: str | Path | None = None, env: Mapping[str, str] | None = None
) -> Settings:
    env = os.environ if env is None else env
    path = Path(config_path or env.get("SWCU_CONFIG") or DEFAULT_CONFIG)
    data: dict[str, Any] = {}
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(f"SWCU_CONFIG: {path} is not valid TOML: {exc}") from None
    elif config_path or env.get("SWCU_CONFIG"):
        raise SettingsError(f"SWCU_CONFIG: no such file {path}")
    return _build(data, env)


def _build(data: dict[str, Any], env: Mapping[str, str]) -> Settings:
    base = Settings()
    kw: dict[str, Any] = {}
    simple: dict[str, type] = {
        "database_url": str,
        "sqlite_busy_timeout_ms": int,
        "mail_domain": str,
        "unit_name": str,
        "unit_inbox": str,
        "max_message_bytes": int,
        "auto_send_lists": bool,
        "list_size": int,
        "raw_retention_days": int,
        "outbox_max_attempts": int,
        "timezone": str,
        "smtp_require_auth": bool,
        "smtp_relay_starttls": bool,
        "single_cpu": bool,
    }
    known = set(simple) | {
        "store_dir",
        "smtp_listen",
        "smtp_relay",
        "smtp_tls_cert",
        "smtp_tls_key",
        "extra_authority_domains",
        "slack",
        "ranking",
        "calendar",
        "schedule",
        "contacts",
        "oncall",
        "notify",
    }
    unknown = set(data) - known
    if unknown:
        raise SettingsError(f"{sorted(unknown)[0]}: unknown setting")
    for key, kind in simple.items():
        if key in data:
            kw[key] = _typed(key, data[key], kind)
    for key in ("max_message_bytes", "list_size", "outbox_max_attempts"):
        if key in kw and kw[key] <= 0:
            raise SettingsError(f"{key}: must be positive")
    if "store_dir" in data:
        kw["store_dir"] = ROOT / _typed("store_dir", data["store_dir"], str)
    for key in ("smtp_tls_cert", "smtp_tls_key"):
        if key in data:
            kw[key] = Path(_typed(key, data[key], str))
    if "smtp_listen" in data:
        kw["smtp_listen"] = HostPort.parse(
            "smtp_listen", _typed("smtp_listen", data["smtp_listen"], str)
        )
    if "smtp_relay" in data:
        kw["smtp_relay"] = HostPort.parse(
            "smtp_relay", _typed("smtp_relay", data["smtp_relay"], str)
        )
    domains = data.get("extra_authority_domains", {})
    if not isinstance(domains, dict):
        raise SettingsError("extra_authority_domains: expected a table of GSS code = [domains]")
    kw["extra_authority_domains"] = {
        code: tuple(d.lower() for d in v)
        for code, v in domains.items()
        if isinstance(v, list) or _raise(f"extra_authority_domains.{code}: expected a list")
    }

    # Environment overrides.
    if env.get("SWCU_DATABASE_URL"):
        kw["database_url"] = env["SWCU_DATABASE_URL"]
    if env.get("SWCU_SMTP_LISTEN"):
        kw["smtp_listen"] = HostPort.parse("SWCU_SMTP_LISTEN", env["SWCU_SMTP_LISTEN"])
    if env.get("SWCU_SMTP_RELAY"):
        kw["smtp_relay"] = HostPort.parse("SWCU_SMTP_RELAY", env["SWCU_SMTP_RELAY"])
    if env.get("SWCU_STORE_DIR"):
        kw["store_dir"] = Path(env["SWCU_STORE_DIR"])
        # The database in the store (the default) moves with it; one named elsewhere stays.
        url = kw.get("database_url", base.database_url)
        if not env.get("SWCU_DATABASE_URL") and url.startswith(_STORE_SQLITE):
            moved = kw["store_dir"].resolve() / url[len(_STORE_SQLITE) :]
            kw["database_url"] = f"sqlite:///{moved}"
    kw["smtp_relay_user"] = env.get("SWCU_SMTP_RELAY_USER") or None
    kw["smtp_relay_password"] = env.get("SWCU_SMTP_RELAY_PASSWORD") or None
    users = env.get("SWCU_SMTP_AUTH_USERS")  # "user:password,user2:password2"
    if users:
        pairs = [u.split(":", 1) for u in users.split(",") if u]
        if any(len(p) != 2 for p in pairs):
            raise SettingsError("SWCU_SMTP_AUTH_USERS: expected user:password,…")
        kw["smtp_auth_users"] = {p[0]: p[1] for p in pairs}

    kw["slack"] = _slack(data.get("slack", {}), env)
    kw["ranking"] = _ranking(data.get("ranking", {}))
    kw["calendar"] = calendar_settings(data.get("calendar", {}))
    kw["schedule"] = schedule_settings(data.get("schedule", {}), env)
    kw["contacts"] = contact_settings(data.get("contacts", {}))
    kw["oncall"] = oncall_settings(data.get("oncall", {}), ROOT)
    kw["notify"] = notify_settings(data.get("notify", {}), env)
    settings = replace(base, **kw)
    _check(settings)
    return settings


_STORE_SQLITE = "sqlite:///store/"


def _raise(message: str) -> bool:
    raise SettingsError(message)


def _slack(data: Any, env: Mapping[str, str]) -> SlackSettings:
    if not isinstance(data, dict):
        raise SettingsError("slack: expected a table")
    officers = _ids("slack.officers", data.get("officers", []))
    if env.get("SWCU_SLACK_OFFICERS"):
        officers |= _ids("SWCU_SLACK_OFFICERS", env["SWCU_SLACK_OFFICERS"])
    listen = HostPort("127.0.0.1", 3000)
    if env.get("SWCU_SLACK_LISTEN"):
        listen = HostPort.parse("SWCU_SLACK_LISTEN", env["SWCU_SLACK_LISTEN"])
    return SlackSettings(
        bot_token=env.get("SLACK_BOT_TOKEN") or None,
        signing_secret=env.get("SLACK_SIGNING_SECRET") or None,
        app_token=env.get("SLACK_APP_TOKEN") or None,
        api_url=env.get("SWCU_SLACK_API_URL") or None,
        listen=listen,
        channel=_typed("slack.channel", data.get("channel", "#swcu-referrals"), str),
        officers=officers,
        managers=_ids("slack.managers", data.get("managers", [])),
        on_call=_ids("slack.on_call", data.get("on_call", [])),
        viewers=_ids("slack.viewers", data.get("viewers", [])),
    )


def _ranking(data: Any) -> RankingPolicy:
    """The `[ranking]` table: the ranking policy (bot/matching/policy.py), validated."""
    if not isinstance(data, dict):
        raise SettingsError("ranking: expected a table")
    known = {"order", "distance_band_miles", "recent_vacancy_hours"}
    unknown = set(data) - known
    if unknown:
        raise SettingsError(f"ranking.{sorted(unknown)[0]}: unknown setting")
    kw: dict[str, Any] = {}
    if "order" in data:
        order = data["order"]
        if not isinstance(order, list):
            raise SettingsError(f"ranking.order: expected a list of factor names, got {order!r}")
        kw["order"] = tuple(order)
    for key in ("distance_band_miles", "recent_vacancy_hours"):
        if key in data:
            kw[key] = data[key]
    try:
        return RankingPolicy(**kw)
    except PolicyError as exc:
        raise SettingsError(f"ranking.{exc}") from None


def _check(s: Settings) -> None:
    if "://" not in s.database_url:
        raise SettingsError(f"SWCU_DATABASE_URL: not a database URL: {s.database_url!r}")
    if not s.database_url.startswith(("sqlite", "postgresql")):
        raise SettingsError("SWCU_DATABASE_URL: only sqlite and postgresql are supported")
    if s.store_dir.exists() and not s.store_dir.is_dir():
        raise SettingsError(f"SWCU_STORE_DIR: {s.store_dir} is a file, not a folder")
    if s.slack.bot_token and not (s.slack.signing_secret or s.slack.app_token):
        raise SettingsError(
            "SLACK_SIGNING_SECRET: SLACK_BOT_TOKEN is set without its signing secret "
            "(or SLACK_APP_TOKEN for Socket Mode)"
        )
    if "@" not in s.unit_inbox:
        raise SettingsError("unit_inbox: expected an email address")
    if bool(s.smtp_tls_cert) != bool(s.smtp_tls_key):
        raise SettingsError("smtp_tls_cert: smtp_tls_cert and smtp_tls_key go together")
    if s.smtp_require_auth and not s.smtp_auth_users:
        raise SettingsError("SWCU_SMTP_AUTH_USERS: smtp_require_auth is on but no users are set")
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(s.timezone)
    except Exception:
        raise SettingsError(f"timezone: unknown time zone {s.timezone!r}") from None
