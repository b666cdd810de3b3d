// completion-checker: one binary for the desktop app, the headless scheduler and the CLI
// (docs/ARCHITECTURE.md §11.3).
#include "CommandLine.h"
#include "HeadlessApp.h"
#include "SandboxConnection.h"
#include "TerminationSignals.h"
#include "checker/EngineConfiguration.h"
#include "config/ConfigLoader.h"
#include "config/PlainIniFormat.h"
#include "session/SingleInstance.h"
#include "store/DataDirectoryLock.h"

#include "SandboxHost.h"

#include <QCoreApplication>
#ifdef CC_WITH_GUI
#include "DesktopApp.h"
#include <QApplication>
#endif
#include <QSettings>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <memory>

using namespace cc;

namespace {
void printErr(const QString &text)
{
    std::fputs((text + QLatin1Char('\n')).toLocal8Bit().constData(), stderr);
}

// --sandbox: the built-in imitation of both services, on loopback, with demo data. Its endpoints
// and credentials replace whatever the environment or settings say.
std::unique_ptr<sandbox::SandboxHost> startSandbox(const CommandLineRequest &request, ConfigLoader &loader)
{
    sandbox::SandboxOptions options;
    options.learners = request.sandboxLearners;
    auto host = std::make_unique<sandbox::SandboxHost>();
    QString error;
    if (!host->start(options, &error)) {
        printErr(QStringLiteral("could not start the sandbox: ") + error);
        return nullptr;
    }
    const QHash<ConfigKey, QString> overrides = SandboxConnection::overrides(*host);
    for (auto it = overrides.cbegin(); it != overrides.cend(); ++it) {
        if (!SandboxConnection::isRateLimit(it.key()) || !request.overrides.contains(it.key()))
            loader.setOverride(it.key(), it.value());
    }
    if (!request.json)
        printErr(QStringLiteral("sandbox: Appwrite %1, Graphy %2, %3 demo learners")
                     .arg(host->appwriteEndpoint().toString(), host->graphyBase().toString())
                     .arg(options.learners));
    return host;
}
} // namespace

namespace {
QStringList argumentsOf(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    return arguments;
}

bool hasDisplay()
{
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY") ||
           qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
}
} // namespace

int main(int argc, char *argv[])
{
    // The mode decides the application class: a server has no display for QApplication.
    CommandLineRequest request;
    QString error;
    std::unique_ptr<QCoreApplication> app;
    {
        QCoreApplication::setOrganizationName(QStringLiteral("CompletionChecker"));
        QCoreApplication::setApplicationName(QStringLiteral("completion-checker"));
        QCoreApplication::setApplicationVersion(QStringLiteral(CC_VERSION));
        const QStringList arguments = argumentsOf(argc, argv);
        const bool wantsGui =
            arguments.contains(QStringLiteral("--gui")) ||
            (!arguments.contains(QStringLiteral("--headless")) &&
             !arguments.contains(QStringLiteral("--once")) &&
             !arguments.contains(QStringLiteral("--health")) &&
             !arguments.contains(QStringLiteral("--provision-schema")) &&
             !arguments.contains(QStringLiteral("--verify-schema")) &&
             !arguments.contains(QStringLiteral("--help")) && !arguments.contains(QStringLiteral("-h")) &&
             !arguments.contains(QStringLiteral("--version")) && !arguments.contains(QStringLiteral("-v")) &&
             !std::any_of(arguments.cbegin(), arguments.cend(),
                          [](const QString &a) { return a.startsWith(QStringLiteral("--check")); }));
#ifdef CC_WITH_GUI
        if (wantsGui && hasDisplay())
            app = std::make_unique<QApplication>(argc, argv);
#endif
        if (!app)
            app = std::make_unique<QCoreApplication>(argc, argv);
    }
    if (!CommandLine::parse(app->arguments(), &request, &error)) {
        printErr(QStringLiteral("completion-checker: %1\nTry --help.").arg(error));
        return HeadlessApp::kBadConfiguration;
    }

    // Qt's own INI reader deserializes `@Variant(...)` values (a 30-byte line can make it reserve
    // tens of GB): the settings file is read as plain text (docs/RELIABILITY.md, "Fuzzing").
    const std::unique_ptr<QSettings> settings = PlainIniFormat::open(request.settingsFile);
    ConfigLoader loader(QProcessEnvironment::systemEnvironment(), settings.get());
    loader.setOverrides(request.overrides);

#ifdef CC_WITH_GUI
    if (request.mode == CommandLineRequest::Mode::Desktop && qobject_cast<QApplication *>(app.get())) {
        // The desktop starts its own sandbox on "Try with demo data" or --sandbox, reads keys from
        // the keychain, and asks for settings when they are missing.
        // One desktop instance per user and settings file: a later launch hands its command line
        // to the running one (which comes to the front) and ends.
        SingleInstance instance(SingleInstance::keyFor(request.settingsFile, request.sandbox));
        switch (instance.claim()) {
        case SingleInstance::Role::Secondary:
            if (instance.sendToPrimary(app->arguments())) {
                printErr(QStringLiteral("Completion Checker is already running: handed over to it."));
                return HeadlessApp::kOk;
            }
            if (!instance.isPrimary()) {
                printErr(QStringLiteral("completion-checker: ") + instance.error());
                return HeadlessApp::kLearnerErrors; // no better code: the instance holding the lock is hung
            }
            break; // the other instance was quitting and has gone: this one takes over
        case SingleInstance::Role::Failed:
            printErr(QStringLiteral("warning: %1; a second launch will start a second instance.")
                         .arg(instance.error()));
            break;
        case SingleInstance::Role::Primary:
            break;
        }
        const AppConfig config = loader.load();
        if (!loader.settingsFileError().isEmpty())
            printErr(QStringLiteral("warning: ") + loader.settingsFileError());
        // A demo runs as an instance of its own: a launch for the real services does not go to it.
        if (!request.sandbox &&
            SingleInstance::isRunning(SingleInstance::keyFor(request.settingsFile, true))) {
            request.demoRunningElsewhere = true;
            printErr(
                QStringLiteral("Note: a demo (completion-checker --sandbox) is running; it shows demo data, "
                               "not your services. This window is for your own services%1.")
                    .arg(request.checkTarget.isEmpty()
                             ? QString()
                             : QStringLiteral("; to check '%1' in the demo, add --sandbox")
                                   .arg(request.checkTarget)));
        }
        DesktopApp desktop(request, config, settings.get());
        QObject::connect(&instance, &SingleInstance::argumentsReceived, &desktop,
                         &DesktopApp::handleArguments);
        // Quitting: stop answering at once (a launch now waits for the lock, not for a reply that
        // cannot come); the lock itself is kept until the checker has flushed the store.
        QObject::connect(app.get(), &QCoreApplication::aboutToQuit, &instance,
                         &SingleInstance::stopListening);
        QObject::connect(
            &desktop, &DesktopApp::quitRequested, app.get(), [](int code) { QCoreApplication::exit(code); },
            Qt::QueuedConnection);
        // Logging out or `kill` ends the app as Quit does: the checker stops cleanly first.
        TerminationSignals termination;
        QObject::connect(
            &termination, &TerminationSignals::terminationRequested, app.get(),
            [](int) { QCoreApplication::exit(0); }, Qt::QueuedConnection);
        desktop.start();
        return app->exec();
    }
#endif
    std::unique_ptr<sandbox::SandboxHost> sandboxHost;
    std::unique_ptr<QTemporaryDir> sandboxData;
    if (request.sandbox) {
        sandboxHost = startSandbox(request, loader);
        if (!sandboxHost)
            return HeadlessApp::kServiceUnavailable;
        if (!request.overrides.contains(ConfigKey::DataDir)) {
            // Demo history must not mix with a real deployment's.
            sandboxData = std::make_unique<QTemporaryDir>();
            loader.setOverride(ConfigKey::DataDir, sandboxData->path());
        }
    }

    const AppConfig config = loader.load();
    if (!loader.settingsFileError().isEmpty()) {
        printErr(QStringLiteral("completion-checker: ") + loader.settingsFileError());
        return HeadlessApp::kBadConfiguration;
    }
    for (const QString &warning : loader.warnings())
        printErr(QStringLiteral("warning: ") + warning);
    const bool schemaOnly = request.mode == CommandLineRequest::Mode::ProvisionSchema ||
                            request.mode == CommandLineRequest::Mode::VerifySchema;
    QList<ConfigError> problems = config.validate();
    if (schemaOnly) {
        // The schema is Appwrite's alone: a new deployment provisions before it has Graphy keys.
        problems.removeIf([](const ConfigError &e) {
            return e.key == ConfigKey::GraphyApiBase || e.key == ConfigKey::GraphyApiKey ||
                   e.key == ConfigKey::GraphyMerchantId || e.key == ConfigKey::GraphyRateLimit;
        });
    }
    if (!problems.isEmpty()) {
        printErr(QStringLiteral("completion-checker: the configuration is not usable:"));
        for (const ConfigError &p : problems)
            printErr(QStringLiteral("  - ") + p.message);
        printErr(QStringLiteral(
            "Nothing was sent to any service. Set the values above (environment, --config FILE, or "
            "options) or try --sandbox."));
        return HeadlessApp::kBadConfiguration;
    }

    if (request.mode == CommandLineRequest::Mode::Desktop && !request.checkTarget.isEmpty()) {
        printErr(QStringLiteral("completion-checker: --gui --check opens the check in the desktop app, which "
                                "needs a display (DISPLAY / WAYLAND_DISPLAY unset). Without --gui, --check "
                                "checks on the command line."));
        return HeadlessApp::kBadConfiguration;
    }
    if (request.mode == CommandLineRequest::Mode::Desktop) {
        printErr(QStringLiteral("No display (DISPLAY / WAYLAND_DISPLAY unset) or no GUI in this build: "
                                "running the scheduler headless "
                                "(as with --headless). Stop with Ctrl+C."));
        request.mode = CommandLineRequest::Mode::Headless;
    }

    WorkerOptions workerOptions = EngineConfiguration::workerOptions(config);
    DataDirectoryLock dataLock;
    if (request.mode == CommandLineRequest::Mode::Health || schemaOnly) {
        // Talks to the services only: runs beside a checker that holds the data directory.
        workerOptions.databasePath.clear();
    } else if (!dataLock.acquire(workerOptions.databasePath, 0)) {
        if (!request.wait) {
            printErr(
                QStringLiteral("completion-checker: %1. Nothing was checked; stop it first, or pass --wait.")
                    .arg(dataLock.error()));
            return HeadlessApp::kDataDirectoryBusy;
        }
        printErr(QStringLiteral("%1: waiting until it ends (--wait).").arg(dataLock.error()));
        if (!dataLock.acquire(workerOptions.databasePath, -1)) {
            printErr(QStringLiteral("completion-checker: ") + dataLock.error());
            return HeadlessApp::kDataDirectoryBusy;
        }
    }
    HeadlessApp front(request, EngineConfiguration::engineSettings(config), workerOptions);
    QObject::connect(
        &front, &HeadlessApp::finished, app.get(), [](int code) { QCoreApplication::exit(code); },
        Qt::QueuedConnection);
    front.start();
    return app->exec();
}
