"""The `[ranking]` table of the settings: read into the policy, refused with its name."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.harness import REPO
from bot.matching.policy import DEFAULT_POLICY, RankingPolicy
from bot.settings import SettingsError, load_settings


def settings_file(tmp_path: Path, ranking: str) -> Path:
    path = tmp_path / "settings.toml"
    path.write_text(f"list_size = 5\n\n[ranking]\n{ranking}\n")
    return path


def test_the_shipped_settings_hold_the_default_policy():
    assert load_settings(REPO / "config" / "settings.toml", env={}).ranking == DEFAULT_POLICY


def test_no_ranking_table_is_the_default_policy(tmp_path: Path):
    path = tmp_path / "settings.toml"
    path.write_text("list_size = 5\n")
    assert load_settings(path, env={}).ranking == DEFAULT_POLICY


def test_the_unit_sets_its_own_order_and_numbers(tmp_path: Path):
    text = (
        'order = ["distance", "risks", "ofsted"]\n'
        "distance_band_miles = 40\n"
        "recent_vacancy_hours = 12"
    )
    settings = load_settings(settings_file(tmp_path, text), env={})
    assert settings.ranking == RankingPolicy(
        order=("distance", "risks", "ofsted"), distance_band_miles=40, recent_vacancy_hours=12
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('order = ["distance", "price"]', "ranking.order: unknown factor 'price'"),
        ("order = 3", "ranking.order: expected a list of factor names, got 3"),
        ('distance_band_miles = "25"', "ranking.distance_band_miles: expected a whole number"),
        ("distance_band_miles = -1", "ranking.distance_band_miles: expected a whole number"),
        ("recent_vacancy_hours = 1.5", "ranking.recent_vacancy_hours: expected a whole number"),
        ("weights = 1", "ranking.weights: unknown setting"),
    ],
)
def test_a_bad_value_is_refused_in_one_line_naming_it(tmp_path: Path, text: str, message: str):
    with pytest.raises(SettingsError) as caught:
        load_settings(settings_file(tmp_path, text), env={})
    assert str(caught.value).startswith(message) and "\n" not in str(caught.value)


def test_ranking_must_be_a_table(tmp_path: Path):
    path = tmp_path / "settings.toml"
    path.write_text('ranking = "distance"\n')
    with pytest.raises(SettingsError, match="^ranking: expected a table$"):
        load_settings(path, env={})
