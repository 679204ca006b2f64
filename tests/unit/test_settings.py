"""Settings: profiles and preferences round-trip through settings.json, validated."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from console.settings import (
    DEFAULT_PRICES,
    InvalidProfile,
    Profile,
    Settings,
    config_dir,
    data_dir,
    demo_profile,
    log_dir,
    normalize_caller,
    valid_time_zone,
)


def make_profile(**overrides: object) -> Profile:
    values: dict[str, object] = {
        "name": "본사",
        "service_id": "ncp:sms:kr:123456789012:office",
        "access_key": "AKIDEXAMPLE123",
        "caller_numbers": ("02-123-4567",),
    }
    values.update(overrides)
    return Profile(**values)  # type: ignore[arg-type]


def test_folders_follow_sens_console_home(console_home: Path) -> None:
    assert data_dir() == console_home / "data"
    assert config_dir() == console_home / "config"
    assert log_dir() == console_home / "logs"
    assert data_dir().is_dir() and config_dir().is_dir()


def test_defaults_without_file() -> None:
    settings = Settings()
    assert settings.profiles() == []
    assert settings.active_profile_id is None
    assert settings.language == "system"
    assert not settings.path.exists()


def test_profile_round_trip_and_tidying() -> None:
    settings = Settings()
    saved = settings.save_profile(make_profile(name="  본사 ", caller_numbers=("02-123-4567", " ")))
    assert saved.name == "본사"
    assert saved.caller_numbers == ("021234567",)
    assert saved.reservation_time_zone == "Asia/Seoul"
    assert (saved.price_sms, saved.price_lms, saved.price_mms) == (
        DEFAULT_PRICES["SMS"],
        DEFAULT_PRICES["LMS"],
        DEFAULT_PRICES["MMS"],
    )
    settings.set_active_profile(saved.id)
    settings.set_language("en")
    settings.set_value("ui/last_page", "history")
    settings.set_bytes_value("ui/geometry", b"\x00\x01binary")

    again = Settings()
    assert again.profiles() == [saved]
    assert again.active_profile_id == saved.id
    assert again.language == "en"
    assert again.value("ui/last_page") == "history"
    assert again.bytes_value("ui/geometry") == b"\x00\x01binary"


def test_settings_file_has_no_secret_field() -> None:
    settings = Settings()
    settings.save_profile(make_profile())
    data = json.loads(settings.path.read_text(encoding="utf-8"))
    keys = set(data["profiles"][0])
    assert not {k for k in keys if "secret" in k}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": "  "}, "name"),
        ({"service_id": ""}, "service_id"),
        ({"service_id": "ncp sms"}, "service_id"),
        ({"access_key": ""}, "access_key"),
        ({"caller_numbers": ("abc",)}, "caller_numbers"),
        ({"caller_numbers": ("12",)}, "caller_numbers"),
        ({"default_country_code": "8a"}, "default_country_code"),
        ({"reservation_time_zone": "Asia/Nowhere"}, "reservation_time_zone"),
        ({"reservation_time_zone": "../etc/passwd"}, "reservation_time_zone"),
        ({"price_lms": -1.0}, "price_lms"),
    ],
)
def test_invalid_profiles_name_their_field(overrides: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidProfile) as info:
        Settings().save_profile(make_profile(**overrides))
    assert info.value.field == field
    assert info.value.message_ko and info.value.message_en != info.value.message_ko


def test_duplicate_names_are_refused_case_insensitively() -> None:
    settings = Settings()
    settings.save_profile(make_profile(name="Office"))
    with pytest.raises(InvalidProfile) as info:
        settings.save_profile(make_profile(name="office"))
    assert info.value.field == "name"
    assert len(settings.profiles()) == 1


def test_editing_keeps_the_id_and_removing_clears_active() -> None:
    settings = Settings()
    saved = settings.save_profile(make_profile())
    settings.set_active_profile(saved.id)
    from dataclasses import replace

    settings.save_profile(replace(saved, name="지점"))
    assert [p.name for p in settings.profiles()] == ["지점"]
    settings.remove_profile(saved.id)
    assert settings.profiles() == []
    assert settings.active_profile_id is None


def test_unknown_active_profile_is_refused() -> None:
    with pytest.raises(KeyError):
        Settings().set_active_profile("nope")


def test_corrupt_file_is_kept_aside() -> None:
    path = config_dir() / Settings.FILE_NAME
    path.write_text("{not json", encoding="utf-8")
    settings = Settings()
    assert settings.profiles() == []
    assert path.with_name("settings.json.bad").read_text(encoding="utf-8") == "{not json"


def test_listeners_hear_changes() -> None:
    settings = Settings()
    calls: list[str] = []
    settings.add_listener(lambda: calls.append(settings.language))
    settings.set_language("ko")
    settings.set_language("ko")  # no change, no call
    assert calls == ["ko"]
    with pytest.raises(ValueError):
        settings.set_language("fr")  # type: ignore[arg-type]


def test_helpers() -> None:
    assert normalize_caller("1588-0000") == "15880000"
    assert valid_time_zone("Asia/Seoul") and valid_time_zone("UTC")
    assert not valid_time_zone("") and not valid_time_zone("Mars/Base")
    demo = demo_profile()
    assert demo.is_demo and demo.id == "demo"
    assert make_profile().price("mms") == DEFAULT_PRICES["MMS"]
