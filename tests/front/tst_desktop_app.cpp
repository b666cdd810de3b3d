// DesktopApp's start-up order against the demo sandbox: a system hold in force before the
// checker exists (offline at login) reaches the worker before its schedule starts, so no slot
// fires while held; the tray shows it; releasing it brings the schedule back.
#include "checker/CheckerController.h"
#include "config/AppConfig.h"
#include "config/PlainIniFormat.h"
#include "front/CommandLine.h"
#include "front/DesktopApp.h"
#include "models/CheckerStatus.h"
#include "session/SystemHold.h"
#include "ui/DesktopSession.h"
#include "ui/MainWindow.h"
#include "ui/ManualCheckDialog.h"

#include <QApplication>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace cc;

namespace {
// A desktop app over the demo sandbox, with its settings and data in a temporary folder.
struct DemoApp
{
    QTemporaryDir dir;
    QSettings settings{dir.filePath(QStringLiteral("s.ini")), cc::PlainIniFormat::format()};
    std::unique_ptr<DesktopApp> app;

    explicit DemoApp(bool minimized, const QString &schedule = QStringLiteral("*/15 * * * *"))
    {
        CommandLineRequest request;
        request.sandbox = true;
        request.sandboxLearners = 20;
        request.minimized = minimized;
        AppConfig config;
        config.dataDir = dir.filePath(QStringLiteral("data"));
        config.schedule = schedule;
        app = std::make_unique<DesktopApp>(request, config, &settings);
    }
};
} // namespace

class tst_DesktopApp : public QObject
{
    Q_OBJECT
private slots:
    void holdInForceBeforeLaunchIsNeverRunThrough();
    void handOverDuringStartUpIsKeptForTheWindow();
};

void tst_DesktopApp::holdInForceBeforeLaunchIsNeverRunThrough()
{
    DemoApp demo(true, QStringLiteral("every 1m"));
    DesktopApp &app = *demo.app;
    SystemHold *hold = app.session()->systemHold();
    hold->setGracePeriods(100, 100);
    hold->setOnline(false);
    QCOMPARE(app.session()->status()->state(), CheckerStatus::State::Offline);

    app.start();
    QVERIFY(app.controller());
    QList<QDateTime> nextRuns;
    QStringList holds;
    bool healthChecked = false;
    // checkHealth() is queued after startSchedule(): its answer means the schedule has started.
    connect(app.controller()->worker(), &CheckerWorker::healthChecked, this,
            [&healthChecked] { healthChecked = true; });
    connect(app.controller()->worker(), &CheckerWorker::scheduleChanged, this,
            [&nextRuns](const QDateTime &next, bool) { nextRuns << next; });
    connect(app.controller()->worker(), &CheckerWorker::scheduleHeld, this,
            [&holds](const QString &reason) { holds << reason; });
    QTRY_VERIFY_WITH_TIMEOUT(healthChecked, 20000);
    QCOMPARE(holds.size(), 1);
    // Held before it started: it never had a next run to fire.
    for (const QDateTime &next : std::as_const(nextRuns))
        QVERIFY2(!next.isValid(), qPrintable(next.toString(Qt::ISODate)));
    QCOMPARE(app.session()->status()->state(), CheckerStatus::State::Offline);

    hold->setOnline(true);
    QTRY_VERIFY_WITH_TIMEOUT(holds.size() >= 2 && holds.last().isEmpty(), 5000);
    QTRY_VERIFY(nextRuns.last().isValid());
    QVERIFY(app.session()->status()->state() != CheckerStatus::State::Offline);
}

void tst_DesktopApp::handOverDuringStartUpIsKeptForTheWindow()
{
    DemoApp demo(false);
    DesktopApp &app = *demo.app;
    // A second launch arrives before the window exists.
    app.handleArguments({QStringLiteral("completion-checker"), QStringLiteral("--gui"),
                         QStringLiteral("--check"), QStringLiteral("ada@example.com")});
    app.start();
    QVERIFY(app.window());
    ManualCheckDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = app.window()->findChild<ManualCheckDialog *>()) != nullptr);
    QVERIFY(dialog->isVisible());
}

QTEST_MAIN(tst_DesktopApp)
#include "tst_desktop_app.moc"
