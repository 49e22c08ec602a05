"""Settings: a bad setting stops start-up with one line naming it; the store folder carries
its database with it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.harness import REPO
from bot.settings import SettingsError, load_settings

CONFIG = REPO / "config" / "settings.toml"


def test_the_store_folder_moves_the_default_database_too(tmp_path: Path) -> None:
    s = load_settings(CONFIG, env={"SWCU_STORE_DIR": str(tmp_path / "elsewhere")})
    assert s.database_url == f"sqlite:///{tmp_path / 'elsewhere' / 'swcu.db'}"
    assert s.maildir == tmp_path / "elsewhere" / "maildir"
    named = load_settings(
        CONFIG, env={"SWCU_STORE_DIR": str(tmp_path), "SWCU_DATABASE_URL": "sqlite:///x.db"}
    )
    assert named.database_url == "sqlite:///x.db"  # a database named on its own stays


def test_a_store_folder_that_is_a_file_is_refused(tmp_path: Path) -> None:
    afile = tmp_path / "store"
    afile.write_text("")
    with pytest.raises(SettingsError, match=r"^SWCU_STORE_DIR: .* is a file, not a folder$"):
        load_settings(CONFIG, env={"SWCU_STORE_DIR": str(afile)})


@pytest.mark.parametrize(
    ("env", "words"),
    [
        ({"SWCU_SLACK_OFFICERS": "not valid!"}, "SWCU_SLACK_OFFICERS: 'not valid!' is not a Slack"),
        ({"SWCU_SLACK_OFFICERS": "U012AB3CD,bob"}, "SWCU_SLACK_OFFICERS: 'bob'"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET: SLACK_BOT_TOKEN is set without"),
    ],
)
def test_bad_slack_settings_stop_start_up(env: dict[str, str], words: str) -> None:
    with pytest.raises(SettingsError, match=words):
        load_settings(CONFIG, env=env)


def test_good_slack_settings_are_taken() -> None:
    s = load_settings(
        CONFIG,
        env={
            "SWCU_SLACK_OFFICERS": "U012AB3CD, W0XYZ12",
            "SLACK_BOT_TOKEN": "xoxb-1",
            "SLACK_SIGNING_SECRET": "s",
        },
    )
    assert {"U012AB3CD", "W0XYZ12"} <= s.slack.officers and s.slack.enabled
    assert load_settings(CONFIG, env={"SLACK_BOT_TOKEN": "x", "SLACK_APP_TOKEN": "y"}).slack.enabled
