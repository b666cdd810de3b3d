// The desktop session offscreen: the tray menu drives a real checker against the sandbox, the
// window closes to the tray (or quits when there is none), notifications reach the tray and open
// their panel, and a system hold (no network, sleep) holds the checker and hides outages.
#include "SandboxHost.h"
#include "SandboxSettings.h"
#include "checker/CheckerController.h"
#include "config/PlainIniFormat.h"
#include "models/CheckerStatus.h"
#include "session/SystemHold.h"
#include "ui/DesktopSession.h"
#include "ui/ErrorsPanel.h"
#include "ui/MainWindow.h"
#include "ui/ManualCheckDialog.h"
#include "ui/TrayAvailability.h"
#include "ui/TrayIcon.h"

#include <QAction>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <memory>

using namespace cc;

namespace {
// A session with the system watchers off and a scripted tray probe.
struct Rig
{
    QTemporaryDir dir;
    QSettings settings{dir.filePath(QStringLiteral("s.ini")), cc::PlainIniFormat::format()};
    CheckerController controller;
    std::unique_ptr<MainWindow> window;
    std::unique_ptr<DesktopSession> session;
    int probes = 0;

    // `trayAfter`: the probe answers "yes" from that call on (-1: never).
    explicit Rig(int trayAfter, bool minimized = false, bool notifications = true)
    {
        DesktopSession::Options o;
        o.startMinimized = minimized;
        o.notificationsEnabled = notifications;
        o.settings = &settings;
        o.watchSystem = false;
        o.freedesktopNotifications = false;
        o.trayProbe = [this, trayAfter] {
            const int asked = probes++;
            return trayAfter >= 0 && asked >= trayAfter;
        };
        o.trayRetryMs = 10;
        o.trayWaitMs = 100;
        session = std::make_unique<DesktopSession>(o);
        session->systemHold()->setGracePeriods(50, 50);
        window = std::make_unique<MainWindow>(&controller, session->status());
    }
    void attach() { session->attach(&controller, window.get()); }
    TrayIcon *tray() const { return session->trayIcon(); }
    CheckerWorker *worker() { return controller.worker(); }
};

RunRecord run(int completed, RunState state = RunState::Finished)
{
    RunRecord r;
    r.state = state;
    r.startedAt = QDateTime::currentDateTimeUtc();
    r.finishedAt = r.startedAt.addSecs(3);
    r.processed = 20;
    r.completed = completed;
    return r;
}
} // namespace

class tst_DesktopSession : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void noTrayBehavesAsAWindowedApp_data();
    void noTrayBehavesAsAWindowedApp();
    void trayAppearingLaterTakesTheMinimizedWindow();
    void closeHidesToTrayWithAOneTimeHint();
    void leftClickTogglesTheWindow();
    void menuDrivesTheChecker();
    void errorsEntryFollowsTheLog();
    void notificationsReachTheTrayAndOpenTheirPanel();
    void notificationsCanBeTurnedOff();
    void oneRunOneMessage();
    void heldBackCompletionsAreToldLater();
    void systemHoldHoldsTheCheckerAndHidesOutages();

private:
    sandbox::SandboxHost m_host;
};

void tst_DesktopSession::initTestCase()
{
    CheckerController::registerMetaTypes();
    sandbox::SandboxOptions options;
    options.learners = 30;
    QString error;
    QVERIFY2(m_host.start(options, &error), qPrintable(error));
}

void tst_DesktopSession::noTrayBehavesAsAWindowedApp_data()
{
    QTest::addColumn<bool>("minimized");
    QTest::newRow("normal start") << false;
    QTest::newRow("--minimized") << true;
}

void tst_DesktopSession::noTrayBehavesAsAWindowedApp()
{
    QFETCH(bool, minimized);
    Rig rig(-1, minimized);
    QSignalSpy gaveUp(rig.session->trayAvailability(), &TrayAvailability::gaveUp);
    rig.attach();
    // Never hidden, even when asked to start in the tray: there is no tray to come back from.
    QVERIFY(rig.window->isVisible());
    QCOMPARE(rig.window->isMinimized(), minimized);
    QVERIFY(gaveUp.wait(5000));
    QVERIFY(rig.probes > 3); // it kept asking for a while
    QVERIFY(!rig.session->livesInTray());
    QVERIFY(!rig.tray()->isVisible());
    QVERIFY(!rig.window->closeHidesToTray());
    QVERIFY(rig.window->isVisible());
    QSignalSpy hidden(rig.window.get(), &MainWindow::hiddenToTray);
    QVERIFY(rig.window->close()); // closing is accepted: the app ends (DesktopApp quits on it)
    QCOMPARE(hidden.size(), 0);
}

void tst_DesktopSession::trayAppearingLaterTakesTheMinimizedWindow()
{
    Rig rig(3, true);
    QSignalSpy available(rig.session->trayAvailability(), &TrayAvailability::available);
    rig.attach();
    QVERIFY(rig.window->isVisible()); // minimized while there is no tray
    QVERIFY(available.wait(5000));
    QVERIFY(rig.session->livesInTray());
    QVERIFY(rig.tray()->isVisible());
    QVERIFY(!rig.window->isVisible()); // now in the tray, as asked
    QVERIFY(rig.window->closeHidesToTray());
}

void tst_DesktopSession::closeHidesToTrayWithAOneTimeHint()
{
    Rig rig(0);
    QSignalSpy notified(rig.session.get(), &DesktopSession::notified);
    rig.attach();
    QVERIFY(rig.session->livesInTray());
    QVERIFY(rig.window->isVisible());
    QVERIFY(!rig.window->close()); // refused: hidden instead
    QVERIFY(!rig.window->isVisible());
    QCOMPARE(notified.size(), 1);
    QCOMPARE(notified.at(0).at(0).value<DesktopNotification>().kind, DesktopNotification::Kind::Hint);
    QVERIFY(rig.settings.value(QStringLiteral("ui/trayHintShown")).toBool());
    rig.tray()->openAction()->trigger();
    QVERIFY(rig.window->isVisible());
    rig.window->close();
    QVERIFY(!rig.window->isVisible());
    QCOMPARE(notified.size(), 1); // once, ever
}

void tst_DesktopSession::leftClickTogglesTheWindow()
{
    Rig rig(0);
    rig.attach();
    QVERIFY(rig.window->isVisible());
    emit rig.tray()->systemTrayIcon()->activated(QSystemTrayIcon::Trigger);
    QVERIFY(!rig.window->isVisible());
    emit rig.tray()->systemTrayIcon()->activated(QSystemTrayIcon::Trigger);
    QVERIFY(rig.window->isVisible());
}

void tst_DesktopSession::menuDrivesTheChecker()
{
    Rig rig(0, true);
    rig.controller.configure(sandboxEngineSettings(m_host), WorkerOptions{});
    rig.controller.call(&CheckerWorker::startSchedule);
    rig.attach();
    QVERIFY(!rig.window->isVisible());
    QSignalSpy finished(rig.worker(), &CheckerWorker::runFinished);

    rig.tray()->runNowAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(rig.session->status()->state(), CheckerStatus::State::Running, 10000);
    QVERIFY(!rig.tray()->runNowAction()->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 30000);
    QTRY_COMPARE(rig.session->status()->state(), CheckerStatus::State::Idle);
    QVERIFY2(rig.tray()->systemTrayIcon()->toolTip().contains(QStringLiteral("Last run")),
             qPrintable(rig.tray()->systemTrayIcon()->toolTip()));
    QVERIFY(rig.tray()->runNowAction()->isEnabled());

    rig.tray()->pauseAction()->trigger();
    QTRY_COMPARE(rig.session->status()->state(), CheckerStatus::State::Paused);
    QCOMPARE(rig.tray()->pauseAction()->text(), QStringLiteral("Resume &schedule"));
    QCOMPARE(rig.tray()->shownState(), CheckerStatus::State::Paused);
    rig.tray()->pauseAction()->trigger();
    QTRY_COMPARE(rig.session->status()->state(), CheckerStatus::State::Idle);

    rig.tray()->checkLearnerAction()->trigger();
    QVERIFY(rig.window->isVisible());
    QTRY_VERIFY(rig.window->findChild<ManualCheckDialog *>() != nullptr);

    QSignalSpy settings(rig.session.get(), &DesktopSession::settingsRequested);
    QSignalSpy quit(rig.session.get(), &DesktopSession::quitRequested);
    rig.tray()->settingsAction()->trigger();
    rig.tray()->quitAction()->trigger();
    QCOMPARE(settings.size(), 1);
    QCOMPARE(quit.size(), 1);
}

void tst_DesktopSession::errorsEntryFollowsTheLog()
{
    Rig rig(0);
    rig.attach();
    QVERIFY(!rig.tray()->errorsAction()->isVisible());
    emit rig.window->errorsPanel()->errorCountChanged(2);
    QVERIFY(rig.tray()->errorsAction()->isVisible());
    QCOMPARE(rig.tray()->errorsAction()->text(), QStringLiteral("&Errors (2)"));
    rig.window->hide();
    rig.tray()->errorsAction()->trigger();
    QVERIFY(rig.window->isVisible());
    QCOMPARE(rig.window->tabs()->currentIndex(), int(MainWindow::Tab::Errors));
}

void tst_DesktopSession::notificationsReachTheTrayAndOpenTheirPanel()
{
    Rig rig(0);
    QSignalSpy notified(rig.session.get(), &DesktopSession::notified);
    rig.attach();
    rig.window->showTab(MainWindow::Tab::Health);
    rig.window->hide();
    emit rig.worker()->runFinished(run(7));
    QTRY_COMPARE(notified.size(), 1);
    const auto n = notified.at(0).at(0).value<DesktopNotification>();
    QCOMPARE(n.title, QStringLiteral("7 learners completed"));
    QCOMPARE(rig.tray()->lastNotificationTarget(), DesktopNotification::Target::Learners);
    emit rig.tray()->systemTrayIcon()->messageClicked();
    QVERIFY(rig.window->isVisible());
    QCOMPARE(rig.window->tabs()->currentIndex(), int(MainWindow::Tab::Learners));

    // A service going down: one notice and the error icon, however many breaker signals follow.
    emit rig.worker()->serviceStateChanged(QStringLiteral("graphy"), QStringLiteral("open"));
    emit rig.worker()->serviceStateChanged(QStringLiteral("graphy"), QStringLiteral("half_open"));
    emit rig.worker()->serviceStateChanged(QStringLiteral("graphy"), QStringLiteral("open"));
    QTRY_COMPARE(notified.size(), 2);
    QCOMPARE(rig.tray()->shownState(), CheckerStatus::State::Error);
    QCOMPARE(rig.tray()->lastNotificationTarget(), DesktopNotification::Target::Health);
    emit rig.tray()->systemTrayIcon()->messageClicked();
    QCOMPARE(rig.window->tabs()->currentIndex(), int(MainWindow::Tab::Health));
    QCOMPARE(notified.size(), 2); // the repeats were delivered directly, and told nothing
}

void tst_DesktopSession::notificationsCanBeTurnedOff()
{
    Rig rig(0, false, false);
    QSignalSpy notified(rig.session.get(), &DesktopSession::notified);
    rig.attach();
    emit rig.worker()->runFinished(run(3));
    emit rig.worker()->serviceStateChanged(QStringLiteral("appwrite"), QStringLiteral("open"));
    QTRY_COMPARE(rig.tray()->shownState(), CheckerStatus::State::Error); // the icon still tells
    QCOMPARE(notified.size(), 0);
    rig.session->setNotificationsEnabled(true);
    emit rig.worker()->serviceStateChanged(QStringLiteral("graphy"), QStringLiteral("open"));
    QTRY_COMPARE(notified.size(), 1);
}

void tst_DesktopSession::oneRunOneMessage()
{
    Rig rig(0);
    QSignalSpy notified(rig.session.get(), &DesktopSession::notified);
    rig.attach();
    emit rig.worker()->serviceStateChanged(QStringLiteral("graphy"), QStringLiteral("open"));
    QCOMPARE(notified.size(), 1);
    // The next run finds completions and, with them, Graphy back: one message, led by the most
    // severe news; a click opens its panel.
    RunRecord good = run(4);
    emit rig.worker()->runFinished(good);
    QCOMPARE(notified.size(), 2);
    const auto n = notified.at(1).at(0).value<DesktopNotification>();
    QCOMPARE(n.title, QStringLiteral("Graphy is reachable again"));
    QVERIFY2(n.body.contains(QStringLiteral("Also: 4 learners completed")), qPrintable(n.body));
    QCOMPARE(rig.tray()->lastNotificationTarget(), n.target);
}

void tst_DesktopSession::heldBackCompletionsAreToldLater()
{
    Rig rig(0);
    QSignalSpy notified(rig.session.get(), &DesktopSession::notified);
    rig.attach();
    emit rig.worker()->runFinished(run(2));
    emit rig.worker()->runFinished(run(3)); // seconds later: held back, not lost
    QCOMPARE(notified.size(), 1);
    auto *timer = rig.session->findChild<QTimer *>(QStringLiteral("completionsTimer"));
    QVERIFY(timer && timer->isActive());
    QVERIFY(timer->isSingleShot());
    QVERIFY(timer->remainingTime() > 50 * 1000); // after the policy's one-minute gap
    QCOMPARE(notified.size(), 1);
}

void tst_DesktopSession::systemHoldHoldsTheCheckerAndHidesOutages()
{
    Rig rig(0);
    rig.controller.configure(sandboxEngineSettings(m_host), WorkerOptions{});
    rig.controller.call(&CheckerWorker::startSchedule);
    QStringList holds;
    connect(rig.worker(), &CheckerWorker::scheduleHeld, this, [&holds](const QString &r) { holds << r; });
    QSignalSpy notified(rig.session.get(), &DesktopSession::notified);
    rig.attach();

    rig.session->systemHold()->setOnline(false);
    QTRY_COMPARE(holds.size(), 1);
    QVERIFY(holds.first().contains(QStringLiteral("no network")));
    QCOMPARE(rig.session->status()->state(), CheckerStatus::State::Offline);
    QCOMPARE(rig.tray()->shownState(), CheckerStatus::State::Offline);
    // Requests failing while offline are not an outage.
    emit rig.worker()->serviceStateChanged(QStringLiteral("graphy"), QStringLiteral("open"));
    RunRecord cut = run(0, RunState::Partial);
    cut.serviceUnavailable = true;
    cut.unavailableService = QStringLiteral("graphy");
    emit rig.worker()->runFinished(cut);
    QCOMPARE(notified.size(), 0); // delivered directly: nothing was told

    rig.session->systemHold()->setOnline(true);       // grace, then released by the real timer
    QTRY_COMPARE_WITH_TIMEOUT(holds.size(), 3, 5000); // reason changed to the grace, then released
    QVERIFY(holds.last().isEmpty());
    QTRY_COMPARE(rig.session->status()->state(), CheckerStatus::State::Idle);
    QCOMPARE(notified.size(), 0);
}

QTEST_MAIN(tst_DesktopSession)
#include "tst_desktop_session.moc"
