"""The code tables match the API PLEX references they were copied from."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from console.providers.apiplex import codes

REFERENCE = Path(__file__).resolve().parents[4] / "shared" / "reference"
if not REFERENCE.is_dir():  # the repo may live elsewhere; fall back to the team's share
    REFERENCE = Path("/work/shared/reference")


def _text(name: str) -> str:
    path = REFERENCE / name
    if not path.exists():
        pytest.skip(f"reference {name} not available")
    return path.read_text(encoding="utf-8")


def _section(text: str, title: str, next_title: str | None) -> str:
    """The text between the heading line `title` and the heading line `next_title`."""
    part = re.split(rf"^\s*{title}\s*$", text, flags=re.M)[1]
    return re.split(rf"^\s*{next_title}\s*$", part, flags=re.M)[0] if next_title else part


@pytest.mark.parametrize("name", ["apiplex-sms.en.txt", "apiplex-mms.en.txt"])
def test_every_biz_response_code_of_the_reference_is_known(name: str) -> None:
    text = _text(name)
    table = text.split("API PLEX Response Code", 1)[1]
    rows = re.findall(r"^(C\d{3}(?:_\d)?|G\d{3})\n\n(\d{3})\n\n(.+)$", table, re.M)
    assert len(rows) == 15
    for code, status, content in rows:
        info = codes.ACCEPTANCE_CODES.get(code) or codes.REQUEST_CODES.get(code)
        assert info is not None, code
        assert info.http_status == int(status)
        assert info.ko and info.en
        assert info.en.startswith(content), (code, content)  # the reference's words first


def test_gateway_codes_of_the_gms_reference_are_known() -> None:
    text = _text("apiplex-gms.ko.txt")
    section = _section(text, "GATEWAY 오류 코드", "메시지 상태 코드")
    rows = re.findall(r"^(G\d{3})\t(.+)$", section, re.M)
    assert len(rows) == 12
    for code, meaning in rows:
        info = codes.GATEWAY_CODES[code]
        assert info.ko == meaning or code == "G310"  # the reference misspells 차감 as 자간


def test_gms_status_table_matches_the_reference() -> None:
    text = _text("apiplex-gms.ko.txt")
    section = _section(text, "메시지 상태 코드", "서비스 오류 코드")
    rows = set(re.findall(r"^(\d+)\t(\d+)\t([A-Z_]+)\t(.+)$", section, re.M))
    assert len(rows) == 33  # id 3 is listed twice with identical rows
    for sid, gid, name, ko in rows:
        status = codes.GMS_STATUSES[int(sid)]
        assert (status.group_id, status.name, status.ko) == (int(gid), name, ko)
    assert {int(r[0]) for r in rows} == set(codes.GMS_STATUSES)


def test_gms_error_table_matches_the_reference() -> None:
    text = _text("apiplex-gms.ko.txt")
    section = _section(text, "서비스 오류 코드", None)
    rows = re.findall(r"^(\d+)\t(\d+)\t([A-Z_ ]+?)\t(.+?)\t(true|false)$", section, re.M)
    assert len(rows) == len(codes.GMS_ERRORS) == 91
    for eid, gid, name, ko, permanent in rows:
        err = codes.GMS_ERRORS[int(eid)]
        assert (err.group_id, err.name, err.permanent) == (int(gid), name, permanent == "true")
        assert err.ko == ko or int(eid) == 5003  # reference typo 진화 -> 전화


def test_meanings_are_bilingual_and_unknown_codes_are_never_success() -> None:
    for table in (
        codes.ACCEPTANCE_CODES,
        codes.REQUEST_CODES,
        codes.GATEWAY_CODES,
        codes.RESULT_CODES,
    ):
        for code in table.values():
            assert code.meaning("ko") == code.ko and code.meaning("en") == code.en
            assert code.ko != code.en
    assert codes.acceptance("C100").ok and not codes.acceptance("C999").ok
    assert "C999" in codes.acceptance("C999").meaning("ko")
    assert codes.result("0").ok and not codes.result("Z").ok
    assert codes.request_error("C100") is None
    assert codes.gms_status(999, 3, "NEW").name == "NEW"
    assert not codes.gms_status(999, 3).ok or codes.gms_status(999, 3).group_id == 3
    assert codes.gms_error(1).en == "Unknown subscriber"
    assert codes.GMS_STATUSES[5].ok and not codes.GMS_STATUSES[4].ok
    assert not codes.GMS_STATUSES[26].group.final and codes.GMS_STATUSES[5].group.final
