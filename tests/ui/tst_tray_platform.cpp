// The tray against the platform's own answer (no scripted probe): under Xvfb without a tray the
// app falls back to a normal window; under Xvfb with a tray (trayer) the icon is really embedded.
// CC_EXPECT_TRAY=1 says which to expect (run-x11.sh sets it); offscreen never has a tray.
#include "checker/CheckerController.h"
#include "models/CheckerStatus.h"
#include "ui/DesktopSession.h"
#include "ui/MainWindow.h"
#include "ui/TrayAvailability.h"
#include "ui/TrayIcon.h"

#include <QGuiApplication>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace cc;

class tst_TrayPlatform : public QObject
{
    Q_OBJECT
private slots:
    void startsInTheTrayOrFallsBack();
};

void tst_TrayPlatform::startsInTheTrayOrFallsBack()
{
    const bool expectTray = qEnvironmentVariableIntValue("CC_EXPECT_TRAY") == 1;
    qInfo() << "platform" << QGuiApplication::platformName() << "expecting a tray:" << expectTray;
    CheckerController controller;
    DesktopSession::Options o;
    o.startMinimized = true;
    o.watchSystem = false;
    o.freedesktopNotifications = false;
    o.trayRetryMs = 200; // the panel may start after us, as at login: keep asking for a while
    o.trayWaitMs = 4000;
    DesktopSession session(o);
    MainWindow window(&controller, session.status());
    QSignalSpy available(session.trayAvailability(), &TrayAvailability::available);
    QSignalSpy gaveUp(session.trayAvailability(), &TrayAvailability::gaveUp);
    session.attach(&controller, &window);
    QTRY_VERIFY_WITH_TIMEOUT(!available.isEmpty() || !gaveUp.isEmpty(), 15000);
    if (expectTray) {
        QVERIFY(!available.isEmpty());
        QVERIFY(session.livesInTray());
        QVERIFY(session.trayIcon()->isVisible());
        QVERIFY(!window.isVisible()); // --minimized: only the icon
        // Embedded for real: the tray gave the icon a place on screen.
        QTRY_VERIFY_WITH_TIMEOUT(session.trayIcon()->systemTrayIcon()->geometry().isValid(), 5000);
        QCOMPARE(session.trayIcon()->shownState(), CheckerStatus::State::Idle);
        QVERIFY(window.closeHidesToTray());
    } else {
        QVERIFY(!gaveUp.isEmpty());
        QVERIFY(!session.livesInTray());
        QVERIFY(window.isVisible()); // minimized, never hidden
        QVERIFY(!window.closeHidesToTray());
    }
}

QTEST_MAIN(tst_TrayPlatform)
#include "tst_tray_platform.moc"
