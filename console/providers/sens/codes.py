"""The result-code tables of the SENS reference ("EMMA v.3 수신 결과 코드"), as data.

A completed message carries ``statusCode``: "0" for success, otherwise a code from one of
three tables -- the IB G/W report codes (what the mobile carrier answered), the IB G/W
response codes (what the relay gateway answered on receipt) and the IB EMMA codes (what
the EMMA agent refused). Each entry has the reference's Korean and English meaning and
whether sending the same message again later can help. Reservation statuses are a
separate table (they share words such as READY with message statuses).

Codes are the reference's; the ``retryable`` judgement is ours: temporary conditions
(phone off, out of coverage, server busy) can succeed later, wrong numbers, spam blocks
and malformed messages cannot.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ALL_RESULT_CODES",
    "IB_EMMA_CODES",
    "IB_GW_REPORT_CODES",
    "IB_GW_RESPONSE_CODES",
    "REQUEST_STATUSES",
    "RESERVATION_STATUSES",
    "SUCCESS_CODE",
    "ResultCode",
    "describe",
    "describe_request_status",
    "describe_reservation_status",
    "is_success",
    "lookup",
    "lookup_reservation_status",
]

#: ``statusCode`` of a message the handset received.
SUCCESS_CODE = "0"


@dataclass(frozen=True)
class ResultCode:
    """One row of a result-code table."""

    code: str
    #: "success" / "failure" / "invalid" for report codes; None where the table has no class.
    category: str | None
    meaning_ko: str
    meaning_en: str
    #: Whether sending the same message again later may succeed.
    retryable: bool

    def meaning(self, language: str = "ko") -> str:
        """The meaning in `language` ("ko", otherwise English)."""
        return self.meaning_ko if language.startswith("ko") else self.meaning_en


#: IB G/W Report Code: the result the mobile carrier reported after delivery.
IB_GW_REPORT_CODES: tuple[ResultCode, ...] = (
    ResultCode("0", "success", "성공", "Succeeded", False),
    ResultCode("2000", "failure", "전송 시간 초과", "Delivery timeout", True),
    ResultCode(
        "2001", "failure", "전송 실패 (무선망단)", "Delivery failure (wireless network)", True
    ),
    ResultCode(
        "2002",
        "failure",
        "전송 실패 (무선망 -> 단말기단)",
        "Delivery failure (wireless network -> device)",
        True,
    ),
    ResultCode("2003", "failure", "단말기 전원 꺼짐", "Device power off", True),
    ResultCode("2004", "failure", "단말기 메시지 버퍼 풀", "Device message buffer full", True),
    ResultCode("2005", "failure", "음영 지역", "Shadow area", True),
    ResultCode("2006", "failure", "메시지 삭제됨", "Message deleted", True),
    ResultCode("2007", "failure", "일시적인 단말 문제", "Temporary device problem", True),
    ResultCode("3000", "invalid", "전송할 수 없음", "Delivery unavailable", False),
    ResultCode("3001", "invalid", "가입자 없음", "No subscriber", False),
    ResultCode("3002", "invalid", "성인 인증 실패", "Adult authentication failure", False),
    ResultCode("3003", "invalid", "수신번호 형식 오류", "Called number format error", False),
    ResultCode(
        "3004",
        "invalid",
        "단말기 서비스 일시 정지",
        "Device service temporarily unavailable",
        False,
    ),
    ResultCode("3005", "invalid", "단말기 호 처리 상태", "Device call processing status", True),
    ResultCode("3006", "invalid", "착신 거절", "Call denied", False),
    ResultCode(
        "3007",
        "invalid",
        "Callback URL을 받을 수 없는 폰",
        "Phone can't receive callback URL",
        False,
    ),
    ResultCode("3008", "invalid", "기타 단말기 문제", "Other device problems", False),
    ResultCode("3009", "invalid", "메시지 형식 오류", "Message format error", False),
    ResultCode("3010", "invalid", "MMS 미지원 단말", "Device not supporting MMS", False),
    ResultCode("3011", "invalid", "서버 오류", "Server error", True),
    ResultCode("3012", "invalid", "스팸", "Spam", False),
    ResultCode("3013", "invalid", "서비스 거부", "Service denied", False),
    ResultCode("3014", "invalid", "기타", "Others", False),
    ResultCode("3015", "invalid", "전송 경로 없음", "No delivery path", False),
    ResultCode(
        "3016", "invalid", "첨부파일 사이즈 제한 실패", "Attachment size limit failure", False
    ),
    ResultCode(
        "3017",
        "invalid",
        "발신번호 변작 방지 세칙 위반",
        "Caller ID protection rules violation",
        False,
    ),
    ResultCode(
        "3018",
        "invalid",
        "발신번호 변작 방지 서비스에 가입된 휴대폰 개인가입자 번호",
        "Individual mobile phone subscriber number subscribed to caller ID protection service",
        False,
    ),
    ResultCode(
        "3019",
        "invalid",
        "KISA 또는 미래부에서 모든 고객사에 대하여 차단 처리 요청한 발신번호",
        "Caller ID requested to be blocked by KISA (Korea Internet & Security Agency) "
        "or MSIT for all clients",
        False,
    ),
    ResultCode("3022", "invalid", "Charset Conversion Error", "Charset Conversion Error", False),
    ResultCode(
        "3023",
        "invalid",
        "발신번호 사전등록제를 통해 등록되지 않은 번호",
        "Numbers not registered by Caller ID pre-registration",
        False,
    ),
)

#: IB G/W Response Code: what the relay gateway answered on receiving the message.
IB_GW_RESPONSE_CODES: tuple[ResultCode, ...] = (
    ResultCode(
        "1001",
        None,
        "Server Busy (RS 내부 저장 Queue Full)",
        "Server Busy (RS internal queue full)",
        True,
    ),
    ResultCode("1002", None, "수신번호 형식 오류", "Called number format error", False),
    ResultCode("1003", None, "회신번호 형식 오류", "Callback number error", False),
    ResultCode("1004", None, "SPAM", "SPAM", False),
    ResultCode("1005", None, "사용 건수 초과", "No. of use exceeded", False),
    ResultCode("1006", None, "첨부 파일 없음", "No attachment", False),
    ResultCode("1007", None, "첨부 파일 있음", "Attachment", False),
    ResultCode("1008", None, "첨부 파일 저장 실패", "Attachment saving failure", True),
    ResultCode("1009", None, "CLIENT_MSG_KEY 없음", "No CLIENT_MSG_KEY", False),
    ResultCode("1010", None, "CONTENT 없음", "No CONTENT", False),
    ResultCode("1011", None, "CALLBACK 없음", "No CALLBACK", False),
    ResultCode("1012", None, "RECIPIENT_INFO 없음", "No RECIPIENT_INFO", False),
    ResultCode("1013", None, "SUBJECT 없음", "No SUBJECT", False),
    ResultCode("1014", None, "첨부 파일 KEY 없음", "No attachment KEY", False),
    ResultCode("1015", None, "첨부 파일 NAME 없음", "No attachment name", False),
    ResultCode("1016", None, "첨부 파일 크기 없음", "No attachment size", False),
    ResultCode("1017", None, "첨부 파일 Content 없음", "No attachment content", False),
    ResultCode("1018", None, "전송 권한 없음", "No delivery permission", False),
    ResultCode("1019", None, "TTL 초과", "TTL exceeded", True),
    ResultCode("1020", None, "charset conversion error", "charset conversion error", False),
    ResultCode(
        "S000",
        None,
        "중계사 요청 실패 (서버 에러)",
        "Relay company request failed (server error)",
        True,
    ),
    ResultCode(
        "S001",
        None,
        "중계사 요청 실패 (서버 에러)",
        "Relay company request failed (server error)",
        True,
    ),
    ResultCode(
        "S002",
        None,
        "중계사 요청 실패 (잘못된 요청)",
        "Relay company request failed (invalid error)",
        False,
    ),
    ResultCode(
        "S003",
        None,
        "중계사 요청 실패 (스팸 처리)",
        "Relay company request failed (send to spam)",
        False,
    ),
    ResultCode("S004", None, "쿼터 초과", "Over quota", False),
    ResultCode("S005", None, "잘못된 MMS 파일", "Invalid MMS file", False),
    ResultCode("S006", None, "MMS 파일을 찾을 수 없음", "MMS file not found", False),
    ResultCode("S007", None, "MMS 파일 만료", "Expired MMS file", False),
    ResultCode("S008", None, "MMS 파일 크기 초과", "MMS file size exceeded", False),
    ResultCode("S009", None, "MMS 파일 해상도 초과", "MMS file resolution exceeded", False),
    ResultCode("S010", None, "MMS 파일 업로드 쿼터 초과", "MMS file upload quota exceeded", True),
    ResultCode("S011", None, "MMS 파일 업로드 실패", "MMS file upload failed", True),
    ResultCode("S012", None, "발신번호 세칙 오류", "Calling number detail error", False),
    ResultCode("S998", None, "예기치 못한 서버 오류", "Unexpected server error", True),
    ResultCode("S999", None, "기타 오류", "Other errors", False),
)

#: IB EMMA: errors the EMMA agent raised while handling the send request.
IB_EMMA_CODES: tuple[ResultCode, ...] = (
    ResultCode("E900", None, "Invalid-IB 전송키가 없는 경우", "No Invalid-IB transfer key", False),
    ResultCode("E901", None, "수신번호가 없는 경우", "No called number", False),
    ResultCode(
        "E902",
        None,
        "동보인 경우) 수신번호순번이 없는 경우",
        "For broadcast messages) No order of called numbers",
        False,
    ),
    ResultCode("E903", None, "제목 없는 경우", "No title", False),
    ResultCode("E904", None, "메시지가 없는 경우", "No message", False),
    ResultCode("E905", None, "회신번호가 없는 경우", "No callback number", False),
    ResultCode("E906", None, "메시지키가 없는 경우", "No message key", False),
    ResultCode("E907", None, "동보 여부가 없는 경우", "No broadcast messages status", False),
    ResultCode("E908", None, "서비스 탑입이 없는 경우", "No service type", False),
    ResultCode("E909", None, "전송 요청 시각이 없는 경우", "No delivery request time", False),
    ResultCode("E910", None, "TTL 타임이 없는 경우", "No TTL time", False),
    ResultCode(
        "E911",
        None,
        "서비스 탑입이 MMS MT인 경우, 첨부파일 확장자가 없는 경우",
        "No attachment extension when the service type is MMS MT",
        False,
    ),
    ResultCode(
        "E912",
        None,
        "서비스 탑입이 MMS MT인 경우, attach_file 폴더에 첨부파일이 없는 경우",
        "No attachment in the attach_file folder when the service type is MMS MT",
        False,
    ),
    ResultCode(
        "E913",
        None,
        "서비스 탑입이 MMS MT인 경우, 첨부파일 사이즈가 0인 경우",
        "Attachment size is 0 when the service type is MMS MT",
        False,
    ),
    ResultCode(
        "E914",
        None,
        "서비스 탑입이 MMS MT인 경우, 메시지 테이블에는 파일그룹키가 있는데 "
        "파일 테이블에 데이터가 없는 경우",
        "There are file group keys in the message table but no data in the file table "
        "when the service type is MMS MT",
        False,
    ),
    ResultCode("E915", None, "중복메시지", "Duplicate message", False),
    ResultCode("E916", None, "인증서버 차단번호", "Blocked number by auth server", False),
    ResultCode("E917", None, "고객DB 차단번호", "Blocked number by customer DB", False),
    ResultCode("E918", None, "USER CALLBACK FAIL", "USER CALLBACK FAIL", False),
    ResultCode(
        "E919",
        None,
        "발송 제한 시간인 경우, 메시지 재발송 처리가 금지된 경우",
        "When it is prohibited to re-send the message because there is a delivery time limit.",
        False,
    ),
    ResultCode(
        "E920",
        None,
        "서비스 탑입이 LMS MT인 경우, 메시지 테이블에 파일그룹키가 있는 경우",
        "File group keys in the message table when the service type is LMS MT",
        False,
    ),
    ResultCode(
        "E921",
        None,
        "서비스 탑입이 MMS MT인 경우, 메시지 테이블에 파일그룹키가 없는 경우",
        "No file group keys in the message table when the service type is MMS MT",
        False,
    ),
    ResultCode(
        "E922",
        None,
        "동보단어 제약문자 사용 오류",
        "Error in using restricted characters for broadcast message",
        False,
    ),
    ResultCode("E999", None, "기타오류", "Other errors", False),
)

#: Every message result code, by code (the three tables do not overlap).
ALL_RESULT_CODES: dict[str, ResultCode] = {
    row.code: row
    for table in (IB_GW_REPORT_CODES, IB_GW_RESPONSE_CODES, IB_EMMA_CODES)
    for row in table
}

#: Reservation statuses (``reserveStatus``); "retryable" means reserving again may work.
RESERVATION_STATUSES: dict[str, ResultCode] = {
    row.code: row
    for row in (
        ResultCode("READY", None, "발송 대기", "Waiting to be sent", False),
        ResultCode("PROCESSING", None, "발송 요청 중", "Requesting delivery", False),
        ResultCode("CANCELED", None, "발송 취소", "Delivery canceled", False),
        ResultCode("FAIL", None, "발송 요청 실패", "Delivery request failed", True),
        ResultCode("DONE", None, "발송 요청 성공", "Delivery requested successfully", False),
        ResultCode(
            "STALE", None, "발송 요청 실패 (시간 초과)", "Delivery request failed (timeout)", True
        ),
    )
}

#: Request statuses of a message in the messaging server (``status``).
REQUEST_STATUSES: dict[str, ResultCode] = {
    row.code: row
    for row in (
        ResultCode("READY", None, "대기", "Ready", False),
        ResultCode("PROCESSING", None, "처리 중", "Being processed", False),
        ResultCode("COMPLETED", None, "처리 완료", "Processing completed", False),
    )
}


def lookup(code: str | int | None) -> ResultCode | None:
    """The table row of a message result code, or None when the reference does not list it."""
    if code is None:
        return None
    return ALL_RESULT_CODES.get(str(code).strip().upper())


def is_success(code: str | int | None) -> bool:
    """Whether `code` means the handset received the message."""
    return code is not None and str(code).strip() == SUCCESS_CODE


def describe(code: str | int | None, language: str = "ko") -> str:
    """A line for the user: the meaning of a result code, or that the code is unknown."""
    row = lookup(code)
    if row is not None:
        return row.meaning(language)
    if code is None or str(code).strip() == "":
        return "결과 없음" if language.startswith("ko") else "No result yet"
    if language.startswith("ko"):
        return f"알 수 없는 결과 코드 {code}"
    return f"Unknown result code {code}"


def lookup_reservation_status(status: str | None) -> ResultCode | None:
    """The row of a reservation status (READY, DONE, ...), or None."""
    return RESERVATION_STATUSES.get((status or "").strip().upper())


def describe_reservation_status(status: str | None, language: str = "ko") -> str:
    """A reservation status in words."""
    row = lookup_reservation_status(status)
    if row is not None:
        return row.meaning(language)
    return (
        f"알 수 없는 예약 상태 {status}"
        if language.startswith("ko")
        else (f"Unknown reservation status {status}")
    )


def describe_request_status(status: str | None, language: str = "ko") -> str:
    """A message request status (READY/PROCESSING/COMPLETED) in words."""
    row = REQUEST_STATUSES.get((status or "").strip().upper())
    if row is not None:
        return row.meaning(language)
    return f"알 수 없는 상태 {status}" if language.startswith("ko") else f"Unknown status {status}"
