// DesktopApp's start-up order against the demo sandbox: a system hold in force before the
// checker exists (offline at login) reaches the worker before its schedule starts, so no slot
// fires while held; the tray shows it; releasing it brings the schedule back.
#include "checker/CheckerController.h"
#include "config/AppConfig.h"
#include "config/ConfigLoader.h"
#include "config/PlainIniFormat.h"
#include "front/CommandLine.h"
#include "front/DesktopApp.h"
#include "models/CheckerStatus.h"
#include "session/SystemHold.h"
#include "ui/DesktopSession.h"
#include "ui/MainWindow.h"
#include "ui/ManualCheckDialog.h"
#include "ui/SettingsDialog.h"
#include "ui/WelcomeDialog.h"

#include <QCommandLinkButton>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QTimer>
#include <functional>

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
    void demoSettingsNeverReachTheRealOnes();
    void cancelledFirstSettingsReturnToTheWelcome();
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
    QObject receiver; // the connections below die with this test's locals
    QVERIFY(app.controller());
    QList<QDateTime> nextRuns;
    QStringList holds;
    bool healthChecked = false;
    // checkHealth() is queued after startSchedule(): its answer means the schedule has started.
    connect(app.controller()->worker(), &CheckerWorker::healthChecked, &receiver,
            [&healthChecked] { healthChecked = true; });
    connect(app.controller()->worker(), &CheckerWorker::scheduleChanged, &receiver,
            [&nextRuns](const QDateTime &next, bool) { nextRuns << next; });
    connect(app.controller()->worker(), &CheckerWorker::scheduleHeld, &receiver,
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

void tst_DesktopApp::demoSettingsNeverReachTheRealOnes()
{
    // The operator's real settings file, before the demo starts.
    DemoApp demo(false);
    AppConfig real;
    real.appwriteEndpoint = QStringLiteral("https://appwrite.example.com/v1");
    real.appwriteProject = QStringLiteral("real-project");
    real.graphyMerchantId = QStringLiteral("real-merchant");
    real.schedule = QStringLiteral("*/15 * * * *");
    QVERIFY(ConfigLoader::save(real, demo.settings).isEmpty());
    demo.settings.sync();
    QFile file(demo.settings.fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray before = file.readAll();
    file.close();
    QVERIFY(before.contains("real-project"));

    DesktopApp &app = *demo.app;
    app.start();
    QVERIFY(app.window());
    emit app.window()->settingsRequested();
    SettingsDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = app.window()->findChild<SettingsDialog *>()) != nullptr, 20000);
    QCOMPARE(dialog->scope(), SettingsDialog::Scope::DemoSession);
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("demoBanner")) != nullptr);
    auto *schedule = dialog->findChild<QLineEdit *>(configKeySpec(ConfigKey::Schedule).settingsKey);
    QVERIFY(schedule);
    schedule->setText(QStringLiteral("*/5 * * * *"));
    auto *buttons = dialog->findChild<QDialogButtonBox *>();
    QTRY_VERIFY_WITH_TIMEOUT(buttons->button(QDialogButtonBox::Apply)->isEnabled(), 20000);
    QPointer<CheckerController> previous = app.controller();
    buttons->button(QDialogButtonBox::Apply)->click();
    // Applied to the demo: the checker is rebuilt with the new schedule...
    QTRY_VERIFY_WITH_TIMEOUT(app.controller() != previous, 20000);
    // ...and the real settings file is exactly as it was.
    demo.settings.sync();
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), before);
}

void tst_DesktopApp::cancelledFirstSettingsReturnToTheWelcome()
{
    // No usable configuration (keys from the environment, nothing else): the welcome comes first.
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("s.ini")), cc::PlainIniFormat::format());
    AppConfig config;
    config.dataDir = dir.filePath(QStringLiteral("data"));
    for (ConfigKey key : {ConfigKey::AppwriteApiKey, ConfigKey::GraphyApiKey}) {
        config.setValue(key, QStringLiteral("env-key"));
        config.sources.insert(key, ConfigSource::Environment);
    }
    DesktopApp app(CommandLineRequest{}, config, &settings);
    QList<int> quits;
    connect(&app, &DesktopApp::quitRequested, this, [&quits](int code) { quits << code; });

    // The welcome is modal (exec()): answered from the event loop. The first time "Connect to my
    // services", the second time closed (the welcome's own Cancel quits).
    int welcomes = 0;
    bool testButtonShown = false;
    QObject timers; // no answer outlives this test's locals
    std::function<void()> answer = [&] {
        auto *welcome = qobject_cast<WelcomeDialog *>(QApplication::activeModalWidget());
        if (welcome == nullptr) {
            QTimer::singleShot(10, &timers, answer);
            return;
        }
        if (++welcomes == 1) {
            welcome->findChild<QCommandLinkButton *>(QStringLiteral("connectButton"))->click();
            QTimer::singleShot(0, &timers, [&] {
                SettingsDialog *dialog = nullptr;
                for (QWidget *w : QApplication::topLevelWidgets())
                    if (auto *d = qobject_cast<SettingsDialog *>(w); d && d->isVisible())
                        dialog = d;
                QVERIFY(dialog);
                // Keys can be tested before anything is saved, though no checker runs yet.
                auto *test = dialog->findChild<QPushButton *>(QStringLiteral("testConnectionButton"));
                testButtonShown = test && test->isVisibleTo(dialog);
                dialog->reject(); // Cancel / Esc
                QTimer::singleShot(0, &timers, answer);
            });
        } else {
            welcome->reject();
        }
    };
    QTimer::singleShot(0, &timers, answer);
    app.start();
    QTRY_COMPARE_WITH_TIMEOUT(quits, QList<int>{0}, 20000);
    QCOMPARE(welcomes, 2); // back to the welcome, not out of the app
    QVERIFY(testButtonShown);
    QVERIFY(!app.controller());
}

QTEST_MAIN(tst_DesktopApp)
#include "tst_desktop_app.moc"
