<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko" sourcelanguage="en">
<context>
    <name>ReservationsPage</name>
    <message>
        <source>Reservations</source>
        <translation>예약 발송</translation>
    </message>
    <message>
        <source>Here you will see the messages reserved for later, check their status and cancel them before they go out.</source>
        <translation>이 화면에서 예약된 메시지를 보고, 상태를 확인하며, 발송 전에 취소합니다.</translation>
    </message>
</context>
</TS>
