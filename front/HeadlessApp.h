#pragma once

#include "CommandLine.h"
#include "base/CheckResult.h"
#include "checker/CheckerWorker.h"
#include "checker/EngineSettings.h"

#include <QObject>

namespace cc {

class CheckerController;

// The command-line fronts of docs/ARCHITECTURE.md §11.3 without a GUI: --once, --health, --check, --headless,
// --provision-schema and --verify-schema.
// Runs the same checker thread as the desktop app and prints what it reports.
class HeadlessApp : public QObject
{
    Q_OBJECT
public:
    HeadlessApp(const CommandLineRequest &request, const EngineSettings &settings,
                const WorkerOptions &options, QObject *parent = nullptr);
    ~HeadlessApp() override;

    void start();

    // Exit codes (docs/ARCHITECTURE.md §11.3).
    static constexpr int kOk = 0;
    static constexpr int kLearnerErrors = 1;
    static constexpr int kBadConfiguration = 2;
    static constexpr int kServiceUnavailable = 3;
    static constexpr int kDataDirectoryBusy = 4; // another checker holds the data directory

signals:
    void finished(int exitCode);

private:
    void finish(int exitCode);
    void printOut(const QString &text);
    void log(const QString &text);

    CommandLineRequest m_request;
    EngineSettings m_settings;
    WorkerOptions m_options;
    CheckerController *m_controller;
    QList<CheckResult> m_checks;
    QList<ErrorEntry> m_errors;
    bool m_finished = false;
};

} // namespace cc
