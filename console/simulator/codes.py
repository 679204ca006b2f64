"""Delivery result codes the simulator reports, with the meanings of the SENS reference
(``sens-sms-api-v2.ko.txt``, "오류 코드"), kept here independently of the client's tables."""

from __future__ import annotations

RESULT_MESSAGES: dict[str, str] = {
    "0": "성공",
    "2000": "전송 시간 초과",
    "2001": "전송 실패 (무선망단)",
    "2002": "전송 실패 (무선망 -> 단말기단)",
    "2003": "단말기 전원 꺼짐",
    "2004": "단말기 메시지 버퍼 풀",
    "2005": "음영 지역",
    "2006": "메시지 삭제됨",
    "2007": "일시적인 단말 문제",
    "3000": "전송할 수 없음",
    "3001": "가입자 없음",
    "3002": "성인 인증 실패",
    "3003": "수신번호 형식 오류",
    "3004": "단말기 서비스 일시 정지",
    "3005": "단말기 호 처리 상태",
    "3006": "착신 거절",
    "3008": "기타 단말기 문제",
    "3010": "MMS 미지원 단말",
    "3012": "스팸",
    "3013": "서비스 거부",
    "3015": "전송 경로 없음",
    "3022": "Charset Conversion Error",
    "E917": "고객DB 차단번호",
    "S007": "MMS 파일 만료",
}

#: The default outcome mix: mostly success, with the failures operators really meet.
DEFAULT_OUTCOMES: dict[str, float] = {
    "0": 0.92,
    "2003": 0.025,
    "3001": 0.02,
    "3006": 0.015,
    "2000": 0.01,
    "3015": 0.01,
}

CHARSET_ERROR = "3022"
NUMBER_FORMAT_ERROR = "3003"
UNSUBSCRIBED = "E917"

TELCO_CODES = ("SKT", "KT", "LGT")


def result_message(code: str) -> str:
    """The status message SENS shows for result `code`."""
    return RESULT_MESSAGES.get(code, "기타")
