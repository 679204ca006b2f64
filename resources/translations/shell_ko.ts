<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About SENS Console</source>
        <translation>SENS 콘솔 정보</translation>
    </message>
    <message>
        <source>SENS Console</source>
        <translation>SENS 콘솔</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>버전 %1</translation>
    </message>
    <message>
        <source>Sends SMS, LMS and MMS notices through NAVER Cloud SENS. Free software under the MIT licence.</source>
        <translation>네이버 클라우드 SENS로 SMS·LMS·MMS 안내 문자를 보냅니다. MIT 라이선스로 배포되는 자유 소프트웨어입니다.</translation>
    </message>
    <message>
        <source>Data folder: %1</source>
        <translation>데이터 폴더: %1</translation>
    </message>
    <message>
        <source>Components included in this program:</source>
        <translation>이 프로그램에 포함된 구성 요소:</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>구성 요소</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>버전</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>라이선스</translation>
    </message>
    <message>
        <source>Qt and PySide6 are used under the GNU LGPL version 3: their libraries are separate files in the program folder and may be replaced. Each component&apos;s full licence text is in the program folder.</source>
        <translation>Qt와 PySide6은 GNU LGPL 버전 3에 따라 사용합니다. 이 라이브러리들은 프로그램 폴더에 별도 파일로 들어 있어 다른 빌드로 바꿀 수 있습니다. 각 구성 요소의 라이선스 전문은 프로그램 폴더에 있습니다.</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About SENS Console</source>
        <translation>SENS 콘솔 정보(&amp;A)</translation>
    </message>
</context>
<context>
    <name>BrokenPage</name>
    <message>
        <source>This page could not be opened because of an internal error. The other pages still work; the details are in the log file.</source>
        <translation>내부 오류로 이 화면을 열지 못했습니다. 다른 화면은 그대로 쓸 수 있으며, 자세한 내용은 로그 파일에 기록되었습니다.</translation>
    </message>
</context>
<context>
    <name>ConsoleApp</name>
    <message>
        <source>The console is already open on this computer (data folder: %1). Switch to the open window; two windows on the same data could send a message twice.</source>
        <extracomment>``sens-console --self-test`` (console/selftest.py, imported only then). ``--self-test --startup-only``: console/startup_probe.py instead.</extracomment>
        <translation>이 컴퓨터에서 콘솔이 이미 실행 중입니다(데이터 폴더: %1). 열려 있는 창을 사용하세요. 같은 데이터로 창을 두 개 열면 메시지가 두 번 발송될 수 있습니다.</translation>
    </message>
    <message>
        <source>SENS Console</source>
        <translation>SENS 콘솔</translation>
    </message>
    <message>
        <source>The console could not start. Nothing was sent. The details are in the log file: %1</source>
        <translation>콘솔을 시작하지 못했습니다. 아무것도 발송되지 않았습니다. 자세한 내용은 로그 파일에 있습니다: %1</translation>
    </message>
    <message>
        <source>No system keyring: secret keys are kept in memory until the console closes.</source>
        <translation>시스템 키링이 없습니다. 시크릿 키는 콘솔을 닫을 때까지만 메모리에 보관됩니다.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>SENS Console</source>
        <extracomment>Emitted once when the user closes the window (the app then shuts down). Emitted with the key of the page now shown.</extracomment>
        <translation>SENS 콘솔</translation>
    </message>
    <message>
        <source>Opening the console...</source>
        <translation>콘솔을 여는 중...</translation>
    </message>
    <message>
        <source>DEMO</source>
        <translation>데모</translation>
    </message>
    <message>
        <source>Demo mode: messages go to the built-in simulator, nobody receives them.</source>
        <translation>데모 모드: 메시지는 내장 시뮬레이터로만 가며 실제로 아무도 받지 않습니다.</translation>
    </message>
    <message>
        <source>Compose</source>
        <translation>메시지 작성</translation>
    </message>
    <message>
        <source>Recipients</source>
        <translation>수신자</translation>
    </message>
    <message>
        <source>History</source>
        <translation>발송 내역</translation>
    </message>
    <message>
        <source>Reservations</source>
        <translation>예약 발송</translation>
    </message>
    <message>
        <source>080 Opt-out</source>
        <translation>080 수신거부</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>Demo mode</source>
        <translation>데모 모드</translation>
    </message>
    <message>
        <source>Profile: %1</source>
        <translation>프로필: %1</translation>
    </message>
    <message>
        <source>Simulator</source>
        <translation>시뮬레이터</translation>
    </message>
    <message>
        <source>The built-in simulator starts when it is first needed.</source>
        <translation>내장 시뮬레이터는 처음 필요할 때 시작됩니다.</translation>
    </message>
    <message>
        <source>Connection not checked</source>
        <translation>연결 확인 전</translation>
    </message>
    <message>
        <source>Use Settings &gt; Test connection to check the profile.</source>
        <translation>설정 &gt; 연결 확인으로 프로필을 확인하세요.</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>연결됨</translation>
    </message>
    <message>
        <source>Connection problem</source>
        <translation>연결 문제</translation>
    </message>
    <message>
        <source>Close the console?</source>
        <translation>콘솔을 닫을까요?</translation>
    </message>
    <message>
        <source>Close anyway</source>
        <translation>그래도 닫기</translation>
    </message>
    <message>
        <source>Keep sending</source>
        <translation>계속 보내기</translation>
    </message>
</context>
<context>
    <name>MessageBridge</name>
    <message>
        <source>Something needs your attention</source>
        <extracomment>How long a status-bar notice stays (ms). The texts shown so far (newest last); tests and the log viewer read it.</extracomment>
        <translation>확인이 필요합니다</translation>
    </message>
    <message>
        <source>The console ran into an unexpected problem. What you typed is still there; try again, and if it happens again send the log file to your administrator.</source>
        <translation>예상하지 못한 문제가 발생했습니다. 입력한 내용은 그대로 남아 있습니다. 다시 시도해 보고, 같은 문제가 반복되면 로그 파일을 관리자에게 보내 주세요.</translation>
    </message>
    <message>
        <source>Log file: %1</source>
        <translation>로그 파일: %1</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>예상하지 못한 오류</translation>
    </message>
</context>
</TS>
