"""API PLEX profiles: fields, validation, round trip, demo profile and defaults."""

from __future__ import annotations

import json

import pytest

from console.providers.apiplex import DEFAULT_HOSTS, SERVICE_IDS
from console.settings import (
    APIPLEX_DEFAULT_HOSTS,
    APIPLEX_SERVICE_IDS,
    InvalidProfile,
    Profile,
    Settings,
    demo_profile,
)


def apiplex_profile(**overrides: object) -> Profile:
    values: dict[str, object] = {
        "name": "지점",
        "service_id": "",
        "access_key": " office-user ",
        "provider": "APIPLEX",
        "caller_numbers": ("1588-0000",),
    }
    values.update(overrides)
    return Profile(**values)  # type: ignore[arg-type]


def test_defaults_follow_the_provider_package() -> None:
    assert APIPLEX_DEFAULT_HOSTS == DEFAULT_HOSTS
    assert APIPLEX_SERVICE_IDS == SERVICE_IDS
    profile = apiplex_profile().validated()
    assert profile.is_apiplex and profile.user_id == "office-user"
    assert profile.apiplex_hosts() == DEFAULT_HOSTS
    assert profile.apiplex_services() == {
        "SMS": "sms-standard", "LMS": "lms-standard", "MMS": "mms-standard",
    }
    assert profile.caller_numbers == ("15880000",)
    assert not profile.webhook_enabled


def test_api_plex_needs_no_sens_service_id_but_a_user_id() -> None:
    apiplex_profile(service_id="").validated()
    with pytest.raises(InvalidProfile) as info:
        apiplex_profile(access_key="user;id").validated()
    assert info.value.field == "access_key"
    with pytest.raises(InvalidProfile) as info:
        Profile(name="x", service_id="", access_key="AK").validated()  # SENS still needs it
    assert info.value.field == "service_id"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("apiplex_sms_service", "lms-standard"),
        ("apiplex_mms_service", "mms-verify"),
        ("apiplex_lms_host", "not a host"),
        ("gms_sender", "ab"),
        ("gms_sender", "이름"),
        ("webhook_port", 0),
        ("webhook_port", 70000),
        ("webhook_host", "two words"),
    ],
)
def test_bad_api_plex_fields_are_named(field: str, value: object) -> None:
    with pytest.raises(InvalidProfile) as info:
        apiplex_profile(**{field: value}).validated()
    assert info.value.field == field
    assert info.value.message_ko and info.value.message_en


def test_hosts_are_tidied_and_empty_means_documented() -> None:
    profile = apiplex_profile(
        apiplex_sms_host="http://127.0.0.1:8080/", apiplex_gms_host=" "
    ).validated()
    assert profile.apiplex_sms_host == "http://127.0.0.1:8080"
    assert profile.apiplex_gms_host == DEFAULT_HOSTS["GMS"]


def test_round_trip_through_the_settings_file() -> None:
    settings = Settings()
    saved = settings.save_profile(
        apiplex_profile(
            apiplex_sms_service="sms-bulk",
            gms_sender="MYSHOP",
            webhook_enabled=True,
            webhook_host="0.0.0.0",
            webhook_port=9001,
        )
    )
    data = json.loads(settings.path.read_text(encoding="utf-8"))
    assert data["profiles"][0]["provider"] == "APIPLEX"
    assert "secret" not in json.dumps(data).lower()
    again = Settings().profile(saved.id)
    assert again == saved
    assert again is not None and again.webhook_port == 9001 and again.gms_sender == "MYSHOP"


def test_old_files_without_api_plex_fields_still_load(tmp_path: object) -> None:
    settings = Settings()
    settings.path.write_text(
        json.dumps({"profiles": [{"name": "본사", "service_id": "ncp:sms:kr:1:x",
                                  "access_key": "AK", "id": "p1"}], "active_profile": "p1"}),
        encoding="utf-8",
    )
    loaded = Settings().profile("p1")
    assert loaded is not None and loaded.provider == "SENS" and not loaded.is_apiplex


def test_demo_provider_switch() -> None:
    settings = Settings()
    heard: list[str] = []
    settings.add_listener(lambda: heard.append(settings.demo_provider))
    assert settings.demo_provider == "SENS"
    settings.use_demo("APIPLEX")
    assert settings.demo_provider == "APIPLEX" and settings.active_profile_id is None
    assert heard == ["APIPLEX"]
    settings.use_demo("APIPLEX")
    assert heard == ["APIPLEX"]  # no change, no event
    assert Settings().demo_provider == "APIPLEX"
    demo = demo_profile("APIPLEX")
    assert demo.is_demo and demo.is_apiplex and demo.webhook_enabled
    assert demo.caller_numbers
    with pytest.raises(ValueError):
        settings.use_demo("OTHER")
