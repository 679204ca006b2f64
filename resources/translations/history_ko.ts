<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko" sourcelanguage="en">
<context>
    <name>HistoryPage</name>
    <message>
        <source>History</source>
        <translation>발송 내역</translation>
    </message>
    <message>
        <source>Here you will follow every message you sent: its delivery result, the carrier and the reason when a message failed.</source>
        <translation>이 화면에서 보낸 모든 메시지의 전달 결과, 통신사, 실패했을 때의 사유를 확인합니다.</translation>
    </message>
</context>
</TS>
