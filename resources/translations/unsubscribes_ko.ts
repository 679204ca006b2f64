<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko" sourcelanguage="en">
<context>
    <name>AddNumbersDialog</name>
    <message>
        <source>Add numbers to the 080 opt-out list</source>
        <translation>080 수신거부 목록에 번호 추가</translation>
    </message>
    <message>
        <source>Type or paste numbers, one per line (or separated by commas), or import them from an Excel or CSV file. Hyphens are fine.</source>
        <translation>번호를 한 줄에 하나씩(또는 쉼표로 구분해) 입력하거나 붙여 넣고, 엑셀이나 CSV 파일에서 가져올 수도 있습니다. 하이픈(-)이 있어도 됩니다.</translation>
    </message>
    <message>
        <source>Import from file…</source>
        <translation>파일에서 가져오기…</translation>
    </message>
    <message>
        <source>Add to the list</source>
        <translation>목록에 추가</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>%1 numbers ready</source>
        <translation>추가할 번호 %1개</translation>
    </message>
    <message>
        <source>%1 not recognised (%2)</source>
        <translation>인식하지 못한 값 %1개(%2)</translation>
    </message>
    <message>
        <source>Import numbers</source>
        <translation>번호 가져오기</translation>
    </message>
    <message>
        <source>Spreadsheets and text (*.xlsx *.xls *.csv *.txt);;All files (*)</source>
        <translation>스프레드시트와 텍스트 (*.xlsx *.xls *.csv *.txt);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>%1 읽는 중…</translation>
    </message>
</context>
<context>
    <name>OptOutModel</name>
    <message>
        <source>Added by hand</source>
        <extracomment>The row&apos;s :class:`OptOutEntry`. A naturally sorting value (registration time as epoch seconds).</extracomment>
        <translation>직접 등록</translation>
    </message>
    <message>
        <source>By a call to 080</source>
        <translation>080 전화로 등록</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>전화번호</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>등록 시각</translation>
    </message>
    <message>
        <source>How</source>
        <translation>등록 방법</translation>
    </message>
</context>
<context>
    <name>UnsubscribesPage</name>
    <message>
        <source>080 Opt-out</source>
        <extracomment>Opening the page downloads the list when the copy is older than this. Emitted after each download, add or remove (success or not); tests listen. Numbers an add could not register; the next &quot;Add numbers&quot; dialog starts with them.</extracomment>
        <translation>080 수신거부</translation>
    </message>
    <message>
        <source>Numbers that asked, through the free 080 number or by hand, not to receive advertising messages. Advertisements are never sent to them, and Recipients marks them.</source>
        <translation>무료 080 번호로 전화하거나 직접 등록해 광고 메시지 수신을 거부한 번호입니다. 이 번호로는 광고 문자를 보내지 않으며, 수신자 화면에도 표시됩니다.</translation>
    </message>
    <message>
        <source>API PLEX has no 080 opt-out list: the list belongs to NAVER Cloud SENS. Switch to a SENS profile in Settings to see or edit it. Advertisements sent through API PLEX must still carry your free opt-out number.</source>
        <translation>API PLEX에는 080 수신거부 목록이 없습니다. 이 목록은 네이버 클라우드 SENS의 기능입니다. 목록을 보거나 편집하려면 설정에서 SENS 프로필로 바꾸세요. API PLEX로 보내는 광고 메시지에도 무료 수신거부 번호는 반드시 넣어야 합니다.</translation>
    </message>
    <message>
        <source>Search by number</source>
        <translation>번호로 검색</translation>
    </message>
    <message>
        <source>Download from SENS</source>
        <translation>SENS에서 내려받기</translation>
    </message>
    <message>
        <source>Add numbers…</source>
        <translation>번호 추가…</translation>
    </message>
    <message>
        <source>Remove selected…</source>
        <translation>선택한 번호 삭제…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>내보내기…</translation>
    </message>
    <message>
        <source>%1 numbers</source>
        <translation>번호 %1개</translation>
    </message>
    <message>
        <source>%1 of %2 numbers</source>
        <translation>번호 %2개 중 %1개</translation>
    </message>
    <message>
        <source>Not downloaded yet</source>
        <translation>아직 내려받지 않음</translation>
    </message>
    <message>
        <source>Downloaded just now</source>
        <translation>방금 내려받음</translation>
    </message>
    <message>
        <source>Downloaded %1 min ago</source>
        <translation>%1분 전에 내려받음</translation>
    </message>
    <message>
        <source>Downloaded %1 h ago</source>
        <translation>%1시간 전에 내려받음</translation>
    </message>
    <message>
        <source>Downloaded %1 days ago</source>
        <translation>%1일 전에 내려받음</translation>
    </message>
    <message>
        <source>Downloading…</source>
        <translation>내려받는 중…</translation>
    </message>
    <message>
        <source>080 opt-out list downloaded: %1 numbers.</source>
        <translation>080 수신거부 목록을 내려받았습니다: 번호 %1개.</translation>
    </message>
    <message>
        <source>%1 numbers added to the 080 opt-out list.</source>
        <translation>080 수신거부 목록에 번호 %1개를 추가했습니다.</translation>
    </message>
    <message>
        <source>Take %1 numbers off the 080 opt-out list? Advertisements may then be sent to them again.</source>
        <translation>080 수신거부 목록에서 번호 %1개를 삭제할까요? 삭제하면 이 번호로 다시 광고 문자가 발송될 수 있습니다.</translation>
    </message>
    <message>
        <source>… and %1 more</source>
        <translation>… 외 %1개</translation>
    </message>
    <message>
        <source>Remove opt-out numbers</source>
        <translation>수신거부 번호 삭제</translation>
    </message>
    <message>
        <source>%1 numbers removed from the 080 opt-out list.</source>
        <translation>080 수신거부 목록에서 번호 %1개를 삭제했습니다.</translation>
    </message>
    <message>
        <source>Export the 080 opt-out list</source>
        <translation>080 수신거부 목록 내보내기</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx);;CSV (*.csv)</source>
        <translation>엑셀 통합 문서 (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>Exported %1 numbers to %2.</source>
        <translation>번호 %1개를 %2(으)로 내보냈습니다.</translation>
    </message>
</context>
</TS>
