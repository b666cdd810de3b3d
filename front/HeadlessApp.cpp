#include "HeadlessApp.h"

#include "ReportFormatter.h"
#include "TerminationSignals.h"
#include "checker/CheckerController.h"
#include "session/ScheduleGuard.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>
#include <QTimer>

#include <cstdio>

namespace cc {

namespace {
int runExitCode(const RunRecord &run)
{
    if (run.state == RunState::Failed || run.serviceUnavailable)
        return HeadlessApp::kServiceUnavailable;
    return run.errors > 0 ? HeadlessApp::kLearnerErrors : HeadlessApp::kOk;
}

// As --health: a service that cannot be used (unreachable, key refused or short of scopes) is 3;
// a schema that is missing something or has a part that does not fit is 2, which CI tests for.
int schemaExitCode(const SchemaProvisionReport &report)
{
    if (!report.error.isEmpty() && report.serviceFailure)
        return HeadlessApp::kServiceUnavailable;
    return report.ok() ? HeadlessApp::kOk : HeadlessApp::kBadConfiguration;
}
} // namespace

HeadlessApp::HeadlessApp(const CommandLineRequest &request, const EngineSettings &settings,
                         const WorkerOptions &options, QObject *parent)
    : QObject(parent), m_request(request), m_settings(settings), m_options(options),
      m_controller(new CheckerController(nullptr, this))
{
    CheckerWorker *w = m_controller->worker();
    connect(w, &CheckerWorker::storeProblem, this,
            [this](const QString &m) { log(QStringLiteral("warning: ") + m); });
    connect(w, &CheckerWorker::storeRecovered, this, [this] {
        log(QStringLiteral("the local database works again; the results kept meanwhile are saved"));
    });
    connect(w, &CheckerWorker::learnersChecked, this, [this](const QList<CheckedLearner> &checked) {
        for (const CheckedLearner &c : checked)
            m_checks.append(*c.latestCheck);
    });
    connect(w, &CheckerWorker::errorsLogged, this, [this](const QList<ErrorEntry> &errors) {
        m_errors.append(errors);
        if (m_request.mode == CommandLineRequest::Mode::Headless) {
            for (const ErrorEntry &e : errors)
                log(QStringLiteral("error: ") + ReportFormatter::errorText(e));
        }
    });
    connect(w, &CheckerWorker::appwriteApiChanged, this,
            [this](const QString &description) { log(QStringLiteral("appwrite: API now ") + description); });
    connect(w, &CheckerWorker::serviceStateChanged, this,
            [this](const QString &service, const QString &state) {
                log(QStringLiteral("%1: circuit breaker %2").arg(service, state));
            });
}

HeadlessApp::~HeadlessApp()
{
    m_controller->shutdown();
}

void HeadlessApp::log(const QString &text)
{
    const QString line =
        QDateTime::currentDateTime().toString(Qt::ISODate) + QLatin1Char(' ') + text + QLatin1Char('\n');
    std::fputs(line.toLocal8Bit().constData(), stderr);
}

void HeadlessApp::printOut(const QString &text)
{
    QTextStream out(stdout);
    out << text << Qt::endl;
}

void HeadlessApp::finish(int exitCode)
{
    if (m_finished)
        return;
    m_finished = true;
    m_controller->shutdown();
    emit finished(exitCode);
}

void HeadlessApp::start()
{
    using Mode = CommandLineRequest::Mode;
    CheckerWorker *w = m_controller->worker();
    m_controller->configure(m_settings, m_options);
    switch (m_request.mode) {
    case Mode::Once:
        connect(w, &CheckerWorker::runFinished, this, [this](const RunRecord &run) {
            if (m_request.json) {
                QJsonArray outcomes, errors;
                for (const CheckResult &c : std::as_const(m_checks))
                    outcomes.append(ReportFormatter::checkJson(c));
                for (const ErrorEntry &e : std::as_const(m_errors))
                    errors.append(ReportFormatter::errorJson(e));
                printOut(QString::fromUtf8(
                    QJsonDocument(QJsonObject{{QStringLiteral("run"), ReportFormatter::runJson(run)},
                                              {QStringLiteral("outcomes"), outcomes},
                                              {QStringLiteral("errors"), errors},
                                              {QStringLiteral("exitCode"), runExitCode(run)}})
                        .toJson(QJsonDocument::Compact)));
            } else {
                printOut(ReportFormatter::runText(run));
                const int shown = std::min<int>(10, static_cast<int>(m_errors.size()));
                for (int i = 0; i < shown; ++i)
                    printOut(QStringLiteral("  error: ") + ReportFormatter::errorText(m_errors.at(i)));
                if (m_errors.size() > shown)
                    printOut(QStringLiteral("  … and %1 more errors").arg(m_errors.size() - shown));
            }
            finish(runExitCode(run));
        });
        connect(w, &CheckerWorker::runRefused, this, [this](const QString &reason) {
            log(QStringLiteral("run refused: ") + reason);
            finish(kLearnerErrors);
        });
        m_controller->call(&CheckerWorker::runNow, RunTrigger::CommandLine, 0);
        break;
    case Mode::Health:
        connect(w, &CheckerWorker::healthChecked, this, [this](const HealthReport &report) {
            const int code = !report.servicesOk() ? kServiceUnavailable
                             : report.ok()        ? kOk
                                                  : kBadConfiguration;
            if (m_request.json) {
                QJsonObject o = ReportFormatter::healthJson(report);
                o.insert(QStringLiteral("exitCode"), code);
                printOut(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)));
            } else {
                printOut(ReportFormatter::healthText(report));
            }
            finish(code);
        });
        m_controller->call(&CheckerWorker::checkHealth);
        break;
    case Mode::ProvisionSchema:
    case Mode::VerifySchema:
        connect(w, &CheckerWorker::schemaProvisioned, this, [this](const SchemaProvisionReport &report) {
            const int code = schemaExitCode(report);
            if (m_request.json) {
                QJsonObject o = ReportFormatter::schemaJson(report);
                o.insert(QStringLiteral("exitCode"), code);
                printOut(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)));
            } else {
                printOut(ReportFormatter::schemaText(report));
            }
            finish(code);
        });
        if (m_request.mode == Mode::VerifySchema)
            m_controller->call(&CheckerWorker::verifySchema);
        else
            m_controller->call(&CheckerWorker::provisionSchema, m_request.dryRun);
        break;
    case Mode::Check:
        connect(w, &CheckerWorker::singleCheckFinished, this, [this](const SingleCheckReport &report) {
            int code = kOk;
            if (!report.error.isEmpty())
                code = report.serviceFailure ? kServiceUnavailable : kLearnerErrors;
            for (const auto &entry : report.entries) {
                if (entry.result.outcome == LearnerOutcome::Failed)
                    code = report.serviceFailure ? kServiceUnavailable : kLearnerErrors;
            }
            if (m_request.json) {
                QJsonObject o = ReportFormatter::singleCheckJson(report);
                o.insert(QStringLiteral("exitCode"), code);
                printOut(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)));
            } else {
                printOut(ReportFormatter::singleCheckText(report));
            }
            finish(code);
        });
        m_controller->checkLearner(m_request.checkTarget, m_request.dryRun, m_request.certifyNotEnrolled);
        break;
    case Mode::Headless:
    case Mode::Desktop: {
        auto *termination = new TerminationSignals(this);
        connect(termination, &TerminationSignals::terminationRequested, this, [this](int sig) {
            log(QStringLiteral("signal %1: stopping").arg(sig));
            finish(kOk);
        });
        connect(w, &CheckerWorker::runStarted, this, [this](const RunRecord &run) {
            log(QStringLiteral("run %1 started (%2)").arg(run.id).arg(triggerName(run.trigger)));
        });
        connect(w, &CheckerWorker::runFinished, this,
                [this](const RunRecord &run) { log(ReportFormatter::runText(run)); });
        connect(w, &CheckerWorker::runSkipped, this, [this](const QDateTime &slot, const QString &reason) {
            log(QStringLiteral("scheduled run of %1 skipped: %2").arg(slot.toString(Qt::ISODate), reason));
        });
        connect(w, &CheckerWorker::scheduleChanged, this, [this](const QDateTime &next, bool paused) {
            if (paused || next.isValid())
                log(paused ? QStringLiteral("schedule paused")
                           : QStringLiteral("next run at %1").arg(next.toLocalTime().toString(Qt::ISODate)));
        });
        connect(w, &CheckerWorker::scheduleHeld, this, [this](const QString &reason) {
            log(reason.isEmpty() ? QStringLiteral("schedule released")
                                 : QStringLiteral("schedule held: ") + reason);
        });
        // A laptop running the headless service sleeps and loses the network like a desktop.
        auto *guard = new ScheduleGuard(nullptr, true, this);
        for (const QString &limitation : guard->limitations())
            log(QStringLiteral("note: ") + limitation);
        guard->setController(m_controller);
        m_controller->call(&CheckerWorker::startSchedule);
        break;
    }
    }
}

} // namespace cc
