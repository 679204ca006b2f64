<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko" sourcelanguage="en">
<context>
    <name>AdRulesBox</name>
    <message>
        <source>Advertisement rules</source>
        <extracomment>The sender name or the opt-out number was edited (the page remembers them). The night-time consent box was ticked or cleared.</extracomment>
        <translation>광고 규정</translation>
    </message>
    <message>
        <source>Company or shop name</source>
        <translation>회사 또는 가게 이름</translation>
    </message>
    <message>
        <source>Sender name</source>
        <translation>업체명</translation>
    </message>
    <message>
        <source>080 opt-out number</source>
        <translation>080 수신거부 번호</translation>
    </message>
    <message>
        <source>Night-time consent</source>
        <translation>야간 수신 동의</translation>
    </message>
    <message>
        <source>The recipients separately agreed to receive ads at night (21:00–08:00)</source>
        <translation>수신자가 야간(21:00~08:00) 광고 수신에 별도로 동의했습니다</translation>
    </message>
    <message>
        <source>Tick only if the recipients separately agreed to receive ads between 21:00 and 08:00.</source>
        <translation>수신자가 21:00~08:00 광고 수신에 별도로 동의한 경우에만 선택하세요.</translation>
    </message>
    <message>
        <source>&quot;(광고)&quot; at the very start</source>
        <translation>맨 앞에 &quot;(광고)&quot;</translation>
    </message>
    <message>
        <source>Sender name in the message</source>
        <translation>메시지에 업체명</translation>
    </message>
    <message>
        <source>Free 080 opt-out line at the end</source>
        <translation>맨 끝에 무료 080 수신거부 안내</translation>
    </message>
    <message>
        <source>API PLEX keeps no 080 opt-out list: leave out the numbers that opted out yourself before sending an advertisement.</source>
        <translation>API PLEX에는 080 수신거부 목록이 없습니다. 광고를 보내기 전에 수신을 거부한 번호를 직접 빼세요.</translation>
    </message>
    <message>
        <source>%1 recipients are on the 080 opt-out list (%2 numbers) and will be left out.</source>
        <translation>수신자 %1명이 080 수신거부 목록(번호 %2개)에 있어 제외됩니다.</translation>
    </message>
    <message>
        <source>No 080 opt-out numbers are stored yet; the list is checked with SENS before the advertisement is sent.</source>
        <translation>저장된 080 수신거부 번호가 아직 없습니다. 광고를 보내기 전에 SENS에서 목록을 확인합니다.</translation>
    </message>
    <message>
        <source>The send falls between 21:00 and 08:00: tick the consent box or choose a daytime reservation.</source>
        <translation>발송 시각이 21:00~08:00 사이입니다. 야간 수신 동의를 선택하거나 낮 시간으로 예약하세요.</translation>
    </message>
</context>
<context>
    <name>AttachmentStrip</name>
    <message>
        <source>Add image…</source>
        <translation>이미지 첨부…</translation>
    </message>
    <message>
        <source>Up to 3 pictures; drag them here. They are converted to JPEG under 300 KB.</source>
        <translation>최대 3장까지 여기로 끌어다 놓으세요. 300KB 이하 JPEG로 자동 변환됩니다.</translation>
    </message>
</context>
<context>
    <name>AttachmentTile</name>
    <message>
        <source>Remove</source>
        <extracomment>What the file dialog offers (anything Pillow reads is converted to JPEG).</extracomment>
        <translation>삭제</translation>
    </message>
    <message>
        <source>Converting…</source>
        <translation>변환 중…</translation>
    </message>
    <message>
        <source>%1 → %2 (%3×%4, %5)</source>
        <translation>%1 → %2 (%3×%4, %5)</translation>
    </message>
</context>
<context>
    <name>ComposePage</name>
    <message>
        <source>Compose</source>
        <extracomment>Above this many recipients the personalised counter waits for a pause in typing. How many upcoming reservations the reminder lists, and how often it is re-read (ms). The advertisement&apos;s sender name and 080 number, remembered per profile (an office&apos;s profiles may be different companies or shops): &quot;&lt;key&gt;/&lt;profile id&gt;&quot;. The key alone holds what a console before per-profile keys remembered; it is the default. Emitted after every recount (tests and the status bar may listen). Emitted with the final :class:`SendProgress` of a send or resume. Reservations (request IDs) this message replaces (set by the Reservations pane). The active profile sends through API PLEX (set by _load_profile). Drops reservations from the reminder once their time has come.</extracomment>
        <translation>메시지 작성</translation>
    </message>
    <message>
        <source>New message</source>
        <translation>새 메시지</translation>
    </message>
    <message>
        <source>Clear the text, recipients and images</source>
        <translation>내용, 수신자, 이미지를 모두 비웁니다</translation>
    </message>
    <message>
        <source>Type the message. Use #{name} to insert a value from the recipient list.</source>
        <translation>메시지를 입력하세요. #{이름}처럼 쓰면 수신자 목록의 값이 들어갑니다.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>The original message had images: attach them again.</source>
        <translation>원래 메시지에 이미지가 있었습니다. 이미지를 다시 첨부하세요.</translation>
    </message>
    <message>
        <source>%1 recipients received for this message.</source>
        <translation>이 메시지의 수신자 %1명을 받았습니다.</translation>
    </message>
    <message>
        <source>Save as template</source>
        <translation>템플릿으로 저장</translation>
    </message>
    <message>
        <source>Template name:</source>
        <translation>템플릿 이름:</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <source>Template &quot;%1&quot; saved.</source>
        <translation>템플릿 &quot;%1&quot;을(를) 저장했습니다.</translation>
    </message>
    <message>
        <source>API PLEX cannot take pictures from this computer: upload them with API PLEX&apos;s image upload and paste the returned paths under Images (MMS).</source>
        <translation>API PLEX는 이 컴퓨터의 사진을 받을 수 없습니다. API PLEX 이미지 업로드로 올린 뒤 받은 경로를 이미지(MMS) 칸에 붙여 넣으세요.</translation>
    </message>
    <message>
        <source>An MMS can carry at most 3 images; the extra files were not attached.</source>
        <translation>MMS에는 이미지를 최대 3장까지 넣을 수 있어 나머지 파일은 첨부하지 않았습니다.</translation>
    </message>
    <message>
        <source>This picture is already attached.</source>
        <translation>이 이미지는 이미 첨부되어 있습니다.</translation>
    </message>
    <message>
        <source>Messages are being sent. If you close the console now, sending stops; the rest can be sent when you open the console again (nothing is sent twice).</source>
        <translation>메시지를 보내는 중입니다. 지금 콘솔을 닫으면 발송이 멈추고, 남은 메시지는 콘솔을 다시 열 때 이어서 보낼 수 있습니다(같은 메시지가 두 번 발송되지 않습니다).</translation>
    </message>
</context>
<context>
    <name>ConfirmSheet</name>
    <message>
        <source>Check before sending</source>
        <translation>보내기 전 확인</translation>
    </message>
    <message>
        <source>Test send to your own number. Check the details:</source>
        <translation>내 번호로 테스트 발송합니다. 내용을 확인하세요:</translation>
    </message>
    <message>
        <source>Check the details. Nothing has been sent yet.</source>
        <translation>내용을 확인하세요. 아직 아무것도 보내지 않았습니다.</translation>
    </message>
    <message>
        <source>%1 recipients, %2 requests</source>
        <translation>수신자 %1명, 요청 %2건</translation>
    </message>
    <message>
        <source>Recipients:</source>
        <translation>수신자:</translation>
    </message>
    <message>
        <source>Message types:</source>
        <translation>메시지 유형:</translation>
    </message>
    <message>
        <source>Advertisement</source>
        <translation>광고</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>일반</translation>
    </message>
    <message>
        <source>Content type:</source>
        <translation>메시지 종류:</translation>
    </message>
    <message>
        <source>Caller number:</source>
        <translation>발신번호:</translation>
    </message>
    <message>
        <source>%1 on the 080 opt-out list</source>
        <translation>080 수신거부 %1명</translation>
    </message>
    <message>
        <source>%1 duplicates</source>
        <translation>중복 %1개</translation>
    </message>
    <message>
        <source>%1 invalid numbers</source>
        <translation>잘못된 번호 %1개</translation>
    </message>
    <message>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>Left out:</source>
        <translation>제외:</translation>
    </message>
    <message>
        <source>%1 %2 × %3 won = %4 won</source>
        <translation>%1 %2건 × %3원 = %4원</translation>
    </message>
    <message>
        <source>Total: %1 won</source>
        <translation>합계: %1원</translation>
    </message>
    <message>
        <source>Estimated cost:</source>
        <translation>예상 요금:</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>즉시</translation>
    </message>
    <message>
        <source>Reserved for %1 (%2); %3 on this computer</source>
        <translation>%1(%2) 예약, 이 컴퓨터 시각 %3</translation>
    </message>
    <message>
        <source>Time:</source>
        <translation>발송 시각:</translation>
    </message>
    <message>
        <source>Reserve %1 messages</source>
        <translation>%1건 예약하기</translation>
    </message>
    <message>
        <source>Send %1 messages</source>
        <translation>%1건 보내기</translation>
    </message>
    <message>
        <source>Back to editing</source>
        <translation>다시 편집</translation>
    </message>
</context>
<context>
    <name>CountsPanel</name>
    <message>
        <source>Send all as LMS</source>
        <extracomment>&quot;Send all as LMS&quot; or &quot;Leave missing values empty&quot; was toggled.</extracomment>
        <translation>모두 LMS로 보내기</translation>
    </message>
    <message>
        <source>Send as LMS even when the text fits an SMS (with a subject, costs more)</source>
        <translation>SMS 길이여도 LMS로 보냅니다(제목 포함, 요금이 더 듭니다)</translation>
    </message>
    <message>
        <source>Leave missing values empty</source>
        <translation>값이 없으면 비워 두기</translation>
    </message>
    <message>
        <source>Recipients without a value get the message with that variable left empty</source>
        <translation>값이 없는 수신자에게는 해당 변수를 빈칸으로 보냅니다</translation>
    </message>
    <message>
        <source>%1 / %2 bytes</source>
        <translation>%1 / %2 바이트</translation>
    </message>
    <message>
        <source>Personalised: the longest message is %1 bytes.</source>
        <translation>개인화: 가장 긴 메시지는 %1바이트입니다.</translation>
    </message>
    <message>
        <source>Personalised: the longest message is %1 bytes; %2 of %3 recipients need LMS.</source>
        <translation>개인화: 가장 긴 메시지는 %1바이트이며, 수신자 %3명 중 %2명은 LMS가 필요합니다.</translation>
    </message>
    <message>
        <source>%1 recipients lack a value for %2.</source>
        <translation>수신자 %1명은 %2 값이 없습니다.</translation>
    </message>
    <message>
        <source>The message uses variables; add recipients with those columns.</source>
        <translation>메시지에 변수가 있습니다. 해당 열이 있는 수신자 목록을 추가하세요.</translation>
    </message>
    <message>
        <source>Numbers of country code +%1 are sent through API PLEX GMS (global SMS): text only, no subject or images.</source>
        <translation>국가 번호 +%1 번호는 API PLEX GMS(국제 문자)로 보냅니다. 제목과 이미지 없이 본문만 갑니다.</translation>
    </message>
</context>
<context>
    <name>EditorTools</name>
    <message>
        <source>Insert variable</source>
        <extracomment>A column was chosen; its variable (``#{column}``) goes in at the cursor. The templates menu is about to open (the page fills it).</extracomment>
        <translation>변수 넣기</translation>
    </message>
    <message>
        <source>Insert ad format</source>
        <translation>광고 문구 넣기</translation>
    </message>
    <message>
        <source>Templates</source>
        <translation>템플릿</translation>
    </message>
    <message>
        <source>Adds &quot;(광고)&quot;, the sender name and the free 080 opt-out line</source>
        <translation>&quot;(광고)&quot;, 업체명, 무료 080 수신거부 문구를 넣습니다</translation>
    </message>
    <message>
        <source>Adds &quot;(광고)&quot;, the sender name and the free opt-out line</source>
        <translation>&quot;(광고)&quot;, 보내는 사람 이름, 무료 수신거부 안내를 넣습니다</translation>
    </message>
    <message>
        <source>No columns yet: bring a list from the Recipients page</source>
        <translation>아직 열이 없습니다. 수신자 화면에서 목록을 가져오세요</translation>
    </message>
    <message>
        <source>Save as template…</source>
        <translation>템플릿으로 저장…</translation>
    </message>
    <message>
        <source>No saved templates</source>
        <translation>저장된 템플릿 없음</translation>
    </message>
    <message>
        <source>Delete template</source>
        <translation>템플릿 삭제</translation>
    </message>
</context>
<context>
    <name>ImagesBox</name>
    <message>
        <source>Images (MMS)</source>
        <extracomment>Local files the user picked in the file dialog. The pasted API PLEX paths changed.</extracomment>
        <translation>이미지(MMS)</translation>
    </message>
    <message>
        <source>API PLEX sends MMS images it already holds: upload them with API PLEX&apos;s image upload, then paste the returned paths here, one per line (up to 3).</source>
        <translation>API PLEX는 미리 올린 이미지만 MMS로 보냅니다. API PLEX 이미지 업로드로 올린 뒤 받은 경로를 한 줄에 하나씩(최대 3개) 붙여 넣으세요.</translation>
    </message>
    <message>
        <source>An MMS can carry at most 3 images.</source>
        <translation>MMS에는 이미지를 최대 3개까지 넣을 수 있습니다.</translation>
    </message>
    <message>
        <source>An image path cannot contain spaces.</source>
        <translation>이미지 경로에는 공백이 들어갈 수 없습니다.</translation>
    </message>
    <message>
        <source>Attach images</source>
        <translation>이미지 첨부</translation>
    </message>
    <message>
        <source>Images (%1)</source>
        <translation>이미지 (%1)</translation>
    </message>
</context>
<context>
    <name>IssuesPanel</name>
    <message>
        <source>Fix all</source>
        <extracomment>(character, replacement): replace every occurrence (&quot;&quot; removes it).</extracomment>
        <translation>모두 고치기</translation>
    </message>
    <message>
        <source>Replace every character that cannot be sent by its suggestion</source>
        <translation>보낼 수 없는 문자를 모두 추천 문자로 바꿉니다</translation>
    </message>
    <message>
        <source>These characters cannot be sent by text message; fix them:</source>
        <extracomment>The fix buttons by character (tests click them).</extracomment>
        <translation>다음 문자는 문자 메시지로 보낼 수 없습니다. 고쳐 주세요:</translation>
    </message>
    <message>
        <source>Some phones may not show these characters:</source>
        <translation>일부 휴대폰에서 다음 문자가 보이지 않을 수 있습니다:</translation>
    </message>
    <message>
        <source>cannot be sent</source>
        <translation>보낼 수 없음</translation>
    </message>
    <message>
        <source>Replace with %1</source>
        <translation>%1(으)로 바꾸기</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>may not show on some phones</source>
        <translation>일부 휴대폰에서 안 보일 수 있음</translation>
    </message>
</context>
<context>
    <name>MessageOptions</name>
    <message>
        <source>Caller</source>
        <extracomment>Country codes offered (others can be typed): code -&gt; English name (translated below). The country changed (picked, or typed and confirmed).</extracomment>
        <translation>발신번호</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>일반</translation>
    </message>
    <message>
        <source>Advertisement</source>
        <translation>광고</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>메시지 종류</translation>
    </message>
    <message>
        <source>Country code</source>
        <translation>국가 번호</translation>
    </message>
    <message>
        <source>Korea</source>
        <translation>한국</translation>
    </message>
    <message>
        <source>USA / Canada</source>
        <translation>미국 / 캐나다</translation>
    </message>
    <message>
        <source>Japan</source>
        <translation>일본</translation>
    </message>
    <message>
        <source>China</source>
        <translation>중국</translation>
    </message>
    <message>
        <source>Hong Kong</source>
        <translation>홍콩</translation>
    </message>
    <message>
        <source>Taiwan</source>
        <translation>대만</translation>
    </message>
    <message>
        <source>Vietnam</source>
        <translation>베트남</translation>
    </message>
    <message>
        <source>Philippines</source>
        <translation>필리핀</translation>
    </message>
    <message>
        <source>Thailand</source>
        <translation>태국</translation>
    </message>
    <message>
        <source>Indonesia</source>
        <translation>인도네시아</translation>
    </message>
    <message>
        <source>Singapore</source>
        <translation>싱가포르</translation>
    </message>
    <message>
        <source>Australia</source>
        <translation>호주</translation>
    </message>
    <message>
        <source>United Kingdom</source>
        <translation>영국</translation>
    </message>
    <message>
        <source>Germany</source>
        <translation>독일</translation>
    </message>
    <message>
        <source>No registered numbers</source>
        <translation>등록된 발신번호 없음</translation>
    </message>
</context>
<context>
    <name>PreviewBox</name>
    <message>
        <source>Preview</source>
        <extracomment>How many recipients the preview offers to choose from. Another recipient was chosen.</extracomment>
        <translation>미리보기</translation>
    </message>
    <message>
        <source>(no recipients yet)</source>
        <translation>(아직 수신자 없음)</translation>
    </message>
    <message>
        <source>(no caller number)</source>
        <translation>(발신번호 없음)</translation>
    </message>
    <message>
        <source>(empty message)</source>
        <translation>(빈 메시지)</translation>
    </message>
    <message>
        <source>%1 / %2 bytes</source>
        <translation>%1 / %2 바이트</translation>
    </message>
</context>
<context>
    <name>RecipientsBox</name>
    <message>
        <source>Recipients</source>
        <extracomment>The typed numbers changed (the page recounts after a pause).</extracomment>
        <translation>수신자</translation>
    </message>
    <message>
        <source>Type or paste numbers, one per line (010-1234-5678)</source>
        <translation>번호를 한 줄에 하나씩 입력하거나 붙여 넣으세요(010-1234-5678)</translation>
    </message>
    <message>
        <source>Clear list</source>
        <translation>목록 비우기</translation>
    </message>
    <message>
        <source>List received: %1 recipients</source>
        <translation>받은 목록: 수신자 %1명</translation>
    </message>
    <message>
        <source>(columns: %1)</source>
        <translation>(열: %1)</translation>
    </message>
    <message>
        <source>No list received. Use Recipients &gt; Send to this list to bring one.</source>
        <translation>받은 목록이 없습니다. 수신자 화면에서 &apos;이 목록으로 보내기&apos;를 누르면 가져옵니다.</translation>
    </message>
    <message>
        <source>%1 recipients</source>
        <translation>수신자 %1명</translation>
    </message>
    <message>
        <source>%1 invalid numbers</source>
        <translation>잘못된 번호 %1개</translation>
    </message>
    <message>
        <source>%1 duplicates</source>
        <translation>중복 %1개</translation>
    </message>
    <message>
        <source>%1 on the 080 opt-out list</source>
        <translation>080 수신거부 %1명</translation>
    </message>
</context>
<context>
    <name>ReservationReminder</name>
    <message>
        <source>Open the Reservations page</source>
        <extracomment>The user clicked the box or its button: show the Reservations page.</extracomment>
        <translation>예약 발송 화면 열기</translation>
    </message>
    <message>
        <source>Reservations…</source>
        <translation>예약 발송…</translation>
    </message>
    <message>
        <source>Reserved and waiting to go out:</source>
        <translation>발송을 기다리는 예약:</translation>
    </message>
    <message>
        <source>• %1 “%2” to %3 recipients</source>
        <translation>• %1 “%2” 수신자 %3명</translation>
    </message>
    <message>
        <source>(no text)</source>
        <translation>(내용 없음)</translation>
    </message>
</context>
<context>
    <name>ResumeBanner</name>
    <message>
        <source>Resume sending</source>
        <translation>이어 보내기</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>버리기</translation>
    </message>
    <message>
        <source>Do not send the rest; what was already accepted stays sent</source>
        <translation>나머지는 보내지 않습니다. 이미 접수된 메시지는 그대로 발송됩니다</translation>
    </message>
</context>
<context>
    <name>SchedulePicker</name>
    <message>
        <source>When</source>
        <extracomment>The choice or the time changed (the page recounts and autosaves).</extracomment>
        <translation>발송 시각</translation>
    </message>
    <message>
        <source>Send now</source>
        <translation>즉시 발송</translation>
    </message>
    <message>
        <source>Reserve for</source>
        <translation>예약 발송</translation>
    </message>
    <message>
        <source>API PLEX has no reservations: messages go out as soon as you send. Use a SENS profile to reserve a send.</source>
        <translation>API PLEX에는 예약 발송이 없어서 보내면 바로 발송됩니다. 예약하려면 SENS 프로필을 쓰세요.</translation>
    </message>
    <message>
        <source>On this computer: %1</source>
        <translation>이 컴퓨터 시각: %1</translation>
    </message>
</context>
<context>
    <name>SendControls</name>
    <message>
        <source>My number</source>
        <extracomment>The user finished editing the test number (the page remembers it).</extracomment>
        <translation>내 번호</translation>
    </message>
    <message>
        <source>Test send to me</source>
        <translation>나에게 테스트 발송</translation>
    </message>
    <message>
        <source>Send this message once to your own number</source>
        <translation>이 메시지를 내 번호로 한 번 보냅니다</translation>
    </message>
    <message>
        <source>Send…</source>
        <translation>보내기…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Stop before the next request; accepted messages stay sent</source>
        <translation>다음 요청 전에 멈춥니다. 이미 접수된 메시지는 그대로 발송됩니다</translation>
    </message>
    <message>
        <source>Estimated cost: add recipients to see it.</source>
        <translation>예상 요금: 수신자를 추가하면 표시됩니다.</translation>
    </message>
    <message>
        <source>%1 %2 × %3 won</source>
        <translation>%1 %2건 × %3원</translation>
    </message>
    <message>
        <source>Estimated cost: %1 = %2 won</source>
        <translation>예상 요금: %1 = %2원</translation>
    </message>
    <message>
        <source>This message replaces %1 reserved request(s): they are cancelled once this one is accepted.</source>
        <translation>이 메시지는 예약 요청 %1건을 대신합니다. 이 메시지가 접수되면 기존 예약은 취소됩니다.</translation>
    </message>
    <message>
        <source>%1 of %2 recipients accepted (%3 of %4 requests)</source>
        <translation>수신자 %2명 중 %1명 접수(요청 %4건 중 %3건)</translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation>%1명 실패</translation>
    </message>
    <message>
        <source>%1 requests being checked</source>
        <translation>요청 %1건 확인 중</translation>
    </message>
    <message>
        <source>Cancelling after the requests under way…</source>
        <translation>진행 중인 요청이 끝나면 취소합니다…</translation>
    </message>
</context>
<context>
    <name>SendFlow</name>
    <message>
        <source>Enter your own mobile number next to the test button first.</source>
        <extracomment>The final :class:`SendProgress` of a send or resume.</extracomment>
        <translation>먼저 테스트 발송 버튼 옆에 내 휴대폰 번호를 입력하세요.</translation>
    </message>
    <message>
        <source>Uploading images…</source>
        <translation>이미지 업로드 중…</translation>
    </message>
    <message>
        <source>Preparing…</source>
        <translation>준비 중…</translation>
    </message>
    <message>
        <source>Test message sent to your number.</source>
        <translation>내 번호로 테스트 메시지를 보냈습니다.</translation>
    </message>
    <message>
        <source>%1 messages reserved.</source>
        <translation>메시지 %1건을 예약했습니다.</translation>
    </message>
    <message>
        <source>%1 messages accepted by API PLEX.</source>
        <translation>API PLEX가 메시지 %1건을 접수했습니다.</translation>
    </message>
    <message>
        <source>%1 messages accepted by SENS.</source>
        <translation>SENS가 메시지 %1건을 접수했습니다.</translation>
    </message>
    <message>
        <source>%1 messages were accepted, %2 could not be sent. The reasons are in History.</source>
        <translation>메시지 %1건은 접수되었고 %2건은 보내지 못했습니다. 이유는 발송 내역에서 확인하세요.</translation>
    </message>
    <message>
        <source>Send cancelled: %1 messages had been accepted.</source>
        <translation>발송을 취소했습니다. 그전에 메시지 %1건이 접수되었습니다.</translation>
    </message>
    <message>
        <source>An unfinished send from %1 (&quot;%2&quot;): %3 of %4 recipients accepted.</source>
        <translation>%1에 시작한 발송(&quot;%2&quot;)이 끝나지 않았습니다. 수신자 %4명 중 %3명 접수.</translation>
    </message>
    <message>
        <source>Checking and resuming…</source>
        <translation>확인 후 이어 보내는 중…</translation>
    </message>
</context>
<context>
    <name>SubjectRow</name>
    <message>
        <source>Subject</source>
        <translation>제목</translation>
    </message>
    <message>
        <source>Title shown above LMS/MMS messages</source>
        <translation>LMS/MMS 메시지 위에 표시되는 제목</translation>
    </message>
    <message>
        <source>%1 / %2 bytes</source>
        <translation>%1 / %2 바이트</translation>
    </message>
</context>
</TS>
