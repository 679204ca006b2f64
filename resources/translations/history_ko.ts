<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko" sourcelanguage="en">
<context>
    <name>DeliveryChart</name>
    <message>
        <source>No sends</source>
        <translation>발송 없음</translation>
    </message>
    <message>
        <source>%1: delivery rate %2 (delivered %3, failed %4, pending %5)</source>
        <translation>%1: 전달률 %2 (전달 %3, 실패 %4, 대기 %5)</translation>
    </message>
</context>
<context>
    <name>HistoryModels</name>
    <message>
        <source>Time</source>
        <extracomment>Custom roles: the row&apos;s key and its outcome (&apos;success&apos;, &apos;failed&apos;, &apos;pending&apos;). Progress of a request as a fraction 0..1 (the progress column&apos;s delegate draws it). Nothing is queried before the first filter is set (views sort on creation).</extracomment>
        <translation>요청 시각</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>유형</translation>
    </message>
    <message>
        <source>Subject / first line</source>
        <translation>제목 / 첫 줄</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>발신번호</translation>
    </message>
    <message>
        <source>Recipients</source>
        <translation>수신자</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>전달</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>대기</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>진행률</translation>
    </message>
    <message>
        <source>Cost (KRW)</source>
        <translation>비용(원)</translation>
    </message>
    <message>
        <source>(reserved %1)</source>
        <translation>(예약 %1)</translation>
    </message>
    <message>
        <source>(ad)</source>
        <translation>(광고)</translation>
    </message>
    <message>
        <source>(text not loaded yet)</source>
        <translation>(내용을 아직 불러오지 않음)</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>순번</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>수신번호</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>결과</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>코드</translation>
    </message>
    <message>
        <source>Carrier</source>
        <translation>통신사</translation>
    </message>
    <message>
        <source>Completed at</source>
        <translation>완료 시각</translation>
    </message>
</context>
<context>
    <name>HistoryPage</name>
    <message>
        <source>History</source>
        <extracomment>Default period: the last 30 days.</extracomment>
        <translation>발송 내역</translation>
    </message>
    <message>
        <source>Every message sent from this console with its delivery result. Search SENS to add what others sent from the same account in the last 90 days.</source>
        <translation>이 콘솔에서 보낸 모든 메시지와 전달 결과입니다. &apos;SENS에서 조회&apos;를 누르면 같은 계정으로 최근 90일 동안 다른 곳에서 보낸 내역도 추가됩니다.</translation>
    </message>
    <message>
        <source>All types</source>
        <translation>모든 유형</translation>
    </message>
    <message>
        <source>All results</source>
        <translation>모든 결과</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>전달</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>대기</translation>
    </message>
    <message>
        <source>General and ads</source>
        <translation>일반·광고 모두</translation>
    </message>
    <message>
        <source>General</source>
        <translation>일반</translation>
    </message>
    <message>
        <source>Advertising</source>
        <translation>광고</translation>
    </message>
    <message>
        <source>All callers</source>
        <translation>모든 발신번호</translation>
    </message>
    <message>
        <source>Recipient number</source>
        <translation>수신번호</translation>
    </message>
    <message>
        <source>Search text, number or name</source>
        <translation>내용, 번호, 이름 검색</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message>
        <source>Search SENS</source>
        <translation>SENS에서 조회</translation>
    </message>
    <message>
        <source>Fetch from SENS everything the account sent in the period with these filters (also sends made elsewhere) and add it to this list.</source>
        <translation>이 기간과 조건으로 계정이 보낸 모든 메시지(다른 곳에서 보낸 것 포함)를 SENS에서 가져와 목록에 추가합니다.</translation>
    </message>
    <message>
        <source>Export...</source>
        <translation>내보내기...</translation>
    </message>
    <message>
        <source>Search SENS is not available: the active profile sends through API PLEX, which offers no search of what was sent. Its results arrive by webhook. Switch to a SENS profile in Settings to search SENS.</source>
        <translation>SENS 조회를 사용할 수 없습니다. 현재 프로필은 API PLEX로 발송하며, API PLEX에는 발송 내역 조회 기능이 없습니다. 결과는 웹훅으로 받습니다. SENS에서 조회하려면 설정에서 SENS 프로필로 바꾸세요.</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>기간</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>중지</translation>
    </message>
    <message>
        <source>Delivery rate per day</source>
        <translation>일별 전달률</translation>
    </message>
    <message>
        <source>Select a send above to see its recipients.</source>
        <translation>위에서 발송을 선택하면 수신자별 결과가 보입니다.</translation>
    </message>
    <message>
        <source>Resend to failed</source>
        <translation>실패 건 재발송</translation>
    </message>
    <message>
        <source>Open Compose with the failed recipients of this send and the same text.</source>
        <translation>이 발송의 실패한 수신자와 같은 내용으로 메시지 작성 화면을 엽니다.</translation>
    </message>
    <message>
        <source>Copy numbers</source>
        <translation>번호 복사</translation>
    </message>
    <message>
        <source>Message detail</source>
        <translation>메시지 상세</translation>
    </message>
    <message>
        <source>Searching...</source>
        <translation>검색하는 중...</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>발송</translation>
    </message>
    <message>
        <source>Delivery rate</source>
        <translation>전달률</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>비용</translation>
    </message>
    <message>
        <source>%1 won</source>
        <translation>%1원</translation>
    </message>
    <message>
        <source>%1 sends</source>
        <translation>발송 %1건</translation>
    </message>
    <message>
        <source>API PLEX reports delivery results by webhook: they appear here as they arrive.</source>
        <translation>API PLEX는 발송 결과를 웹훅으로 알려 줍니다. 결과가 도착하는 대로 여기에 표시됩니다.</translation>
    </message>
    <message>
        <source>API PLEX reports delivery results only to a webhook, and the webhook receiver is off: turn it on in Settings to see them.</source>
        <translation>API PLEX는 발송 결과를 웹훅으로만 알려 주는데 웹훅 수신기가 꺼져 있습니다. 결과를 보려면 설정에서 수신기를 켜세요.</translation>
    </message>
    <message>
        <source>Offline: SENS cannot be reached. Results of %1 sends will be checked again in %2 s.</source>
        <translation>오프라인: SENS에 연결할 수 없습니다. 발송 %1건의 결과를 %2초 뒤에 다시 확인합니다.</translation>
    </message>
    <message>
        <source>Results cannot be checked: %1</source>
        <translation>결과를 확인할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Waiting for the results of %1 sends; they are checked automatically.</source>
        <translation>발송 %1건의 결과를 기다리는 중입니다. 자동으로 확인합니다.</translation>
    </message>
    <message>
        <source>All results are in.</source>
        <translation>모든 결과가 도착했습니다.</translation>
    </message>
    <message>
        <source>Recipients of the %1 send of %2 (%3 shown)</source>
        <translation>%2 %1 발송의 수신자 (%3명 표시)</translation>
    </message>
    <message>
        <source>Resend to %1 failed</source>
        <translation>실패 %1건 재발송</translation>
    </message>
    <message>
        <source>This send has no failed recipients.</source>
        <translation>이 발송에는 실패한 수신자가 없습니다.</translation>
    </message>
    <message>
        <source>This send was personalised: Compose shows one recipient&apos;s text. Put the #{...} fields back before sending.</source>
        <translation>개인화된 발송이었습니다. 메시지 작성 화면에는 한 수신자의 내용이 들어 있으니, 보내기 전에 #{...} 항목을 다시 넣으세요.</translation>
    </message>
    <message>
        <source>%1 numbers copied.</source>
        <translation>번호 %1개를 복사했습니다.</translation>
    </message>
    <message>
        <source>This message went through API PLEX, which has no result query: what is shown is the last result its webhook reported.</source>
        <translation>이 메시지는 API PLEX로 보냈습니다. API PLEX에는 결과 조회 기능이 없어, 웹훅으로 마지막에 받은 결과를 보여 줍니다.</translation>
    </message>
    <message>
        <source>Searching SENS...</source>
        <translation>SENS에서 조회하는 중...</translation>
    </message>
    <message>
        <source>SENS search done: %1 messages in %2 sends (%3 new).</source>
        <translation>SENS 조회 완료: 발송 %2건, 메시지 %1건 (새로 추가 %3건).</translation>
    </message>
    <message>
        <source>Period %1 of %2: %3 messages found</source>
        <translation>구간 %1/%2: 메시지 %3건 찾음</translation>
    </message>
    <message>
        <source>Export history</source>
        <translation>발송 내역 내보내기</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx);;CSV, comma separated (*.csv)</source>
        <translation>엑셀 통합 문서 (*.xlsx);;CSV, 쉼표로 구분 (*.csv)</translation>
    </message>
    <message>
        <source>%1 messages exported to %2.</source>
        <translation>메시지 %1건을 %2(으)로 내보냈습니다.</translation>
    </message>
</context>
<context>
    <name>MessageDetailDialog</name>
    <message>
        <source>Message detail</source>
        <translation>메시지 상세</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>수신번호</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Result code</source>
        <translation>결과 코드</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>결과</translation>
    </message>
    <message>
        <source>Carrier</source>
        <translation>통신사</translation>
    </message>
    <message>
        <source>Requested at</source>
        <translation>요청 시각</translation>
    </message>
    <message>
        <source>Completed at</source>
        <translation>완료 시각</translation>
    </message>
    <message>
        <source>Message ID</source>
        <translation>메시지 ID</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>제목</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>이미지</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>내용</translation>
    </message>
    <message>
        <source>Asking SENS for the full result...</source>
        <translation>SENS에 상세 결과를 요청하는 중...</translation>
    </message>
    <message>
        <source>SENS has not listed this message yet, so its full result cannot be shown. It appears once the results are checked.</source>
        <translation>SENS가 아직 이 메시지를 조회 결과에 포함하지 않아 상세 결과를 보여 줄 수 없습니다. 결과가 확인되면 표시됩니다.</translation>
    </message>
    <message>
        <source>Full result from SENS.</source>
        <translation>SENS의 상세 결과입니다.</translation>
    </message>
</context>
</TS>
