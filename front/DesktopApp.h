#pragma once

#include "CommandLine.h"
#include "config/AppConfig.h"
#include "store/DataDirectoryLock.h"

#include <QObject>
#include <QPointer>
#include <memory>

class QSettings;
class QTemporaryDir;

namespace sandbox {
class SandboxHost;
}

namespace cc {

class CheckerController;
class DesktopSession;
class KeychainSecretStore;
class MainWindow;

// The desktop front (docs/ARCHITECTURE.md §11.3, no options): the keys from the keychain, a welcome on first
// start (demo data or settings), then the main window over a checker thread. Needs a QApplication.
class DesktopApp : public QObject
{
    Q_OBJECT
public:
    DesktopApp(const CommandLineRequest &request, const AppConfig &config, QSettings *settings,
               QObject *parent = nullptr);
    ~DesktopApp() override;

    // Starts the asynchronous start-up; the window appears when the configuration is usable.
    void start();
    MainWindow *window() const;
    DesktopSession *session() const { return m_session; }
    CheckerController *controller() const { return m_controller; }

public slots:
    // A later launch's command line, handed over by SingleInstance: bring the window to the
    // front (unless it asked for --minimized) and open what it asked for (--gui --check ID).
    void handleArguments(const QStringList &arguments);

signals:
    void quitRequested(int exitCode);

private:
    void readSecrets();
    void ensureConfigured();
    void startDemo();
    void openSettings(bool firstStart);
    void launch();
    void applyConfig(const AppConfig &config);
    void shutdownChecker();

    CommandLineRequest m_request;
    AppConfig m_config;
    QSettings *m_settings;
    KeychainSecretStore *m_secrets;
    int m_secretsPending = 0;
    std::unique_ptr<sandbox::SandboxHost> m_sandbox;
    std::unique_ptr<QTemporaryDir> m_sandboxData;
    DataDirectoryLock m_dataLock; // taken before the checker opens the local database
    QString m_lockedDatabase;
    DesktopSession *m_session = nullptr;
    CheckerController *m_controller = nullptr;
    QPointer<MainWindow> m_window;
};

} // namespace cc
