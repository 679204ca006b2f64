<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko" sourcelanguage="en">
<context>
    <name>ComposePage</name>
    <message>
        <source>Compose</source>
        <translation>메시지 작성</translation>
    </message>
    <message>
        <source>Here you will write an SMS, LMS or MMS message, see its length and cost as you type, and send it now or at a reserved time to the recipients you choose.</source>
        <translation>이 화면에서 SMS, LMS, MMS 메시지를 작성하고, 입력하는 동안 길이와 비용을 확인하며, 고른 수신자에게 바로 또는 예약한 시각에 보냅니다.</translation>
    </message>
</context>
</TS>
