#include "DesktopApp.h"

#include "SandboxConnection.h"
#include "SandboxHost.h"
#include "StartupTrace.h"
#include "checker/CheckerController.h"
#include "checker/EngineConfiguration.h"
#include "config/ConfigLoader.h"
#include "config/KeychainSecretStore.h"
#include "models/CheckerStatus.h"
#include "store/DataDirectoryLock.h"
#include "ui/DesktopSession.h"
#include "ui/DesktopSettingsPage.h"
#include "ui/LearnersPanel.h"
#include "ui/MainWindow.h"
#include "ui/SettingsDialog.h"
#include "ui/WelcomeDialog.h"

#include <QApplication>
#include <QDebug>
#include <QFileInfo>
#include <QMessageBox>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>

namespace cc {

DesktopApp::DesktopApp(const CommandLineRequest &request, const AppConfig &config, QSettings *settings,
                       QObject *parent)
    : QObject(parent), m_request(request), m_config(config), m_settings(settings),
      m_secrets(new KeychainSecretStore(this))
{
    // The window comes and goes (tray, settings rebuilding it); the app ends by Quit only, or when
    // the window is closed with no tray to live in (below).
    QApplication::setQuitOnLastWindowClosed(false);
    DesktopSession::Options options;
    options.startMinimized = request.minimized || config.startMinimized;
    options.notificationsEnabled = config.notificationsEnabled;
    options.settings = settings;
    m_session = new DesktopSession(options, this);
    connect(m_session, &DesktopSession::settingsRequested, this, [this] { openSettings(false); });
    connect(m_session, &DesktopSession::quitRequested, this, [this] { emit quitRequested(0); });
}

DesktopApp::~DesktopApp()
{
    shutdownChecker();
}

MainWindow *DesktopApp::window() const
{
    return m_window.data();
}

void DesktopApp::handleArguments(const QStringList &arguments)
{
    CommandLineRequest request;
    QString error;
    if (!CommandLine::parse(arguments, &request, &error)) {
        qWarning().noquote() << "Ignored the command line of a second launch:" << error;
        return;
    }
    if (!m_window) {
        // Still starting (welcome or first settings on screen): do it once the window is there.
        if (!request.checkTarget.isEmpty())
            m_request.checkTarget = request.checkTarget;
        if (QWidget *dialog = QApplication::activeModalWidget()) {
            dialog->raise();
            dialog->activateWindow();
        }
        return;
    }
    if (!request.checkTarget.isEmpty()) {
        m_session->bringWindowToFront();
        m_window->openManualCheck(request.checkTarget);
    } else if (!request.minimized) {
        m_session->bringWindowToFront();
    }
}

void DesktopApp::start()
{
    if (m_request.sandbox) {
        startDemo();
        return;
    }
    readSecrets();
}

void DesktopApp::readSecrets()
{
    // Keys given by the environment or options win; the rest come from the keychain.
    const QList<SecretKind> wanted{SecretKind::AppwriteApiKey, SecretKind::GraphyApiKey};
    for (SecretKind kind : wanted) {
        if (!m_config.isSet(KeychainSecretStore::configKey(kind)))
            ++m_secretsPending;
    }
    if (m_secretsPending == 0)
        return ensureConfigured();
    connect(m_secrets, &KeychainSecretStore::readDone, this,
            [this](SecretKind kind, const QString &value, const QString &) {
                if (!value.isEmpty())
                    m_config.setValue(KeychainSecretStore::configKey(kind), value);
                if (--m_secretsPending == 0) {
                    m_secrets->disconnect(this);
                    ensureConfigured();
                }
            });
    for (SecretKind kind : wanted) {
        if (!m_config.isSet(KeychainSecretStore::configKey(kind)))
            m_secrets->read(kind);
    }
}

void DesktopApp::ensureConfigured()
{
    if (m_config.validate().isEmpty())
        return launch();
    WelcomeDialog welcome;
    if (m_request.demoRunningElsewhere)
        welcome.setNote(tr("A demo is already running (its icon is in the tray). This window is for your own "
                           "services; the demo's data stays in the demo."));
    welcome.exec();
    switch (welcome.choice()) {
    case WelcomeDialog::Choice::Demo:
        return startDemo();
    case WelcomeDialog::Choice::Connect:
        return openSettings(true);
    case WelcomeDialog::Choice::Cancel:
        emit quitRequested(0);
        return;
    }
}

void DesktopApp::startDemo()
{
    sandbox::SandboxOptions options;
    options.learners = m_request.sandboxLearners;
    m_sandbox = std::make_unique<sandbox::SandboxHost>();
    QString error;
    if (!m_sandbox->start(options, &error)) {
        QMessageBox::critical(nullptr, tr("Completion Checker"),
                              tr("The demo sandbox could not start: %1").arg(error));
        emit quitRequested(3);
        return;
    }
    m_config = SandboxConnection::applied(m_config, *m_sandbox);
    if (!m_config.isSet(ConfigKey::DataDir)) {
        // Demo history must not mix with a real deployment's.
        m_sandboxData = std::make_unique<QTemporaryDir>();
        m_config.dataDir = m_sandboxData->path();
    }
    launch();
    // Demo data is there to be looked at: check it right away instead of waiting for the schedule.
    m_controller->call(&CheckerWorker::runNow, RunTrigger::Manual, 0);
}

void DesktopApp::openSettings(bool firstStart)
{
    // Before the first launch there is no checker yet; "Test connection" still needs a checker
    // thread to run the health check in: an unconfigured one, for as long as the dialog is open.
    CheckerController *tester = m_controller;
    if (tester == nullptr)
        tester = new CheckerController(nullptr, this);
    auto *dialog =
        new SettingsDialog(m_config, tester, m_window,
                           m_sandbox ? SettingsDialog::Scope::DemoSession : SettingsDialog::Scope::Saved);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (tester != m_controller) {
        connect(dialog, &QObject::destroyed, tester, [tester] {
            tester->shutdown();
            tester->deleteLater();
        });
    }
    if (!m_request.settingsFile.isEmpty())
        dialog->desktopPage()->setAutostartArguments(
            {QStringLiteral("--config"), QFileInfo(m_request.settingsFile).absoluteFilePath()});
    connect(dialog, &SettingsDialog::configApplied, this, &DesktopApp::applyConfig);
    if (firstStart) {
        // Cancel at first start is "not now", not "quit": back to the welcome, which can quit.
        connect(dialog, &QDialog::rejected, this, [this] {
            if (!m_controller)
                QMetaObject::invokeMethod(this, &DesktopApp::ensureConfigured, Qt::QueuedConnection);
        });
    }
    dialog->open();
}

void DesktopApp::applyConfig(const AppConfig &config)
{
    // Only the Desktop page changed (notifications, start in the tray): no reason to stop a run.
    bool checkerChanged = false;
    for (const ConfigKeySpec &spec : configKeySpecs()) {
        if (spec.key != ConfigKey::NotificationsEnabled && spec.key != ConfigKey::StartMinimized &&
            m_config.value(spec.key) != config.value(spec.key))
            checkerChanged = true;
    }
    m_config = config;
    m_session->setNotificationsEnabled(config.notificationsEnabled);
    if (m_settings && !m_sandbox) { // the demo's settings are its own, never the operator's
        // A settings file that cannot be read (PlainIniFormat refused it) is left as it is: saving
        // would replace it with only the values of this dialog. The new values still apply now.
        const QString notSaved = ConfigLoader::save(config, *m_settings);
        if (!notSaved.isEmpty())
            QMessageBox::warning(m_window, tr("Completion Checker"),
                                 notSaved + tr("\n\nThe new settings apply until the app quits."));
    }
    // New endpoints or keys: a new checker thread (the current run stops; its learners keep their
    // place for the next run).
    if (checkerChanged || !m_controller) // first start: there is nothing running yet to keep
        launch();
}

void DesktopApp::shutdownChecker()
{
    if (m_window) {
        m_window->hide();
        m_window->deleteLater();
    }
    if (m_controller) {
        m_controller->shutdown();
        delete m_controller;
        m_controller = nullptr;
    }
}

void DesktopApp::launch()
{
    QByteArray geometry;
    const bool wasVisible = !m_window || m_window->isVisible();
    // The operator's pause outlives a restart for new settings (the system's hold is re-applied
    // by the session).
    const bool wasPaused = m_controller && m_session->status()->isPaused();
    if (m_window)
        geometry = m_window->saveGeometry();
    shutdownChecker();
    const WorkerOptions workerOptions = EngineConfiguration::workerOptions(m_config);
    if (!m_dataLock.isLocked() || m_lockedDatabase != workerOptions.databasePath) {
        if (!m_dataLock.acquire(workerOptions.databasePath, 0)) {
            QMessageBox::critical(nullptr, tr("Completion Checker"),
                                  tr("%1.\n\nOnly one checker may use a data directory at a time. Stop the "
                                     "other one (or give this one another data directory), then start "
                                     "again.")
                                      .arg(m_dataLock.error()));
            emit quitRequested(4);
            return;
        }
        m_lockedDatabase = workerOptions.databasePath;
    }
    m_controller = new CheckerController(nullptr, this);
    m_window = new MainWindow(m_controller, m_session->status());
    m_window->setAttribute(Qt::WA_DeleteOnClose);
    StartupTrace::watch(m_window, m_controller->worker()); // CC_STARTUP_TRACE only; before loadState
    if (!geometry.isEmpty())
        m_window->restoreGeometry(geometry);
    if (m_sandbox) {
        m_window->setWindowTitle(tr("Completion Checker — demo data (sandbox)"));
    } else {
        // The demo runs as its own instance (its own sandbox, settings scope and tray icon).
        m_window->learnersPanel()->setDemoOffered(true);
        connect(m_window->learnersPanel(), &LearnersPanel::demoRequested, this, [] {
            QProcess::startDetached(QCoreApplication::applicationFilePath(), {QStringLiteral("--sandbox")});
        });
    }
    connect(m_window, &MainWindow::settingsRequested, this, [this] { openSettings(false); });
    connect(m_window, &MainWindow::quitRequested, this, [this] { emit quitRequested(0); });
    // Closed (not hidden to the tray): the app ends.
    connect(m_window, &QObject::destroyed, this, [this] {
        if (!QApplication::closingDown() && m_controller && !m_window)
            emit quitRequested(0);
    });
    m_controller->configure(EngineConfiguration::engineSettings(m_config), workerOptions);
    m_controller->call(&CheckerWorker::loadState);
    // Attached before the schedule starts: a hold already in force (offline at login, asleep)
    // must reach the worker first, or a missed slot would fire a doomed catch-up run.
    m_session->attach(m_controller, m_window, wasVisible);
    if (wasPaused)
        m_controller->call(&CheckerWorker::pauseSchedule); // before it starts: no slot may fire in between
    m_controller->call(&CheckerWorker::startSchedule);
    m_controller->call(&CheckerWorker::checkHealth);
    if (!m_request.checkTarget.isEmpty()) {
        // --gui --check ID: open the check once, at the first start.
        m_window->openManualCheck(m_request.checkTarget);
        m_request.checkTarget.clear();
    }
}

} // namespace cc
