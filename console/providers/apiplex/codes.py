"""Every code table of the API PLEX references, as data (Korean and English meanings).

Sources: ``apiplex-sms.en.txt`` / ``apiplex-mms.en.txt`` (the "API PLEX Response Code"
table: request-level ``C4xx``/``C500_1`` and per-message acceptance codes),
``apiplex-gms.ko.txt`` (gateway error codes, GMS message status and service error
tables) and the Biz Message webhook page of the API PLEX developer guide (delivery
result codes of SMS/LMS/MMS, which the shared references link to but do not contain).

The tables are kept as plain data so that the client, the webhook receiver and the UI
show the same meaning for a code; unknown codes get a generic meaning instead of an
exception, because the provider may add codes at any time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

CodeKind = Literal["acceptance", "request", "gateway", "result"]


@dataclass(frozen=True)
class Code:
    """One documented code with what it means and what the caller can do about it."""

    code: str
    kind: CodeKind
    en: str
    ko: str
    #: The HTTP status the reference pairs with the code (None when not documented).
    http_status: int | None = None
    #: Acceptance codes: the message was taken for delivery. Result codes: delivered.
    ok: bool = False
    #: Sending the same message again later may succeed.
    retryable: bool = False

    def meaning(self, language: str = "ko") -> str:
        return self.ko if language.startswith("ko") else self.en


def _table(*codes: Code) -> dict[str, Code]:
    return {c.code: c for c in codes}


#: Per-message acceptance codes of a Biz Message (SMS/LMS/MMS) or GMS send response
#: (HTTP 200; each item of ``results`` carries one).
ACCEPTANCE_CODES: dict[str, Code] = _table(
    Code("C100", "acceptance", "Success", "접수 성공", 200, ok=True),
    Code(
        "C341",
        "acceptance",
        "Message too long (over the byte limit after EUC-KR conversion)",
        "메시지 길이 초과 (EUC-KR 변환 후 허용 바이트 초과)",
        200,
    ),
    Code("G110", "acceptance", "API UNIQUE ID exception (Invalid URL): check the service ID",
         "API 고유 ID 오류 (잘못된 URL 또는 서비스 ID)", 200),
    Code("G140", "acceptance", "Sender number exception (not a registered sender number)",
         "발신번호 예외 (등록되지 않은 발신번호)", 200),
    Code("G141", "acceptance", "Recipient number exception", "수신번호 예외", 200),
    Code("G142", "acceptance", "Invalid echo_to_webhook value (over 256 bytes or wrong type)",
         "echo_to_webhook 값 오류 (256바이트 초과 또는 형식 오류)", 200),
    Code("G150", "acceptance", "Insufficient credit", "잔액(크레딧) 부족", 200, retryable=True),
    Code("G160", "acceptance", "Exceeded the maximum number of transmissions per session",
         "세션당 최대 전송 건수 초과", 200, retryable=True),
)

#: Request-level codes (the whole request was refused; body ``{"code","name","description"}``).
REQUEST_CODES: dict[str, Code] = _table(
    Code("C400_1", "request", "Invalid data type", "잘못된 데이터 형식", 400),
    Code("C400_2", "request", "Invalid request parameter", "잘못된 요청 파라미터", 400),
    Code("C400_3", "request", "Missing required parameters", "필수 파라미터 누락", 400),
    Code("C401_1", "request", "Missing the authorization key in the header",
         "헤더에 인증 키가 없음", 401),
    Code("C401_2", "request",
         "Error in the authorization value in the header (cannot split it at ';')",
         "헤더의 인증 값 오류 (';'로 구분할 수 없음)", 401),
    Code("C401_3", "request", "Invalid authorization value in the header (no matching account)",
         "헤더의 인증 값이 유효하지 않음 (일치하는 인증 정보 없음)", 401),
    Code("C404_1", "request", "Unable to find the data", "데이터를 찾을 수 없음", 404),
    Code("C500_1", "request", "Internal server error", "서버 내부 오류", 500, retryable=True),
)

#: API PLEX gateway error codes (GMS reference; body ``{"code","desc"}``).
GATEWAY_CODES: dict[str, Code] = _table(
    Code("G120", "gateway", "User information error", "사용자 정보 오류"),
    Code("G210", "gateway", "Could not parse the request JSON", "요청 JSON 파싱 오류"),
    Code("G220", "gateway", "Could not parse the request JSON: service key missing",
         "요청 JSON 파싱 오류-서비스 키 없음"),
    Code("G250", "gateway", "Response JSON error", "응답 JSON 오류", retryable=True),
    Code("G260", "gateway", "Webhook JSON processing error", "WEBHOOK JSON 처리 오류",
         retryable=True),
    Code("G310", "gateway", "Credit check failed", "여신 차감 실패"),
    Code("G410", "gateway", "Legacy service call failed", "Legacy 서비스 호출 오류",
         retryable=True),
    Code("G420", "gateway", "Customer callback call failed", "고객 callback 호출 오류",
         retryable=True),
    Code("G430", "gateway", "Customer callback URL missing", "고객 callback URL 없음"),
    Code("G900", "gateway", "Gateway system error", "Gateway 시스템 오류", retryable=True),
    Code("G910", "gateway", "Gateway system error (requested service lookup failed)",
         "Gateway 시스템 오류(요청서비스 조회 실패)", retryable=True),
    Code("G920", "gateway", "Gateway system error (service result processing failed)",
         "Gateway 시스템 오류(서비스 요청 결과 처리 오류)", retryable=True),
)

#: Delivery result codes of Biz Message webhooks (``results[].code``); "0" is success.
RESULT_CODES: dict[str, Code] = _table(
    Code("0", "result", "Delivered", "성공", ok=True),
    Code("G410", "result", "API PLEX could not pass the request to the carrier service",
         "API PLEX → 원천 서비스 요청 실패", retryable=True),
    Code("G430", "result", "No result from the carrier service (timeout)",
         "원천 서비스 → API PLEX 결과 수신 실패 (시간 초과)", retryable=True),
    Code("d", "result", "Blocked: duplicate recipient number in the same request",
         "접수 시 중복 수신번호 차단"),
    Code("e", "result", "Internal server error", "서버 내부 오류", retryable=True),
    Code("q", "result", "Duplicate message key", "메시지 키 중복"),
    Code("p", "result", "Blocked: duplicate message body", "중복 메시지 본문 차단"),
    Code("1", "result", "Delivery time limit exceeded", "전송 시간 초과", retryable=True),
    Code("5", "result", "No result received from the carrier", "이동통신사 결과 미수신",
         retryable=True),
    Code("8", "result", "Handset busy", "단말기 통화 중", retryable=True),
    Code("9", "result", "Out of coverage area", "음영 지역", retryable=True),
    Code("A", "result", "Handset message storage full", "단말기 메시지 저장 개수 초과",
         retryable=True),
    Code("E", "result", "Handset powered off", "단말기 전원 꺼짐", retryable=True),
    Code("2", "result", "Invalid number or not a subscriber", "결번 또는 미가입자"),
    Code("B", "result", "Handset service temporarily suspended", "단말기 일시 서비스 정지",
         retryable=True),
    Code("C", "result", "Other handset problem", "단말기 기타 오류", retryable=True),
    Code("D", "result", "Rejected by the recipient", "착신 거절"),
    Code("F", "result", "Other failure", "기타 오류", retryable=True),
    Code("G", "result", "Internal format error", "내부 형식 오류"),
    Code("H", "result", "Carrier format error", "이동통신사 형식 오류"),
    Code("I", "result", "Handset does not support SMS/MMS", "SMS/MMS 미지원 단말기"),
    Code("J", "result", "Recipient's host unreachable", "수신 측 호스트 연결 불가",
         retryable=True),
    Code("K", "result", "Message deleted by the carrier", "이동통신사에서 메시지 삭제 처리"),
    Code("L", "result", "Carrier could not process the message", "이동통신사 처리 불가",
         retryable=True),
)


def unknown_code(code: str, kind: CodeKind) -> Code:
    """A placeholder for a code no table lists (shown raw, never treated as success)."""
    return Code(
        code,
        kind,
        f"Unknown code {code} (not in the API PLEX documentation)",
        f"알 수 없는 코드 {code} (API PLEX 문서에 없음)",
    )


def acceptance(code: str) -> Code:
    return ACCEPTANCE_CODES.get(code) or unknown_code(code, "acceptance")


def request_error(code: str) -> Code | None:
    """The request-level or gateway code `code`, or None when it is neither."""
    return REQUEST_CODES.get(code) or GATEWAY_CODES.get(code)


def result(code: str) -> Code:
    return RESULT_CODES.get(code) or unknown_code(code, "result")


# --------------------------------------------------------------------------- GMS


@dataclass(frozen=True)
class GmsStatusGroup:
    group_id: int
    name: str
    en: str
    ko: str
    #: Messages of this group are (still) on their way or delivered.
    ok: bool
    #: No further status change is expected.
    final: bool


GMS_STATUS_GROUPS: dict[int, GmsStatusGroup] = {
    g.group_id: g
    for g in (
        GmsStatusGroup(1, "PENDING", "Pending", "대기", ok=True, final=False),
        GmsStatusGroup(2, "UNDELIVERABLE", "Undeliverable", "전달 불가", ok=False, final=True),
        GmsStatusGroup(3, "DELIVERED", "Delivered", "전달됨", ok=True, final=True),
        GmsStatusGroup(4, "EXPIRED", "Expired", "만료됨", ok=False, final=True),
        GmsStatusGroup(5, "REJECTED", "Rejected", "거부됨", ok=False, final=True),
    )
}


@dataclass(frozen=True)
class GmsStatus:
    """One row of the GMS "메시지 상태 코드" table."""

    id: int
    group_id: int
    name: str
    ko: str
    en: str

    @property
    def group(self) -> GmsStatusGroup:
        return GMS_STATUS_GROUPS.get(self.group_id) or GmsStatusGroup(
            self.group_id, "UNKNOWN", "Unknown group", "알 수 없는 그룹", ok=False, final=False
        )

    @property
    def ok(self) -> bool:
        return self.group.ok

    def meaning(self, language: str = "ko") -> str:
        return self.ko if language.startswith("ko") else self.en


_S = GmsStatus
#: GMS message status table (``status.id`` -> row). The reference lists id 3 twice
#: (identical rows) and uses REJECTED_DESTINATION for both 14 and 52.
GMS_STATUSES: dict[int, GmsStatus] = {
    s.id: s
    for s in (
        _S(1, 1, "PENDING_TIME_VIOLATION", "시간대 위반", "Held: sending-time window violation"),
        _S(2, 3, "DELIVERED_TO_OPERATOR", "통신사에게 전달됨", "Delivered to the operator"),
        _S(3, 1, "PENDING_WAITING_DELIVERY", "메시지를 보냈으며 Delivery reports를 기다리는 중",
           "Sent, waiting for the delivery report"),
        _S(4, 2, "UNDELIVERABLE_REJECTED_OPERATOR", "통신사가 메시지를 거부함",
           "The operator rejected the message"),
        _S(5, 3, "DELIVERED_TO_HANDSET", "메시지가 핸드셋에 전달됨",
           "Delivered to the handset"),
        _S(6, 5, "REJECTED_NETWORK", "네트워크가 금지됨", "Network not allowed"),
        _S(7, 1, "PENDING_ENROUTE", "메시지를 다음 인스턴스로 전송",
           "Passed on to the next instance"),
        _S(8, 5, "REJECTED_PREFIX_MISSING", "번호 접두사 누락", "Number prefix missing"),
        _S(9, 2, "UNDELIVERABLE_NOT_DELIVERED", "보낸 메시지가 전달되지 않음",
           "The message was not delivered"),
        _S(10, 5, "REJECTED_DND", "대상이 DND 목록에 있음",
           "The recipient is on a do-not-disturb list"),
        _S(11, 5, "REJECTED_SOURCE", "잘못된 소스 주소", "Invalid sender address"),
        _S(12, 5, "REJECTED_NOT_ENOUGH_CREDITS", "크레딧 부족", "Not enough credit"),
        _S(13, 5, "REJECTED_SENDER", "발신자가 거부함", "Sender rejected"),
        _S(14, 5, "REJECTED_DESTINATION", "대상이 거부함", "Destination rejected"),
        _S(15, 4, "EXPIRED_EXPIRED", "메시지가 만료됨", "The message expired"),
        _S(16, 5, "REJECTED_NOT_REACHABLE", "네트워크 연결 불가", "Network not reachable"),
        _S(17, 5, "REJECTED_PREPAID_PACKAGE_EXPIRED", "선불 패키지가 만료됨",
           "Prepaid package expired"),
        _S(18, 5, "REJECTED_DESTINATION_NOT_REGISTERED", "목적지가 등록되지 않음",
           "Destination not registered"),
        _S(19, 5, "REJECTED_ROUTE_NOT_AVAILABLE", "라우팅 사용 불가", "No route available"),
        _S(20, 5, "REJECTED_FLOODING_FILTER", "플러딩이 거부됨",
           "Rejected by the flooding filter"),
        _S(21, 5, "REJECTED_SYSTEM_ERROR", "시스템 오류", "System error"),
        _S(22, 4, "EXPIRED_UNKNOWN", "알 수 없는 이유", "Expired for an unknown reason"),
        _S(23, 5, "REJECTED_DUPLICATE_MESSAGE_ID", "중복 Message ID 거부됨",
           "Rejected: duplicate message ID"),
        _S(24, 5, "REJECTED_INVALID_UDH", "잘못된 UDH 거부됨", "Rejected: invalid UDH"),
        _S(25, 5, "REJECTED_MESSAGE_TOO_LONG", "너무 긴 메시지 거부됨",
           "Rejected: message too long"),
        _S(26, 1, "PENDING_ACCEPTED", "대기 수락", "Accepted, pending"),
        _S(27, 1, "PENDING_APPROVAL", "대기 승인", "Pending approval"),
        _S(28, 5, "REJECTED_NOT_SENT", "거부되고 보내지 않음", "Rejected and not sent"),
        _S(29, 4, "EXPIRED_DLR_UNKNOWN", "만료된 DLR 알 수 없음",
           "Expired: delivery report unknown"),
        _S(30, 3, "DELIVERED", "MO 전달 조치 완료됨", "Delivered (MO forwarding done)"),
        _S(31, 2, "UNDELIVERABLE_NOT_SENT", "메시지 보내지 않음", "The message was not sent"),
        _S(51, 5, "MISSING_TO", "목적지 누락", "Destination missing"),
        _S(52, 5, "REJECTED_DESTINATION", "잘못된 목적지 주소", "Invalid destination address"),
    )
}
del _S


def gms_status(status_id: int, group_id: int | None = None, name: str = "") -> GmsStatus:
    """The table row for `status_id`, or a row built from what the server sent."""
    known = GMS_STATUSES.get(status_id)
    if known is not None:
        return known
    group = group_id if group_id is not None else 0
    return GmsStatus(
        status_id,
        group,
        name or "UNKNOWN",
        f"알 수 없는 상태 {status_id}",
        f"Unknown status {status_id}",
    )


@dataclass(frozen=True)
class GmsError:
    """One row of the GMS "서비스 오류 코드" table."""

    id: int
    group_id: int
    name: str
    ko: str
    permanent: bool

    @property
    def en(self) -> str:
        """English meaning derived from the documented name (EC_CALL_BARRED -> Call barred)."""
        text = self.name.removeprefix("EC_").replace("_", " ").strip().lower()
        return text[:1].upper() + text[1:]

    def meaning(self, language: str = "ko") -> str:
        return self.ko if language.startswith("ko") else self.en


GMS_ERROR_GROUPS: dict[int, tuple[str, str, str]] = {
    0: ("OK", "No error", "오류 없음"),
    1: ("HANDSET_ERRORS", "Handset error", "단말기 오류"),
    2: ("USER_ERRORS", "User error", "사용자 오류"),
    3: ("OPERATOR_ERRORS", "Operator error", "통신사 오류"),
}

_E = GmsError
GMS_ERRORS: dict[int, GmsError] = {
    e.id: e
    for e in (
        _E(0, 0, "NO_ERROR", "오류 없음", False),
        _E(1, 1, "EC_UNKNOWN_SUBSCRIBER", "알 수 없는 가입자", True),
        _E(5, 1, "EC_UNIDENTIFIED_SUBSCRIBER", "식별되지 않은 가입자", False),
        _E(6, 1, "EC_ABSENT_SUBSCRIBER_SM", "부재 중인 가입자", False),
        _E(9, 1, "EC_ILLEGAL_SUBSCRIBER", "불법 가입자", True),
        _E(10, 3, "EC_BEARER_SERVICE_NOT_PROVISIONED", "전달자 서비스가 프로비저닝되지 않음", True),
        _E(11, 1, "EC_TELESERVICE_NOT_PROVISIONED", "텔레서비스가 프로비저닝되지 않음", True),
        _E(12, 1, "EC_ILLEGAL_EQUIPMENT", "불법 장비", True),
        _E(13, 1, "EC_CALL_BARRED", "통화 차단", False),
        _E(20, 3, "EC_SS_INCOMPATIBILITY", "SS 비호환성", False),
        _E(21, 1, "EC_FACILITY_NOT_SUPPORTED", "지원되지 않는 설비", False),
        _E(27, 1, "EC_ABSENT_SUBSCRIBER", "부재 중인 가입자", False),
        _E(31, 1, "EC_SUBSCRIBER_BUSY_FOR_MT_SMS", "Mt SMS에 대해 가입자 통화 중", False),
        _E(32, 1, "EC_SM_DELIVERY_FAILURE", "SM 전달 실패", False),
        _E(33, 1, "EC_MESSAGE_WAITING_LIST_FULL", "메시지 대기 목록 꽉 참", False),
        _E(34, 1, "EC_SYSTEM_FAILURE", "시스템 장애", False),
        _E(35, 1, "EC_DATA_MISSING", "데이터 누락", False),
        _E(36, 1, "EC_UNEXPECTED_DATA_VALUE", "예상치 못한 데이터 값", False),
        _E(51, 3, "EC_RESOURCE_LIMITATION", "리소스 제한", True),
        _E(71, 3, "EC_UNKNOWN_ALPHABET", "알 수 없는 알파벳", False),
        _E(72, 1, "EC_USSD_BUSY", "Ussd 통화 중", True),
        _E(255, 1, "EC_UNKNOWN_ERROR", "알 수 없는 오류", False),
        _E(256, 1, "EC_SM_DF_MEMORYCAPACITYEXCEEDED", "SM DF 메모리 용량 초과", False),
        _E(257, 1, "EC_SM_DF_EQUIPMENTPROTOCOLERROR", "SM DF 장비 프로토콜 오류", False),
        _E(258, 1, "EC_SM_DF_EQUIPMENTNOTSM_EQUIPPED", "SM DF 장비에 SM 장치 안 됨", False),
        _E(259, 1, "EC_SM_DF_UNKNOWNSERVICECENTRE", "SM DF 알 수 없는 서비스 센터", False),
        _E(260, 1, "EC_SM_DF_SC_CONGESTION", "SM DF Sc 정체", False),
        _E(261, 1, "EC_SM_DF_INVALIDSME_ADDRESS", "SM DF InvalidSME 주소", False),
        _E(262, 1, "EC_SM_DF_SUBSCRIBERNOTSC_SUBSCRIBER", "SM DF Subscribernotsc 가입자", False),
        _E(500, 1, "EC_PROVIDER_GENERAL_ERROR", "공급업체 일반 오류", False),
        _E(501, 3, "EC_INVALID_RESPONSE_RECEIVED", "잘못된 응답 수신", False),
        _E(502, 1, "EC_NO_RESPONSE", "응답 없음", False),
        _E(503, 1, "EC_SERVICE_COMPLETION_FAILURE", "서비스 완료 실패", False),
        _E(504, 1, "EC_UNEXPECTED_RESPONSE_FROM_PEER", "피어로부터 예상치 못한 응답", False),
        _E(507, 1, "EC_MISTYPED_PARAMETER", "잘못 입력된 매개 변수", False),
        _E(508, 1, "EC_NOT_SUPPORTED_SERVICE", "지원되는 서비스", False),
        _E(509, 1, "EC_DUPLICATED_INVOKE_ID", "중복된 ID 호출", False),
        _E(511, 1, "EC_INITIATING_RELEASE", "릴리즈 시작 중", True),
        _E(1024, 1, "EC_OR_APPCONTEXTNOTSUPPORTED", "앱 컨텍스트 지원 안 됨", False),
        _E(1025, 1, "EC_OR_INVALIDDESTINATIONREFERENCE", "잘못된 목적지 참조", False),
        _E(1026, 1, "EC_OR_INVALIDORIGINATINGREFERENCE", "잘못된 원본 참조", False),
        _E(1027, 1, "EC_OR_ENCAPSULATEDAC_NOTSUPPORTED", "캡슐화된 AC 지원 안 됨", False),
        _E(1028, 1, "EC_OR_TRANSPORTPROTECTIONNOTADEQUATE", "전송 보호 부적절함", False),
        _E(1029, 1, "EC_OR_NOREASONGIVEN", "제공된 사유 없음", False),
        _E(1030, 1, "EC_OR_POTENTIALVERSIONINCOMPATIBILITY", "잠재적 버전 비호환성", False),
        _E(1031, 1, "EC_OR_REMOTENODENOTREACHABLE", "원격 노드 연결 불가", False),
        _E(1152, 1, "EC_NNR_NOTTRANSLATIONFORANADDRESSOFSUCHNATURE",
           "이러한 특성의 주소에 대한 변환 없음", False),
        _E(1153, 1, "EC_NNR_NOTTRANSLATIONFORTHISPECIFICADDRESS",
           "이 특정 주소에 대한 변환 없음", False),
        _E(1154, 1, "EC_NNR_SUBSYSTEMCONGESTION", "하위 시스템 정체", False),
        _E(1155, 1, "EC_NNR_SUBSYSTEMFAILURE", "하위 시스템 장애", False),
        _E(1156, 1, "EC_NNR_UNEQUIPPEDUSER", "장비를 갖추지 않은 사용자", False),
        _E(1157, 1, "EC_NNR_MTPFAILURE", "MTP 실패", False),
        _E(1158, 1, "EC_NNR_NETWORKCONGESTION", "네트워크 정체", False),
        _E(1159, 1, "EC_NNR_UNQUALIFIED", "자격 없음", False),
        _E(1160, 1, "EC_NNR_ERRORINMESSAGE TRANSPORTXUDT", "메시지 전송 XUDT에 오류 있음",
           False),
        _E(1161, 1, "EC_NNR_ERRORINLOCALPROCESSINGXUDT", "로컬 처리 XUDT에 오류 있음", False),
        _E(1162, 1, "EC_NNR_DESTINATIONCANNOTPERFORMREASSEMBLYXUDT",
           "목적지에서 리어셈블리 XUDT를 수행할 수 없음", False),
        _E(1163, 1, "EC_NNR_SCCPFAILURE", "SCCP 실패", False),
        _E(1164, 1, "EC_NNR_HOPCOUNTERVIOLATION", "홉 카운터 위반", False),
        _E(1165, 1, "EC_NNR_SEGMENTATIONNOTSUPPORTED", "세그먼트화 지원 안 됨", False),
        _E(1166, 1, "EC_NNR_SEGMENTATIONFAILURE", "세그먼트화 실패", False),
        _E(1281, 1, "EC_UA_USERSPECIFICREASON", "사용자별 사유", False),
        _E(1282, 1, "EC_UA_USERRESOURCELIMITATION", "사용자 리소스 제한", False),
        _E(1283, 1, "EC_UA_RESOURCEUNAVAILABLE", "리소스 사용 불가", False),
        _E(1284, 1, "EC_UA_APPLICATIONPROCEDURECANCELLATION", "애플리케이션 프로시저 취소",
           False),
        _E(1536, 1, "EC_PA_PROVIDERMAFUNCTION", "공급업체 오작동", False),
        _E(1537, 1, "EC_PA_SUPPORTINGDIALOGORTRANSACTIONRELEASED",
           "지원 대화 상자 또는 트랜잭션 릴리스됨", False),
        _E(1538, 1, "EC_PA_RESSOURCELIMITATION", "리소스 제한", False),
        _E(1539, 1, "EC_PA_MAINTENANCEACTIVITY", "유지 보수 활동", False),
        _E(1540, 1, "EC_PA_VERSIONINCOMPATIBILITY", "버전 비호환성", False),
        _E(1541, 1, "EC_PA_ABNORMALMAPDIALOG", "비정상적 맵 대화 상자", False),
        _E(1792, 1, "EC_NC_ABNORMALEVENTDETECTEDBYPEER", "피어에서 비정상적 이벤트 감지됨", False),
        _E(1793, 1, "EC_NC_RESPONSEREJECTEDBYPEER", "피어에서 응답 거부", False),
        _E(1794, 1, "EC_NC_ABNORMALEVENTRECEIVEDFROMPEER", "피어로부터 비정상적 이벤트 수신됨",
           False),
        _E(1795, 1, "EC_NC_MESSAGECANNOT BEDELIVEREDTOPEER", "메시지를 피어에 전달할 수 없음",
           False),
        _E(1796, 1, "EC_NC_PROVIDEROUTOFINVOKE", "공급업체 호출 불가", False),
        _E(2048, 3, "EC_TIME_OUT", "시간 초과", False),
        _E(2049, 2, "EC_IMSI_BLACKLISTED", "IMSI 차단됨", True),
        _E(2050, 3, "EC_DEST_ADDRESS_BLACKLISTED", "DND 차단됨", True),
        _E(2051, 3, "EC_INVALIDMSADDRESS", "텍스트 차단됨", False),
        _E(4096, 2, "EC_INVALID_PDU_FORMAT", "잘못된 PDU 형식", True),
        _E(4097, 3, "EC_NOTSUBMITTEDTOGSMC", "GSMC에 제출되지 않음", False),
        _E(4100, 2, "EC_MESSAGE_CANCELED", "메시지 취소됨", True),
        _E(4101, 2, "EC_VALIDITYEXPIRED", "Validity period 만료됨", True),
        _E(4102, 3, "EC_NOTSUBMITTEDTOSMPCHANNEL", "Smp 채널에 제출 안 됨", True),
        _E(5000, 0, "VOICE_ANSWERED", "사람이 통화에 응답함", True),
        _E(5001, 0, "VOICE_ANSWERED_MACHINE", "기계가 통화에 응답함", True),
        _E(5002, 2, "EC_VOICE_USER_BUSY", "통화 시도 중에 사용자가 통화 중이었음", True),
        _E(5003, 2, "EC_VOICE_NO_ANSWER", "사용자에게 알렸지만 전화를 받지 않음", True),
        _E(5004, 2, "EC_VOICE_ERROR_DOWNLOADING_FILE",
           "통화를 위해 제공된 파일을 다운로드할 수 없었음", True),
        _E(5005, 2, "EC_VOICE_ERROR_UNSUPPORTED_AUDIO_FORMAT",
           "통화를 위해 제공된 파일의 형식이 지원되지 않음", True),
    )
}
del _E


def gms_error(error_id: int, group_id: int | None = None, name: str = "") -> GmsError:
    known = GMS_ERRORS.get(error_id)
    if known is not None:
        return known
    return GmsError(
        error_id, group_id if group_id is not None else 0, name or f"UNKNOWN_{error_id}",
        f"알 수 없는 오류 {error_id}", False,
    )
