<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko" sourcelanguage="en">
<context>
    <name>UnsubscribesPage</name>
    <message>
        <source>080 Opt-out</source>
        <translation>080 수신거부</translation>
    </message>
    <message>
        <source>Here you will see and manage the numbers that asked, through the free 080 number, not to receive advertising messages.</source>
        <translation>이 화면에서 무료 080 번호로 광고 메시지 수신을 거부한 번호를 확인하고 관리합니다.</translation>
    </message>
</context>
</TS>
