<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko" sourcelanguage="en">
<context>
    <name>AddRowDialog</name>
    <message>
        <source>Add a recipient</source>
        <translation>수신자 추가</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>전화번호</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>추가</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
</context>
<context>
    <name>DuplicateTableModel</name>
    <message>
        <source>Row</source>
        <translation>행</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>전화번호</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Merged into row</source>
        <translation>합쳐진 행</translation>
    </message>
</context>
<context>
    <name>ListNameDialog</name>
    <message>
        <source>e.g. Customers, January notice</source>
        <translation>예: 거래처, 1월 안내</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>확인</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
</context>
<context>
    <name>MappingDialog</name>
    <message>
        <source>Choose the columns</source>
        <extracomment>The user chose another sheet (its name); the page reads it and calls set_table.</extracomment>
        <translation>열 선택</translation>
    </message>
    <message>
        <source>Pasted text</source>
        <translation>붙여넣은 내용</translation>
    </message>
    <message>
        <source>%1: %2 rows read.</source>
        <translation>%1: %2행을 읽었습니다.</translation>
    </message>
    <message>
        <source>The first row holds the column titles</source>
        <translation>첫 행은 열 제목입니다</translation>
    </message>
    <message>
        <source>%1 (hidden)</source>
        <translation>%1 (숨김)</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>읽는 중…</translation>
    </message>
    <message>
        <source>Stop reading</source>
        <translation>읽기 중지</translation>
    </message>
    <message>
        <source>Sheet</source>
        <translation>시트</translation>
    </message>
    <message>
        <source>Phone number column</source>
        <translation>전화번호 열</translation>
    </message>
    <message>
        <source>Name column</source>
        <translation>이름 열</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>가져오기</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>(no name column)</source>
        <translation>(이름 열 없음)</translation>
    </message>
    <message>
        <source>Other columns become variables for personalised messages: %1</source>
        <translation>나머지 열은 개인화 메시지의 변수가 됩니다: %1</translation>
    </message>
    <message>
        <source>No other columns: no variables.</source>
        <translation>다른 열이 없어 변수가 없습니다.</translation>
    </message>
</context>
<context>
    <name>ProblemTableModel</name>
    <message>
        <source>Row</source>
        <translation>행</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>전화번호</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>문제</translation>
    </message>
    <message>
        <source>Double-click to correct the number</source>
        <translation>두 번 클릭하여 번호를 고치세요</translation>
    </message>
</context>
<context>
    <name>RecipientTableModel</name>
    <message>
        <source>Number</source>
        <extracomment>The row object (RecipientRow, InvalidRow or DuplicateRow) of an index.</extracomment>
        <translation>전화번호</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>종류</translation>
    </message>
    <message>
        <source>080 opt-out</source>
        <translation>080 수신거부</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>휴대폰</translation>
    </message>
    <message>
        <source>Landline</source>
        <translation>일반전화</translation>
    </message>
    <message>
        <source>Representative</source>
        <translation>대표번호</translation>
    </message>
    <message>
        <source>International</source>
        <translation>해외</translation>
    </message>
    <message>
        <source>Opted out</source>
        <translation>수신거부</translation>
    </message>
    <message>
        <source>On the 080 opt-out list: advertisements are not sent to this number.</source>
        <translation>080 수신거부 목록에 있는 번호입니다. 광고 문자는 이 번호로 보내지 않습니다.</translation>
    </message>
</context>
<context>
    <name>RecipientsPage</name>
    <message>
        <source>Recipients</source>
        <extracomment>Re-reading another sheet of the workbook shown in the mapping dialog. Reads one named sheet of the workbook being imported: (sheet, progress, cancel) -&gt; cells. The list widget&apos;s item for the import not saved yet. Emitted when an import ends (the ImportResult, or None if it failed or was cancelled). Emitted after the shown rows changed (a list opened, a row fixed, added, removed ...).</extracomment>
        <translation>수신자</translation>
    </message>
    <message>
        <source>Import recipient lists from Excel, CSV or copied cells (or drop a file here). Numbers are cleaned and checked, duplicates merged, and lists kept for later sends.</source>
        <translation>엑셀, CSV 파일이나 복사한 셀에서 수신자 목록을 가져옵니다(파일을 여기에 끌어다 놓아도 됩니다). 번호를 정리·확인하고 중복을 합치며, 다음 발송을 위해 목록을 보관합니다.</translation>
    </message>
    <message>
        <source>Saved lists</source>
        <translation>저장된 목록</translation>
    </message>
    <message>
        <source>Search lists</source>
        <translation>목록 검색</translation>
    </message>
    <message>
        <source>New…</source>
        <translation>새 목록…</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>이름 바꾸기…</translation>
    </message>
    <message>
        <source>Merge…</source>
        <translation>합치기…</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>삭제…</translation>
    </message>
    <message>
        <source>Import file…</source>
        <translation>파일 가져오기…</translation>
    </message>
    <message>
        <source>Paste from clipboard</source>
        <translation>클립보드에서 붙여넣기</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Search by number, name or any column</source>
        <translation>번호, 이름 또는 다른 열 내용으로 검색</translation>
    </message>
    <message>
        <source>Add a recipient…</source>
        <translation>수신자 추가…</translation>
    </message>
    <message>
        <source>Remove selected</source>
        <translation>선택 항목 삭제</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>내보내기…</translation>
    </message>
    <message>
        <source>These rows were kept aside because their number cannot be used. Double-click a number to correct it: a corrected row joins the recipients. Or export them, fix them in Excel and import the file again.</source>
        <translation>번호를 쓸 수 없어 따로 모아 둔 행입니다. 번호를 두 번 클릭해 고치면 수신자 목록으로 옮겨집니다. 내보내서 엑셀에서 고친 뒤 다시 가져와도 됩니다.</translation>
    </message>
    <message>
        <source>Export problems…</source>
        <translation>문제 행 내보내기…</translation>
    </message>
    <message>
        <source>Save as list…</source>
        <translation>목록으로 저장…</translation>
    </message>
    <message>
        <source>Send to Compose</source>
        <translation>메시지 작성으로 보내기</translation>
    </message>
    <message>
        <source>No list open</source>
        <translation>열린 목록 없음</translation>
    </message>
    <message>
        <source>Import a file, paste copied cells, or open a saved list on the left.</source>
        <translation>파일을 가져오거나 복사한 셀을 붙여넣거나, 왼쪽에서 저장된 목록을 여세요.</translation>
    </message>
    <message>
        <source>List: %1</source>
        <translation>목록: %1</translation>
    </message>
    <message>
        <source>pasted cells</source>
        <translation>붙여넣은 셀</translation>
    </message>
    <message>
        <source>Imported, not saved: %1</source>
        <translation>가져옴(저장 안 됨): %1</translation>
    </message>
    <message>
        <source>%1 recipients</source>
        <translation>수신자 %1명</translation>
    </message>
    <message>
        <source>%1 duplicates merged</source>
        <translation>중복 %1건 합침</translation>
    </message>
    <message>
        <source>%1 problems</source>
        <translation>문제 %1건</translation>
    </message>
    <message>
        <source>%1 on the 080 opt-out list</source>
        <translation>080 수신거부 %1건</translation>
    </message>
    <message>
        <source>Recipients (%1)</source>
        <translation>수신자 (%1)</translation>
    </message>
    <message>
        <source>Problems (%1)</source>
        <translation>문제 (%1)</translation>
    </message>
    <message>
        <source>Merged duplicates (%1)</source>
        <translation>합친 중복 (%1)</translation>
    </message>
    <message>
        <source>Imported, not saved</source>
        <translation>가져온 목록(저장 안 됨)</translation>
    </message>
    <message>
        <source>%1 recipients, %2 problems</source>
        <translation>수신자 %1명, 문제 %2건</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>예</translation>
    </message>
    <message>
        <source>No</source>
        <translation>아니요</translation>
    </message>
    <message>
        <source>New list</source>
        <translation>새 목록</translation>
    </message>
    <message>
        <source>Name of the new, empty list:</source>
        <translation>새 빈 목록의 이름:</translation>
    </message>
    <message>
        <source>Rename list</source>
        <translation>목록 이름 바꾸기</translation>
    </message>
    <message>
        <source>New name of the list:</source>
        <translation>목록의 새 이름:</translation>
    </message>
    <message>
        <source>Merge lists</source>
        <translation>목록 합치기</translation>
    </message>
    <message>
        <source>The %1 selected lists are combined into a new list (each number once). Name of the new list:</source>
        <translation>선택한 목록 %1개를 새 목록 하나로 합칩니다(같은 번호는 한 번만). 새 목록의 이름:</translation>
    </message>
    <message>
        <source>Merged into &apos;%1&apos;: %2 recipients.</source>
        <translation>&apos;%1&apos;(으)로 합쳤습니다: 수신자 %2명.</translation>
    </message>
    <message>
        <source>Delete %1 list(s)? This cannot be undone.</source>
        <translation>목록 %1개를 삭제할까요? 되돌릴 수 없습니다.</translation>
    </message>
    <message>
        <source>Delete lists</source>
        <translation>목록 삭제</translation>
    </message>
    <message>
        <source>Save as list</source>
        <translation>목록으로 저장</translation>
    </message>
    <message>
        <source>Name of the list to save:</source>
        <translation>저장할 목록의 이름:</translation>
    </message>
    <message>
        <source>Saved as &apos;%1&apos;: %2 recipients.</source>
        <translation>&apos;%1&apos;(으)로 저장했습니다: 수신자 %2명.</translation>
    </message>
    <message>
        <source>%1 is already in this list.</source>
        <translation>%1 번호는 이미 이 목록에 있습니다.</translation>
    </message>
    <message>
        <source>and %1 more</source>
        <translation>외 %1명</translation>
    </message>
    <message>
        <source>Remove %1 recipient(s) from this list?

%2</source>
        <translation>이 목록에서 수신자 %1명을 삭제할까요?

%2</translation>
    </message>
    <message>
        <source>Remove recipients</source>
        <translation>수신자 삭제</translation>
    </message>
    <message>
        <source>Import recipients</source>
        <translation>수신자 가져오기</translation>
    </message>
    <message>
        <source>Spreadsheets and text files (%1);;All files (*)</source>
        <translation>엑셀·텍스트 파일 (%1);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>The clipboard holds no text. Select the cells in Excel, copy them (Ctrl+C) and try again.</source>
        <translation>클립보드에 텍스트가 없습니다. 엑셀에서 셀을 선택해 복사(Ctrl+C)한 뒤 다시 시도하세요.</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>읽는 중…</translation>
    </message>
    <message>
        <source>Checking numbers…</source>
        <translation>번호 확인 중…</translation>
    </message>
    <message>
        <source>Import cancelled.</source>
        <translation>가져오기를 취소했습니다.</translation>
    </message>
    <message>
        <source>This sheet has no rows under its first row.</source>
        <translation>이 시트에는 첫 행 아래에 내용이 없습니다.</translation>
    </message>
    <message>
        <source>If the list is on another sheet, choose it under Sheet.</source>
        <translation>명단이 다른 시트에 있으면 &apos;시트&apos;에서 그 시트를 선택해 주세요.</translation>
    </message>
    <message>
        <source>%1 recipients imported (%2 duplicates merged, %3 problems).</source>
        <translation>수신자 %1명을 가져왔습니다(중복 %2건 합침, 문제 %3건).</translation>
    </message>
    <message>
        <source>%1 are on the 080 opt-out list.</source>
        <translation>그중 %1명은 080 수신거부 목록에 있습니다.</translation>
    </message>
    <message>
        <source>Compose is not available in this window.</source>
        <translation>이 창에서는 메시지 작성 화면을 열 수 없습니다.</translation>
    </message>
    <message>
        <source>Export problem rows</source>
        <translation>문제 행 내보내기</translation>
    </message>
    <message>
        <source>Export recipients</source>
        <translation>수신자 내보내기</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx);;CSV (*.csv)</source>
        <translation>엑셀 통합 문서 (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>전화번호</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>문제</translation>
    </message>
    <message>
        <source>Exported %1 rows to %2.</source>
        <translation>%1행을 %2에 내보냈습니다.</translation>
    </message>
</context>
</TS>
