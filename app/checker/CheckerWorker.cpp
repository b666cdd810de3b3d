#include "CheckerWorker.h"

#include "EngineConfiguration.h"
#include "HealthCheck.h"
#include "LearnerCheck.h"
#include "LearnerDocument.h"
#include "LearnerLocks.h"
#include "RunEngine.h"
#include "Scheduler.h"
#include "base/Clock.h"
#include "net/AppwriteClient.h"
#include "net/GraphyClient.h"
#include "net/ServiceChannel.h"
#include "store/LocalStore.h"

#include <QNetworkAccessManager>
#include <QTimer>

namespace cc {

namespace {
const QString kWatermarkKey = QStringLiteral("scheduler/lastSlotEvaluated");

} // namespace

CheckerWorker::CheckerWorker(Clock *clock, QObject *parent)
    : QObject(parent), m_clock(clock ? clock : SystemClock::instance())
{}

CheckerWorker::~CheckerWorker() = default;

void CheckerWorker::configure(const EngineSettings &settings, const WorkerOptions &options)
{
    m_settings = settings;
    m_options = options;
    m_nam = new QNetworkAccessManager(this);
    // Appwrite: the run's listing and writes beside Graphy lookups; Graphy: one per learner in flight.
    m_appwriteChannel = new ServiceChannel(
        EngineConfiguration::channelSettings(QStringLiteral("appwrite"), settings, settings.concurrency + 2,
                                             settings.appwriteRatePerSecond),
        m_nam, m_clock, this);
    m_graphyChannel = new ServiceChannel(EngineConfiguration::channelSettings(QStringLiteral("graphy"),
                                                                              settings, settings.concurrency,
                                                                              settings.graphyRatePerSecond),
                                         m_nam, m_clock, this);
    m_appwrite = new AppwriteClient(settings.appwrite, m_appwriteChannel, this);
    m_graphy = new GraphyClient(settings.graphy, m_graphyChannel, this);
    m_locks = new LearnerLocks(this);
    for (ServiceChannel *channel : {m_appwriteChannel, m_graphyChannel}) {
        connect(channel, &ServiceChannel::breakerStateChanged, this,
                [this, channel](CircuitBreaker::State state) {
                    emit serviceStateChanged(channel->settings().service, CircuitBreaker::stateName(state));
                });
    }

    m_flushTimer = new QTimer(this);
    m_flushTimer->setInterval(static_cast<int>(options.flushIntervalMs));
    connect(m_flushTimer, &QTimer::timeout, this, &CheckerWorker::flush);

    QString storeMessage;
    if (!options.databasePath.isEmpty()) {
        m_store = std::make_unique<LocalStore>(m_clock);
        m_storeOk = m_store->open(options.databasePath);
        if (m_storeOk) {
            m_store->setRetention(options.historyMaxDays, options.historyMaxRows);
            m_store->markInterruptedRuns();
        } else {
            storeMessage = m_store->lastError() + QStringLiteral(" — checking goes on without local history");
            emit storeProblem(storeMessage);
        }
    }

    m_scheduler = new Scheduler(m_clock, this);
    QString error;
    if (const auto schedule = Schedule::parse(options.schedule, &error, QTimeZone::systemTimeZone()))
        m_scheduler->setSchedule(*schedule);
    else
        emit storeProblem(QStringLiteral("schedule '%1' is invalid: %2").arg(options.schedule, error));
    m_scheduler->setStartJitterMs(qint64(options.startJitterSeconds) * 1000);
    if (m_storeOk) {
        const QDateTime mark = QDateTime::fromString(m_store->value(kWatermarkKey), Qt::ISODateWithMs);
        if (mark.isValid())
            m_scheduler->setLastSlotEvaluated(mark);
    }
    connect(m_scheduler, &Scheduler::runDue, this,
            [this](RunTrigger trigger, const QDateTime &) { startRun(trigger, 0); });
    connect(m_scheduler, &Scheduler::runNowRefused, this, &CheckerWorker::runRefused);
    connect(m_scheduler, &Scheduler::runSkipped, this, [this](const QDateTime &slot, const QString &reason) {
        RunRecord skipped;
        skipped.trigger = RunTrigger::Schedule;
        skipped.state = RunState::Skipped;
        skipped.startedAt = m_clock->now();
        skipped.finishedAt = skipped.startedAt;
        skipped.endReason = reason;
        if (m_storeOk && !m_store->insertRun(skipped))
            storeFailed(m_store->lastError());
        emit runSkipped(slot, reason);
    });
    connect(m_scheduler, &Scheduler::nextRunChanged, this,
            [this](const QDateTime &next) { emit scheduleChanged(next, m_scheduler->isPaused()); });
    connect(m_scheduler, &Scheduler::pausedChanged, this,
            [this](bool paused) { emit scheduleChanged(m_scheduler->nextRunAt(), paused); });
    connect(m_scheduler, &Scheduler::lastSlotEvaluatedChanged, this, [this](const QDateTime &slot) {
        if (m_storeOk)
            m_store->setValue(kWatermarkKey, slot.toString(Qt::ISODateWithMs));
    });
    emit configured(m_store == nullptr || m_storeOk, storeMessage);
}

void CheckerWorker::startSchedule()
{
    m_scheduler->start();
}
void CheckerWorker::pauseSchedule()
{
    m_scheduler->pause();
}
void CheckerWorker::resumeSchedule()
{
    m_scheduler->resume();
}
void CheckerWorker::holdSchedule(const QString &reason)
{
    if (!m_scheduler)
        return; // not configured: nothing scheduled to hold
    m_scheduler->hold();
    stopRun(reason);
    emit scheduleHeld(reason);
}
void CheckerWorker::releaseSchedule()
{
    if (!m_scheduler || !m_scheduler->isHeld())
        return;
    emit scheduleHeld(QString());
    m_scheduler->release();
}

void CheckerWorker::runNow(RunTrigger trigger, int batchSize)
{
    if (m_run && m_run->isRunning()) {
        emit runRefused(QStringLiteral("a run is already in progress"));
        return;
    }
    startRun(trigger, batchSize);
}

void CheckerWorker::startRun(RunTrigger trigger, int batchSize)
{
    if (m_shuttingDown)
        return;
    if (m_run && m_run->isRunning()) {
        emit runRefused(QStringLiteral("a run is already in progress"));
        return;
    }
    EngineSettings settings = m_settings;
    if (batchSize > 0)
        settings.batchSize = batchSize;
    RunRecord run;
    run.trigger = trigger;
    run.batchSize = settings.batchSize;
    run.startedAt = m_clock->now();
    if (m_storeOk && !m_store->insertRun(run))
        storeFailed(m_store->lastError());

    auto *engine = new RunEngine({m_appwrite, m_graphy, m_clock}, settings, m_locks, this);
    m_run = engine;
    connect(engine, &RunEngine::learnerChecked, this,
            [this](const CheckResult &result, const QList<ErrorEntry> &errors, const LearnerRecord &after) {
                m_pendingLearners.append(after);
                onLearnerChecked(result, errors);
            });
    connect(engine, &RunEngine::runError, this, &CheckerWorker::logError);
    connect(engine, &RunEngine::finished, this, &CheckerWorker::onRunFinished);
    m_scheduler->notifyRunStarted();
    m_flushTimer->start();
    engine->start(run);
    emit runStarted(engine->record());
}

void CheckerWorker::onLearnerChecked(const CheckResult &result, const QList<ErrorEntry> &errors)
{
    if (!result.dryRun)
        m_pendingLatest.insert(result.learnerId, result);
    m_pendingChecks.append(result);
    m_pendingErrors.append(errors);
    m_progressDirty = true;
}

void CheckerWorker::logError(const ErrorEntry &error)
{
    m_pendingErrors.append(error);
    flush();
}

void CheckerWorker::flush()
{
    if (m_storeOk) {
        if (!m_pendingChecks.isEmpty() && !m_store->recordChecks(m_pendingChecks))
            storeFailed(m_store->lastError());
        if (m_storeOk && !m_pendingErrors.isEmpty() && !m_store->recordErrors(m_pendingErrors))
            storeFailed(m_store->lastError());
        if (m_storeOk && !m_pendingLearners.isEmpty() && !m_store->upsertLearners(m_pendingLearners))
            storeFailed(m_store->lastError());
    }
    if (!m_pendingChecks.isEmpty())
        emit checksRecorded(m_pendingChecks);
    if (!m_pendingLearners.isEmpty()) {
        QList<LearnerRow> rows;
        rows.reserve(m_pendingLearners.size());
        for (const LearnerRecord &l : std::as_const(m_pendingLearners)) {
            LearnerRow row{l, std::nullopt};
            if (const auto it = m_pendingLatest.constFind(l.id); it != m_pendingLatest.cend())
                row.latestCheck = *it;
            rows.append(row);
        }
        emit learnerRowsChanged(rows);
    }
    m_pendingLatest.clear();
    if (!m_pendingErrors.isEmpty())
        emit errorsLogged(m_pendingErrors);
    m_pendingChecks.clear();
    m_pendingErrors.clear();
    m_pendingLearners.clear();
    if (m_progressDirty && m_run && m_run->isRunning())
        emit runProgress(m_run->record());
    m_progressDirty = false;
}

void CheckerWorker::storeFailed(const QString &what)
{
    // One report, then checking goes on without the store: the service data is the truth, the
    // local database is history and cache.
    if (!m_storeOk)
        return;
    m_storeOk = false;
    emit storeProblem(what + QStringLiteral(" — checking goes on; local history is not being saved"));
}

void CheckerWorker::onRunFinished(const RunRecord &run)
{
    flush();
    m_flushTimer->stop();
    if (m_storeOk && run.id > 0 && !m_store->updateRun(run))
        storeFailed(m_store->lastError());
    if (RunEngine *engine = m_run.data()) {
        m_run.clear();
        engine->deleteLater();
    }
    m_scheduler->notifyRunFinished();
    emit runFinished(run);
}

void CheckerWorker::stopRun(const QString &reason)
{
    if (!m_run || !m_run->isRunning())
        return;
    m_run->requestStop(reason);
    // In-flight requests end as aborted; their learners are not counted and keep their place.
    m_appwriteChannel->abortAll();
    m_graphyChannel->abortAll();
}

void CheckerWorker::checkLearner(const QString &idOrEmail, bool dryRun, quint64 requestId)
{
    const QString query = idOrEmail.trimmed();
    auto fail = [this, requestId, query, dryRun](const QString &message, bool serviceFailure) {
        SingleCheckReport report;
        report.requestId = requestId;
        report.query = query;
        report.dryRun = dryRun;
        report.error = message;
        report.serviceFailure = serviceFailure;
        emit singleCheckFinished(report);
    };
    if (query.contains(QLatin1Char('@'))) {
        m_appwrite->listDocuments(
            m_settings.learnersCollection,
            {AppwriteQuery::equal(m_settings.attributes.email, query), AppwriteQuery::limit(25)}, this,
            [=, this](const Result<DocumentList> &r) {
                if (!r.ok())
                    return fail(r.error().toString(), r.error().isAuthFailure() || r.error().isTransient());
                if (r.value().documents.isEmpty())
                    return fail(QStringLiteral("no learner with e-mail %1 in '%2'")
                                    .arg(query, m_settings.learnersCollection),
                                false);
                QList<LearnerRecord> learners;
                for (const QJsonObject &d : r.value().documents)
                    learners.append(LearnerDocument::parse(d, m_settings.attributes));
                runSingleChecks(requestId, query, dryRun, learners);
            });
        return;
    }
    if (!AppwriteClient::isValidCustomId(query))
        return fail(QStringLiteral("'%1' is neither an e-mail nor a valid Appwrite document ID").arg(query),
                    false);
    m_appwrite->getDocument(
        m_settings.learnersCollection, query, this, [=, this](const Result<QJsonObject> &r) {
            if (!r.ok()) {
                if (r.error().httpStatus == 404 && r.error().type == QLatin1String("document_not_found"))
                    return fail(QStringLiteral("no learner with ID %1 in '%2'")
                                    .arg(query, m_settings.learnersCollection),
                                false);
                return fail(r.error().toString(), r.error().isAuthFailure() || r.error().isTransient());
            }
            runSingleChecks(requestId, query, dryRun,
                            {LearnerDocument::parse(r.value(), m_settings.attributes)});
        });
}

void CheckerWorker::runSingleChecks(quint64 requestId, const QString &query, bool dryRun,
                                    const QList<LearnerRecord> &learners)
{
    auto report = std::make_shared<SingleCheckReport>();
    report->requestId = requestId;
    report->query = query;
    report->dryRun = dryRun;
    auto remaining = std::make_shared<int>(static_cast<int>(learners.size()));
    for (const LearnerRecord &learner : learners)
        startSingleCheck(learner, dryRun, report, remaining);
}

void CheckerWorker::startSingleCheck(const LearnerRecord &learner, bool dryRun,
                                     const std::shared_ptr<SingleCheckReport> &report,
                                     const std::shared_ptr<int> &remaining)
{
    if (!m_locks->tryLock(learner.id)) {
        // The run has this learner right now: go after it, never beside it.
        auto *once = new QObject(this);
        connect(m_locks, &LearnerLocks::released, once,
                [this, once, learner, dryRun, report, remaining](const QString &id) {
                    if (id != learner.id)
                        return;
                    once->deleteLater();
                    QTimer::singleShot(0, this, [this, learner, dryRun, report, remaining] {
                        startSingleCheck(learner, dryRun, report, remaining);
                    });
                });
        return;
    }
    auto *check = new LearnerCheck({m_appwrite, m_graphy, m_clock}, m_settings, learner, 0, dryRun, this);
    connect(check, &LearnerCheck::finished, this, [this, report, remaining](LearnerCheck *c) {
        m_locks->unlock(c->learner().id);
        report->entries.append({c->result(), c->graphyCourse(), c->writes()});
        if (c->result().outcome == LearnerOutcome::Failed && !c->errors().isEmpty()) {
            const ErrorEntry &e = c->errors().constFirst();
            report->serviceFailure = report->serviceFailure || e.httpStatus == 401 || e.httpStatus == 403 ||
                                     e.httpStatus >= 500 || e.httpStatus == 0;
        }
        if (!c->result().dryRun)
            m_pendingLearners.append(c->learnerAfter());
        onLearnerChecked(c->result(), c->errors());
        c->deleteLater();
        if (--*remaining == 0) {
            flush();
            emit singleCheckFinished(*report);
        }
    });
    check->start();
}

void CheckerWorker::checkHealth()
{
    auto *health = new HealthCheck(m_appwrite, m_graphy, m_clock, m_settings, this);
    connect(health, &HealthCheck::finished, this, [this, health](const HealthReport &report) {
        health->deleteLater();
        emit healthChecked(report);
    });
    health->start();
}

void CheckerWorker::testConnection(const EngineSettings &settings)
{
    // Its own channels and clients: the edited values must not touch the running checker.
    auto *scope = new QObject(this);
    auto *appwriteChannel =
        new ServiceChannel(EngineConfiguration::channelSettings(QStringLiteral("appwrite"), settings, 2, 0),
                           m_nam, m_clock, scope);
    auto *graphyChannel =
        new ServiceChannel(EngineConfiguration::channelSettings(QStringLiteral("graphy"), settings, 2, 0),
                           m_nam, m_clock, scope);
    auto *appwrite = new AppwriteClient(settings.appwrite, appwriteChannel, scope);
    auto *graphy = new GraphyClient(settings.graphy, graphyChannel, scope);
    auto *health = new HealthCheck(appwrite, graphy, m_clock, settings, scope);
    connect(health, &HealthCheck::finished, this, [this, scope](const HealthReport &report) {
        scope->deleteLater();
        emit connectionTested(report);
    });
    health->start();
}

void CheckerWorker::loadState()
{
    if (!m_storeOk) {
        emit learnerRowsLoaded({}, true);
        return;
    }
    // Chunks keep each queued signal small; the window fills in as they arrive.
    constexpr qsizetype kChunk = 5000;
    const QList<LearnerRow> rows = m_store->learnerRows();
    if (rows.isEmpty())
        emit learnerRowsLoaded({}, true);
    for (qsizetype i = 0; i < rows.size(); i += kChunk)
        emit learnerRowsLoaded(rows.mid(i, kChunk), i + kChunk >= rows.size());
    emit runsLoaded(m_store->recentRuns(500));
    emit errorsLoaded(m_store->errors(5000));
}

void CheckerWorker::clearErrors()
{
    if (m_storeOk && !m_store->clearErrors())
        storeFailed(m_store->lastError());
    emit errorsCleared();
}

void CheckerWorker::shutdown()
{
    m_shuttingDown = true;
    if (m_scheduler)
        m_scheduler->stop();
    if (m_run && m_run->isRunning())
        stopRun(QStringLiteral("the app was shut down during the run"));
    if (m_appwriteChannel) {
        m_appwriteChannel->abortAll();
        m_graphyChannel->abortAll();
    }
    flush();
    if (m_store)
        m_store->close();
    m_storeOk = false;
    emit shutDownComplete();
}

} // namespace cc
