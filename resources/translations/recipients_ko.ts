<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko" sourcelanguage="en">
<context>
    <name>RecipientsPage</name>
    <message>
        <source>Recipients</source>
        <translation>수신자</translation>
    </message>
    <message>
        <source>Here you will import recipient lists from Excel or CSV files, check the numbers and keep lists for later sends.</source>
        <translation>이 화면에서 엑셀이나 CSV 파일로 수신자 목록을 가져오고, 번호를 확인하며, 다음 발송을 위해 목록을 보관합니다.</translation>
    </message>
</context>
</TS>
