// Takes the tray screenshots in docs/ from a real X11 session with a real system tray (trayer):
// the icon's tooltip, its menu and a notification, after a real run against the sandbox; and the
// Desktop page of the settings. Run it with tools/tray-screenshots.sh (Xvfb + trayer).
#include "SandboxHost.h"
#include "SandboxControl.h"
#include "SandboxSettings.h"
#include "checker/CheckerController.h"
#include "models/CheckerStatus.h"
#include "ui/DesktopSession.h"
#include "ui/DesktopSettingsPage.h"
#include "ui/ErrorsPanel.h"
#include "ui/MainWindow.h"
#include "ui/SettingsDialog.h"
#include "ui/TrayAvailability.h"
#include "ui/TrayIcon.h"

#include <QApplication>
#include <QDir>
#include <QJsonObject>
#include <QMenu>
#include <QScreen>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolTip>

using namespace cc;

namespace {
// The top-right corner of the screen, where trayer sits: icon, tooltip, menu or balloon.
void grabCorner(const QString &path, int width, int height)
{
    QTest::qWait(500);
    QScreen *screen = QGuiApplication::primaryScreen();
    const QRect r = screen->geometry();
    screen->grabWindow(0, r.right() - width + 1, 0, width, height).save(path);
}
} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setQuitOnLastWindowClosed(false);
    const QString out = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral("docs");
    QDir().mkpath(out);

    sandbox::SandboxHost host;
    sandbox::SandboxOptions options;
    options.learners = 200;
    if (!host.start(options))
        return 1;
    QTemporaryDir data;
    WorkerOptions w;
    w.databasePath = data.filePath(QStringLiteral("tray.sqlite"));
    CheckerController controller;
    EngineSettings s = sandboxEngineSettings(host);
    s.graphyRatePerSecond = 200;
    s.appwriteRatePerSecond = 500;
    s.maxAttempts = 1;
    s.breakerFailureThreshold = 5;
    controller.configure(s, w);
    DesktopSession::Options o;
    o.startMinimized = true;
    o.watchSystem = false;
    o.freedesktopNotifications = false;
    DesktopSession session(o);
    MainWindow window(&controller, session.status());
    window.resize(1100, 700);
    controller.call(&CheckerWorker::loadState);
    controller.call(&CheckerWorker::startSchedule);
    session.attach(&controller, &window);
    if (!QTest::qWaitFor([&] { return session.livesInTray(); }, 15000)) {
        qWarning("no system tray: start trayer first (tools/tray-screenshots.sh)");
        return 2;
    }
    bool finished = false;
    QObject::connect(controller.worker(), &CheckerWorker::runFinished, &app, [&] { finished = true; });
    session.trayIcon()->runNowAction()->trigger();
    (void)QTest::qWaitFor([&] { return finished; }, 60000);
    QTest::qWait(1500); // the completions notification is up now
    grabCorner(QDir(out).filePath(QStringLiteral("tray-notification.png")), 520, 140);
    QTest::qWait(11000); // let the balloon time out

    const QRect icon = session.trayIcon()->systemTrayIcon()->geometry();
    QToolTip::showText(icon.bottomLeft() + QPoint(-300, 8), session.status()->tooltip());
    grabCorner(QDir(out).filePath(QStringLiteral("tray-tooltip.png")), 520, 140);
    QToolTip::hideText();

    emit window.errorsPanel()->errorCountChanged(3); // so the menu shows its Errors (N) entry
    QMenu *menu = session.trayIcon()->menu();
    menu->popup(icon.bottomLeft() + QPoint(-menu->sizeHint().width() + icon.width(), 4));
    grabCorner(QDir(out).filePath(QStringLiteral("tray-menu.png")), 420, 300);
    menu->hide();

    // Graphy goes down: the error icon, one notification and the tooltip that says so.
    SandboxControl control(host.controlBase());
    control.addFault(QJsonObject{{"api", "graphy"}, {"kind", "error"}, {"status", 503}, {"probability", 1.0}});
    finished = false;
    session.trayIcon()->runNowAction()->trigger();
    (void)QTest::qWaitFor([&] { return finished; }, 60000);
    QTest::qWait(1000);
    grabCorner(QDir(out).filePath(QStringLiteral("tray-error-notification.png")), 520, 140);
    QTest::qWait(11000);
    QToolTip::showText(icon.bottomLeft() + QPoint(-420, 8), session.status()->tooltip());
    grabCorner(QDir(out).filePath(QStringLiteral("tray-error-tooltip.png")), 640, 140);
    QToolTip::hideText();

    AppConfig config;
    SettingsDialog settings(config, nullptr, nullptr);
    settings.resize(760, 520);
    settings.show();
    settings.findChild<QTabWidget *>()->setCurrentWidget(settings.desktopPage());
    QTest::qWait(500);
    settings.grab().save(QDir(out).filePath(QStringLiteral("settings-desktop.png")));
    controller.shutdown();
    return 0;
}
