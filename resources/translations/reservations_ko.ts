<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko" sourcelanguage="en">
<context>
    <name>ReservationsModel</name>
    <message>
        <source>Send time (its zone)</source>
        <extracomment>The row&apos;s :class:`Reservation` object. A value that sorts the column naturally (times, counts). The PC&apos;s zone for the &quot;local time&quot; column (None: the system&apos;s).</extracomment>
        <translation>예약 시각(해당 시간대)</translation>
    </message>
    <message>
        <source>Local time</source>
        <translation>내 PC 시각</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>남은 시간</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>유형</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>메시지</translation>
    </message>
    <message>
        <source>Recipients</source>
        <translation>수신자</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>발신번호</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>처리 결과</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>발송 대기</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>발송 요청 중</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>발송 실패</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>발송 완료</translation>
    </message>
    <message>
        <source>Failed (timed out)</source>
        <translation>발송 실패(시간 초과)</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>건너뜀</translation>
    </message>
    <message>
        <source>Not checked yet</source>
        <translation>확인 전</translation>
    </message>
    <message>
        <source>Already sent</source>
        <translation>이미 발송됨</translation>
    </message>
    <message>
        <source>Not found on SENS</source>
        <translation>SENS에 없음</translation>
    </message>
    <message>
        <source>Too late to cancel</source>
        <translation>취소하기에 늦음</translation>
    </message>
    <message>
        <source>Cancel failed</source>
        <translation>취소 실패</translation>
    </message>
    <message>
        <source>Due now</source>
        <translation>발송 시각 도래</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1일 %2시간</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1시간 %2분</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1분 %2초</translation>
    </message>
    <message>
        <source>(ad)</source>
        <translation>(광고)</translation>
    </message>
    <message>
        <source>replaced</source>
        <translation>변경됨</translation>
    </message>
    <message>
        <source>Request ID: %1</source>
        <translation>요청 ID: %1</translation>
    </message>
    <message>
        <source>Checked at %1</source>
        <translation>%1에 확인</translation>
    </message>
    <message>
        <source>The last check failed; this is the last known status.</source>
        <translation>마지막 확인에 실패했습니다. 마지막으로 알려진 상태입니다.</translation>
    </message>
    <message>
        <source>Replaced by an edited copy; it is cancelled once SENS can be reached.</source>
        <translation>편집한 새 예약으로 바뀌었습니다. SENS에 연결되면 이 예약은 취소됩니다.</translation>
    </message>
    <message>
        <source>Less than 5 minutes left: a cancel may come too late.</source>
        <translation>5분도 남지 않았습니다. 취소가 늦을 수 있습니다.</translation>
    </message>
</context>
<context>
    <name>ReservationsPage</name>
    <message>
        <source>Reservations</source>
        <extracomment>Status refresh period while the page is visible (ms). Countdown repaint period (ms). How many reservations a confirmation lists by name. Emitted after the list was reloaded from the store (tests listen). Emitted with the list of :class:`CancelResult` after a cancel.</extracomment>
        <translation>예약 발송</translation>
    </message>
    <message>
        <source>Messages reserved for later, with their status at SENS. Select one or several to cancel them, or edit a copy in Compose.</source>
        <translation>나중에 보내도록 예약한 메시지와 SENS에서의 상태입니다. 하나 또는 여러 개를 선택해 취소하거나, 사본을 문자 작성 화면에서 편집하세요.</translation>
    </message>
    <message>
        <source>API PLEX has no reservations: messages sent through it go out at once, so there is no reservation list to show. Switch to a SENS profile in Settings to see, cancel or edit SENS reservations.</source>
        <translation>API PLEX에는 예약 발송이 없습니다. API PLEX로 보내는 메시지는 바로 발송되므로 보여 줄 예약 목록이 없습니다. SENS 예약을 보거나 취소, 수정하려면 설정에서 SENS 프로필로 바꾸세요.</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>보기:</translation>
    </message>
    <message>
        <source>Send date from</source>
        <translation>예약 날짜</translation>
    </message>
    <message>
        <source>to</source>
        <translation>~</translation>
    </message>
    <message>
        <source>Refresh status</source>
        <translation>상태 새로 고침</translation>
    </message>
    <message>
        <source>No reservations yet. Reserve a message in Compose (Send later) and it appears here.</source>
        <translation>아직 예약이 없습니다. 문자 작성 화면에서 예약 발송을 하면 여기에 표시됩니다.</translation>
    </message>
    <message>
        <source>Edit or reschedule…</source>
        <translation>편집/시간 변경…</translation>
    </message>
    <message>
        <source>Opens a copy in Compose. The old reservation is cancelled only after the new one is accepted.</source>
        <translation>사본을 문자 작성 화면에 엽니다. 기존 예약은 새 예약이 접수된 뒤에만 취소됩니다.</translation>
    </message>
    <message>
        <source>Cancel reservation…</source>
        <translation>예약 취소…</translation>
    </message>
    <message>
        <source>All reservations</source>
        <translation>전체 예약</translation>
    </message>
    <message>
        <source>Waiting or not checked</source>
        <translation>대기 중 또는 확인 전</translation>
    </message>
    <message>
        <source>Sending or sent</source>
        <translation>발송 중 또는 발송됨</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <source>Failed or skipped</source>
        <translation>실패 또는 건너뜀</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>확인 중…</translation>
    </message>
    <message>
        <source>Status not checked yet</source>
        <translation>상태를 아직 확인하지 않았습니다</translation>
    </message>
    <message>
        <source>Status checked at %1</source>
        <translation>%1에 상태 확인</translation>
    </message>
    <message>
        <source>%1 shown, %2 waiting (%3 recipients)</source>
        <translation>%1건 표시, %2건 대기 중(수신자 %3명)</translation>
    </message>
    <message>
        <source>%1 — “%2” — %3 recipients</source>
        <translation>%1 — “%2” — 수신자 %3명</translation>
    </message>
    <message>
        <source>(no text)</source>
        <translation>(내용 없음)</translation>
    </message>
    <message>
        <source>Cancel %1 reservation(s) for %2 recipients in total?</source>
        <translation>예약 %1건(수신자 모두 %2명)을 취소할까요?</translation>
    </message>
    <message>
        <source>… and %1 more</source>
        <translation>… 외 %1건</translation>
    </message>
    <message>
        <source>Warning: %1 of them are due in less than 5 minutes (or already due). SENS may already be sending them; the result is shown per row.</source>
        <translation>주의: 그중 %1건은 예약 시각까지 5분도 남지 않았거나 이미 지났습니다. SENS가 이미 발송 중일 수 있으며, 결과는 행마다 표시됩니다.</translation>
    </message>
    <message>
        <source>Nothing to cancel: the selected reservations were sent or cancelled.</source>
        <translation>취소할 예약이 없습니다. 선택한 예약은 이미 발송되었거나 취소되었습니다.</translation>
    </message>
    <message>
        <source>Cancel reservations</source>
        <translation>예약 취소</translation>
    </message>
    <message>
        <source>Cancelled %1 of %2 reservations. See the Result column for each one.</source>
        <translation>예약 %2건 중 %1건을 취소했습니다. 각 결과는 &apos;처리 결과&apos; 열에서 확인하세요.</translation>
    </message>
    <message>
        <source>Select a reservation that is still waiting to edit it.</source>
        <translation>편집하려면 아직 대기 중인 예약을 선택하세요.</translation>
    </message>
    <message>
        <source>A copy is open in Compose. Choose the new time and send it: the old reservation is cancelled only after the new one is accepted.</source>
        <translation>사본을 문자 작성 화면에 열었습니다. 새 시각을 정해 보내세요. 기존 예약은 새 예약이 접수된 뒤에만 취소됩니다.</translation>
    </message>
</context>
</TS>
