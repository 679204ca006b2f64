<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko" sourcelanguage="en">
<context>
    <name>ProfileDialog</name>
    <message>
        <source>Edit profile</source>
        <translation>프로필 편집</translation>
    </message>
    <message>
        <source>Add profile</source>
        <translation>프로필 추가</translation>
    </message>
    <message>
        <source>e.g. Head office</source>
        <translation>예: 본사</translation>
    </message>
    <message>
        <source>Profile name</source>
        <translation>프로필 이름</translation>
    </message>
    <message>
        <source>NAVER Cloud SENS</source>
        <translation>네이버 클라우드 SENS</translation>
    </message>
    <message>
        <source>CJ API PLEX</source>
        <translation>CJ API PLEX</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>서비스</translation>
    </message>
    <message>
        <source>The user ID of your API PLEX account.</source>
        <translation>API PLEX 계정의 사용자 ID입니다.</translation>
    </message>
    <message>
        <source>User ID</source>
        <translation>사용자 ID</translation>
    </message>
    <message>
        <source>The %1 service ID of your API PLEX contract.</source>
        <translation>API PLEX 계약의 %1 서비스 ID입니다.</translation>
    </message>
    <message>
        <source>Service IDs</source>
        <translation>서비스 ID</translation>
    </message>
    <message>
        <source>Leave empty for the documented address.</source>
        <translation>비워 두면 문서에 나온 기본 주소를 씁니다.</translation>
    </message>
    <message>
        <source>%1 host</source>
        <translation>%1 호스트</translation>
    </message>
    <message>
        <source>The sender ID registered for global SMS (GMS): 3-13 letters or digits. Empty: API PLEX&apos;s default, ONSMS.</source>
        <translation>국제 문자(GMS)용으로 등록한 발신자 ID입니다(영문·숫자 3~13자). 비워 두면 API PLEX 기본값 ONSMS를 씁니다.</translation>
    </message>
    <message>
        <source>GMS sender</source>
        <translation>GMS 발신자</translation>
    </message>
    <message>
        <source>Receive delivery results</source>
        <translation>발송 결과 받기</translation>
    </message>
    <message>
        <source>The address to listen on: 127.0.0.1 behind a reverse proxy, 0.0.0.0 for all.</source>
        <translation>수신할 주소입니다. 리버스 프록시 뒤에서는 127.0.0.1, 모든 주소에서 받으려면 0.0.0.0을 쓰세요.</translation>
    </message>
    <message>
        <source>Webhook receiver</source>
        <translation>웹훅 수신기</translation>
    </message>
    <message>
        <source>API PLEX reports delivery results only by webhook: register this computer&apos;s address (usually through the office&apos;s reverse proxy) as the callback URL with API PLEX. Without it, History shows &quot;accepted&quot; as the last known state.</source>
        <translation>API PLEX는 발송 결과를 웹훅으로만 알려 줍니다. 이 컴퓨터의 주소(보통 사무실 리버스 프록시를 거친 주소)를 API PLEX에 콜백 URL로 등록하세요. 수신기가 없으면 발송 내역에는 마지막으로 확인된 상태인 &quot;접수됨&quot;만 표시됩니다.</translation>
    </message>
    <message>
        <source>The service ID of your SENS project (SMS &gt; Project &gt; Service ID).</source>
        <translation>SENS 프로젝트의 서비스 ID입니다(SMS &gt; 프로젝트 &gt; 서비스 ID).</translation>
    </message>
    <message>
        <source>Service ID</source>
        <translation>서비스 ID</translation>
    </message>
    <message>
        <source>The access key ID from My Page &gt; Authentication Key Management.</source>
        <translation>네이버 클라우드 마이페이지 &gt; 인증키 관리에 있는 액세스 키 ID입니다.</translation>
    </message>
    <message>
        <source>Access key ID</source>
        <translation>액세스 키 ID</translation>
    </message>
    <message>
        <source>Leave empty to keep the stored secret key</source>
        <translation>비워 두면 저장된 시크릿 키를 그대로 씁니다</translation>
    </message>
    <message>
        <source>Secret key</source>
        <translation>시크릿 키</translation>
    </message>
    <message>
        <source>The secret key is kept in the system keyring, never in a file.</source>
        <translation>시크릿 키는 파일이 아니라 시스템 키링에만 보관됩니다.</translation>
    </message>
    <message>
        <source>This computer has no system keyring: the secret key is kept in memory until the console closes and is never written to a file. You will be asked for it again at the next start.</source>
        <translation>이 컴퓨터에는 시스템 키링이 없습니다. 시크릿 키는 콘솔을 닫을 때까지만 메모리에 보관되며 파일에는 절대 기록되지 않습니다. 다음에 시작할 때 다시 입력해야 합니다.</translation>
    </message>
    <message>
        <source>One registered caller number per line</source>
        <translation>등록된 발신번호를 한 줄에 하나씩</translation>
    </message>
    <message>
        <source>Caller numbers</source>
        <translation>발신번호</translation>
    </message>
    <message>
        <source>Default country code</source>
        <translation>기본 국가 번호</translation>
    </message>
    <message>
        <source>Reservation time zone</source>
        <translation>예약 시간대</translation>
    </message>
    <message>
        <source> won</source>
        <translation>원</translation>
    </message>
    <message>
        <source>Unit prices</source>
        <translation>건당 단가</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>연결 확인</translation>
    </message>
    <message>
        <source>API PLEX has no harmless call that checks the keys: the test checks that its servers answer.</source>
        <translation>API PLEX에는 발송 없이 키를 확인하는 기능이 없어서, 서버가 응답하는지만 확인합니다.</translation>
    </message>
    <message>
        <source>Make one signed request with what is typed.</source>
        <translation>입력한 값으로 서명된 요청을 한 번 보냅니다.</translation>
    </message>
    <message>
        <source>Testing the connection...</source>
        <translation>연결을 확인하는 중...</translation>
    </message>
</context>
<context>
    <name>SecretPromptDialog</name>
    <message>
        <source>Secret key needed</source>
        <translation>시크릿 키 입력</translation>
    </message>
    <message>
        <source>This computer has no system keyring, so the secret key of profile %1 is not kept between runs. Enter it to work with this profile now: it stays in memory until the console closes and is never written to a file.</source>
        <translation>이 컴퓨터에는 시스템 키링이 없어 %1 프로필의 시크릿 키를 저장해 둘 수 없습니다. 지금 이 프로필을 쓰려면 시크릿 키를 입력하세요. 콘솔을 닫을 때까지만 메모리에 보관되며 파일에는 절대 기록되지 않습니다.</translation>
    </message>
    <message>
        <source>Secret key</source>
        <translation>시크릿 키</translation>
    </message>
    <message>
        <source>Enter the secret key, or cancel.</source>
        <translation>시크릿 키를 입력하거나 취소하세요.</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>Profiles hold the SENS or API PLEX account the console sends with.</source>
        <translation>프로필에는 콘솔이 발송에 쓰는 SENS 또는 API PLEX 계정이 들어 있습니다.</translation>
    </message>
    <message>
        <source>Profiles</source>
        <translation>프로필</translation>
    </message>
    <message>
        <source>Add...</source>
        <translation>추가...</translation>
    </message>
    <message>
        <source>Edit...</source>
        <translation>편집...</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>Use this profile</source>
        <translation>이 프로필 사용</translation>
    </message>
    <message>
        <source>Use demo mode</source>
        <translation>데모 모드 사용</translation>
    </message>
    <message>
        <source>Send to the built-in simulator instead of SENS: nobody receives anything.</source>
        <translation>SENS 대신 내장 시뮬레이터로 보냅니다. 실제로 아무도 받지 않습니다.</translation>
    </message>
    <message>
        <source>Use API PLEX demo</source>
        <translation>API PLEX 데모 사용</translation>
    </message>
    <message>
        <source>Send to the built-in API PLEX simulator: nobody receives anything, and its delivery results arrive by webhook.</source>
        <translation>내장 API PLEX 시뮬레이터로 보냅니다. 실제로 받는 사람은 없고, 발송 결과는 웹훅으로 도착합니다.</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>연결 확인</translation>
    </message>
    <message>
        <source>Make one signed request with the active profile and report the outcome.</source>
        <translation>사용 중인 프로필로 서명된 요청을 한 번 보내 결과를 알려 줍니다.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>화면 언어</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>시스템 설정 따르기</translation>
    </message>
    <message>
        <source>A new language takes effect the next time the console starts.</source>
        <translation>바꾼 언어는 콘솔을 다음에 시작할 때 적용됩니다.</translation>
    </message>
    <message>
        <source>%1 [API PLEX]</source>
        <translation>%1 [API PLEX]</translation>
    </message>
    <message>
        <source>%1 (in use)</source>
        <translation>%1 (사용 중)</translation>
    </message>
    <message>
        <source>API PLEX demo mode is on: messages go to the built-in API PLEX simulator and nobody receives them.</source>
        <translation>API PLEX 데모 모드입니다. 메시지는 내장 API PLEX 시뮬레이터로 가며 실제로 받는 사람은 없습니다.</translation>
    </message>
    <message>
        <source>Demo mode is on: messages go to the built-in simulator and nobody receives them.</source>
        <translation>데모 모드입니다. 메시지는 내장 시뮬레이터로만 가며 실제로 아무도 받지 않습니다.</translation>
    </message>
    <message>
        <source>In use: %1</source>
        <translation>사용 중: %1</translation>
    </message>
    <message>
        <source>Secret keys are stored in the system keyring, never in files.</source>
        <translation>시크릿 키는 파일이 아니라 시스템 키링에 보관됩니다.</translation>
    </message>
    <message>
        <source>No system keyring is available on this computer: secret keys are kept in memory until the console closes and must be entered again at the next start.</source>
        <translation>이 컴퓨터에는 시스템 키링이 없습니다. 시크릿 키는 콘솔을 닫을 때까지만 메모리에 보관되므로 다음에 시작할 때 다시 입력해야 합니다.</translation>
    </message>
    <message>
        <source>Webhook receiver: listening at %1. Delivery results update History.</source>
        <translation>웹훅 수신기: %1에서 수신 중입니다. 발송 결과가 발송 내역에 반영됩니다.</translation>
    </message>
    <message>
        <source>Webhook receiver: starting…</source>
        <translation>웹훅 수신기: 시작하는 중…</translation>
    </message>
    <message>
        <source>Webhook receiver: off. API PLEX reports delivery results only by webhook, so History shows &quot;accepted&quot; as the last known state. Enable it in the profile.</source>
        <translation>웹훅 수신기: 꺼짐. API PLEX는 발송 결과를 웹훅으로만 알려 주므로 발송 내역에는 마지막으로 확인된 상태인 &quot;접수됨&quot;만 표시됩니다. 프로필에서 수신기를 켜세요.</translation>
    </message>
    <message>
        <source>Profile %1 saved.</source>
        <translation>%1 프로필을 저장했습니다.</translation>
    </message>
    <message>
        <source>Remove profile</source>
        <translation>프로필 삭제</translation>
    </message>
    <message>
        <source>Remove the profile %1 and its secret key from this computer? The SENS account itself is not affected.</source>
        <translation>%1 프로필과 시크릿 키를 이 컴퓨터에서 삭제할까요? SENS 계정 자체에는 영향이 없습니다.</translation>
    </message>
    <message>
        <source>Testing the connection...</source>
        <translation>연결을 확인하는 중...</translation>
    </message>
</context>
</TS>
