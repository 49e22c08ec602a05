"""The scheduler's settings: defaults, and a bad value refused in one line that names it."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from bot.cli import main
from bot.settings import SettingsError, load_settings

ENV = {"SWCU_DATABASE_URL": "sqlite:///unused.db"}


def settings_from(tmp_path: Path, toml: str, **env: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "settings.toml"
    path.write_text(toml, encoding="utf-8")
    return load_settings(path, env={**ENV, **env})


def test_defaults(tmp_path: Path) -> None:
    s = settings_from(tmp_path, "")
    assert s.calendar.hours[0] == (time(9), time(17)) and s.calendar.hours[4] == (time(9), time(19))
    assert 5 not in s.calendar.hours and 6 not in s.calendar.hours
    assert (s.schedule.vacancy_reminder, s.schedule.vacancy_chase) == (time(9, 30), time(11, 30))
    assert s.schedule.enabled and not s.notify.sms_enabled
    assert s.notify.inbound_poll_seconds == 60 and not s.notify.inbound_enabled


def test_sms_replies_are_read_when_sms_is_on_unless_switched_off(tmp_path: Path) -> None:
    key = "test-" + "1" * 36 + "-" + "2" * 36
    toml = '[notify]\nsms_template_id = "f33517ff-2a88-4f6e-b855-c550268ce08a"\n'
    assert settings_from(tmp_path, toml, SWCU_NOTIFY_API_KEY=key).notify.inbound_enabled
    off = settings_from(tmp_path, toml + "inbound_poll_seconds = 0\n", SWCU_NOTIFY_API_KEY=key)
    assert off.notify.sms_enabled and not off.notify.inbound_enabled


@pytest.mark.parametrize(
    ("toml", "env", "named"),
    [
        ('[calendar]\nhours = { fri = "19:00-09:00" }', {}, "calendar.hours.fri"),
        ('[calendar]\nhours = { fry = "09:00-17:00" }', {}, "calendar.hours.fry"),
        ('[calendar]\nclosed_days = ["24/12/2026"]', {}, "calendar.closed_days"),
        ('[schedule]\nvacancy_reminder = "9.30"', {}, "schedule.vacancy_reminder"),
        ("[schedule]\nguard_warning_minutes = 130", {}, "schedule.guard_warning_minutes"),
        ("[schedule.grace_minutes]\nvacancy_reminder = 0", {},
         "schedule.grace_minutes.vacancy_reminder"),
        ('[oncall]\ndefault = "zed"', {}, "oncall.default"),
        ('[oncall]\npeople = { ann = { phone = "call me" } }', {}, "oncall.people.ann.phone"),
        ('[contacts]\nauthorities = ["a@x.test, b@x.test"]', {}, "contacts.authorities"),
        ('[notify]\nsms_template_id = "abc"', {}, "notify.sms_template_id"),
        ("[notify]\ninbound_poll_seconds = -1", {}, "notify.inbound_poll_seconds"),
        ('[notify]\ninbound_poll_seconds = "60"', {}, "notify.inbound_poll_seconds"),
        ("", {"SWCU_NOTIFY_API_KEY": "short"}, "SWCU_NOTIFY_API_KEY"),
        ("", {"SWCU_NOTIFY_BASE_URL": "ftp://x"}, "SWCU_NOTIFY_BASE_URL"),
        ("", {"SWCU_SCHEDULER": "maybe"}, "SWCU_SCHEDULER"),
    ],
)
def test_a_bad_setting_is_named(tmp_path: Path, toml: str, env: dict[str, str],
                                named: str) -> None:
    with pytest.raises(SettingsError) as err:
        settings_from(tmp_path, toml, **env)
    assert str(err.value).startswith(f"{named}:")
    assert "\n" not in str(err.value)


def test_the_command_line_reports_it_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('[schedule]\nvacancy_chase = "25:00"\n', encoding="utf-8")
    assert main(["schedule", "list"], env={**ENV, "SWCU_CONFIG": str(path)}) == 2
    err = capsys.readouterr().err
    assert err.startswith("swcu: schedule.vacancy_chase:") and err.count("\n") == 1
