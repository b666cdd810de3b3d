#include "CheckerWorker.h"

#include <QTimer>

#include "CheckerServices.h"
#include "LearnerLocks.h"
#include "ManualCheck.h"
#include "RememberedPace.h"
#include "ResultBatcher.h"
#include "RunEngine.h"
#include "RunLedger.h"
#include "Scheduler.h"
#include "ServiceProbes.h"
#include "base/Clock.h"
#include "net/AppwriteClient.h"
#include "net/ServiceChannel.h"
#include "store/LocalStore.h"

#include <QNetworkAccessManager>

namespace cc {

namespace {
const QString kWatermarkKey = QStringLiteral("scheduler/lastSlotEvaluated");

} // namespace

CheckerWorker::CheckerWorker(Clock *clock, QObject *parent)
    : QObject(parent), m_clock(clock ? clock : SystemClock::instance()),
      m_probes(new ServiceProbes(m_clock, this))
{
    connect(m_probes, &ServiceProbes::healthChecked, this, &CheckerWorker::healthChecked);
    connect(m_probes, &ServiceProbes::connectionTested, this, &CheckerWorker::connectionTested);
    connect(m_probes, &ServiceProbes::schemaProvisioned, this, &CheckerWorker::schemaProvisioned);
}

CheckerWorker::~CheckerWorker() = default;

void CheckerWorker::configure(const EngineSettings &settings, const WorkerOptions &options)
{
    m_settings = settings;
    m_options = options;
    m_batcher = new ResultBatcher(options.flushIntervalMs, this);
    connect(m_batcher, &ResultBatcher::learnersChecked, this, &CheckerWorker::learnersChecked);
    connect(m_batcher, &ResultBatcher::errorsLogged, this, &CheckerWorker::errorsLogged);
    connect(m_batcher, &ResultBatcher::errorsResolved, this, &CheckerWorker::errorsResolved);
    connect(m_batcher, &ResultBatcher::storeFailed, this, &CheckerWorker::storeFailed);
    connect(m_batcher, &ResultBatcher::checksFlushed, this, [this] {
        if (m_run && m_run->isRunning())
            emit runProgress(withPace(m_run->record()));
    });

    QString storeMessage;
    m_databasePath = options.databasePath;
    m_historyMaxDays = options.historyMaxDays;
    m_historyMaxRows = options.historyMaxRows;
    m_storeRetryBaseMs = m_storeRetryMs = std::max<qint64>(1, options.storeRetryMs);
    if (!options.databasePath.isEmpty()) {
        m_store = std::make_unique<LocalStore>(m_clock);
        m_batcher->keepBacklog(true);
        m_storeRetry = new QTimer(this);
        m_storeRetry->setSingleShot(true);
        connect(m_storeRetry, &QTimer::timeout, this, &CheckerWorker::retryStore);
        m_storeOk = openStore();
        if (!m_storeOk) {
            storeMessage =
                m_store->lastError() +
                QStringLiteral(" — checking goes on; results are kept in memory and saved when the "
                               "database can be opened (tried again in %1 s)")
                    .arg((m_storeRetryMs + 999) / 1000);
            emit storeProblem(storeMessage);
            scheduleStoreRetry();
        }
    }

    // The store first: it remembers the pace each service accepted last time (RememberedPace).
    EngineSettings servicesSettings = settings;
    if (m_storeOk)
        RememberedPace::recall(*m_store, servicesSettings);
    m_nam = new QNetworkAccessManager(this);
    m_services =
        new CheckerServices(servicesSettings, CheckerServices::Purpose::Checking, m_clock, m_nam, this);
    m_probes->setServices(m_services, settings, m_nam);
    m_locks = new LearnerLocks(this);
    connect(m_services->appwrite(), &AppwriteClient::familyChanged, this, &CheckerWorker::appwriteApiChanged);
    for (ServiceChannel *channel : {m_services->appwriteChannel(), m_services->graphyChannel()}) {
        connect(channel, &ServiceChannel::breakerStateChanged, this,
                [this, channel](CircuitBreaker::State state) {
                    emit serviceStateChanged(channel->settings().service, CircuitBreaker::stateName(state));
                });
    }

    m_ledger = new RunLedger(m_services->appwrite(), settings.runsCollection,
                             options.runHolder.isEmpty() ? RunLedger::defaultHolder() : options.runHolder,
                             m_clock, this);
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
            [this](RunTrigger trigger, const QDateTime &slot) { claimAndRun(trigger, slot); });
    connect(m_scheduler, &Scheduler::runNowRefused, this, &CheckerWorker::runRefused);
    connect(m_scheduler, &Scheduler::runSkipped, this, &CheckerWorker::noteSkippedSlot);
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

void CheckerWorker::noteSkippedSlot(const QDateTime &slot, const QString &reason)
{
    RunRecord skipped;
    skipped.trigger = RunTrigger::Schedule;
    skipped.state = RunState::Skipped;
    skipped.startedAt = m_clock->now();
    skipped.finishedAt = skipped.startedAt;
    skipped.endReason = reason;
    if (m_storeOk && !m_store->insertRun(skipped))
        storeFailed(m_store->lastError());
    emit runSkipped(slot, reason);
}

void CheckerWorker::claimAndRun(RunTrigger trigger, const QDateTime &slot)
{
    if (m_shuttingDown) {
        m_scheduler->notifyRunFinished();
        return;
    }
    m_claiming = true;
    m_ledger->claim(slot, [this, trigger, slot](const RunLedger::Claim &claim) {
        m_claiming = false;
        if (m_shuttingDown || m_scheduler->isHeld()) {
            // Held or quitting while the claim was on its way: the slot is not run here. A won row
            // says so rather than staying "running" for ever.
            if (claim.outcome == RunLedger::Claim::Outcome::Won) {
                RunRecord stopped;
                stopped.state = RunState::Partial;
                m_ledger->record(claim.rowId, stopped);
            }
            m_scheduler->notifyRunFinished();
            return;
        }
        switch (claim.outcome) {
        case RunLedger::Claim::Outcome::Taken:
            m_scheduler->notifyRunFinished(); // every runDue is answered, run or not
            noteSkippedSlot(slot, RunLedger::skipReason(slot, claim));
            return;
        case RunLedger::Claim::Outcome::Won:
            m_claimedRow = claim.rowId;
            break;
        case RunLedger::Claim::Outcome::Unavailable:
            // Availability over exclusivity: a ledger we cannot reach must not stop completions
            // being certified. Checks are idempotent, so a second machine running the slot too
            // costs Graphy requests, never a wrong or lost completion.
            m_claimProblem = ErrorEntry::fromServiceError(
                claim.error, m_clock->now(), 0, QString(),
                QStringLiteral("could not claim the slot in %1; it runs here anyway (another machine may "
                               "run it too)")
                    .arg(m_settings.runsCollection));
            m_claimProblem->operation = QStringLiteral("claimSlot");
            break;
        }
        startRun(trigger, 0);
    });
}

void CheckerWorker::runNow(RunTrigger trigger, int batchSize)
{
    if (m_claiming) {
        emit runRefused(QStringLiteral("a scheduled run is starting"));
        return;
    }
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

    auto *engine = new RunEngine(m_services->checkServices(), settings, m_locks, this);
    const QStringList stuck = stuckLearners();
    engine->setHeldBack(QSet<QString>(stuck.cbegin(), stuck.cend()));
    m_run = engine;
    connect(engine, &RunEngine::learnerChecked, m_batcher, &ResultBatcher::add);
    connect(engine, &RunEngine::runError, m_batcher, &ResultBatcher::addError);
    connect(engine, &RunEngine::finished, this, &CheckerWorker::onRunFinished);
    m_scheduler->notifyRunStarted();
    m_batcher->start();
    engine->start(run);
    emit runStarted(withPace(engine->record()));
    if (m_claimProblem) {
        m_claimProblem->runId = engine->record().id;
        m_batcher->addError(*m_claimProblem);
        m_claimProblem.reset();
    }
}

void CheckerWorker::storeFailed(const QString &what)
{
    // One report per failure, then checking goes on without the store: the service data is the
    // truth, the local database is history and cache. What is not written is kept (ResultBatcher)
    // and the store is tried again with a growing delay.
    if (!m_storeOk)
        return;
    m_storeOk = false;
    m_batcher->setStore(nullptr);
    emit storeProblem(what +
                      QStringLiteral(" — checking goes on; results are kept in memory and saved when the "
                                     "database works again (tried again in %1 s)")
                          .arg((m_storeRetryMs + 999) / 1000));
    scheduleStoreRetry();
}

bool CheckerWorker::openStore()
{
    if (!m_store->isOpen() && !m_store->open(m_databasePath))
        return false;
    m_store->setRetention(m_historyMaxDays, m_historyMaxRows);
    if (!m_storeEverOpened) {
        m_store->markInterruptedRuns(); // only the runs of earlier processes: none of ours is stored yet
        m_storeEverOpened = true;
    }
    m_batcher->setStore(m_store.get());
    return true;
}

void CheckerWorker::scheduleStoreRetry()
{
    if (m_storeRetry && !m_shuttingDown)
        m_storeRetry->start(static_cast<int>(m_storeRetryMs));
}

void CheckerWorker::retryStore()
{
    // A write is the test: a full disk opens fine and fails on the first insert.
    const bool ok = openStore() && m_store->setValue(QStringLiteral("store/lastWorkedAt"),
                                                     m_clock->now().toString(Qt::ISODateWithMs));
    if (!ok) {
        m_batcher->setStore(nullptr);
        m_storeRetryMs = std::min<qint64>(m_storeRetryMs * 2, 5 * 60 * 1000);
        scheduleStoreRetry();
        return;
    }
    m_storeOk = true;
    m_storeRetryMs = m_storeRetryBaseMs;
    m_batcher->flush(); // the backlog first
    if (m_storeOk)
        emit storeRecovered();
}

void CheckerWorker::onRunFinished(const RunRecord &finished)
{
    const RunRecord run = withPace(finished);
    m_batcher->flush();
    m_batcher->stop();
    // It listed every learner and no service stopped it: what ended earlier runs is over.
    if (run.state == RunState::Finished && !run.serviceUnavailable)
        m_batcher->resolveWholeRuns(run.finishedAt.isValid() ? run.finishedAt : m_clock->now());
    if (m_storeOk && !RememberedPace::remember(*m_services, m_settings, *m_store))
        storeFailed(m_store->lastError());
    if (m_storeOk && run.id > 0 && !m_store->updateRun(run))
        storeFailed(m_store->lastError());
    if (RunEngine *engine = m_run.data()) {
        m_run.clear();
        engine->deleteLater();
    }
    if (!m_claimedRow.isEmpty()) {
        // The figures go to the shared history; a failed write loses only that, so it is logged.
        m_ledger->record(m_claimedRow, run, [this, runId = run.id](const std::optional<ServiceError> &error) {
            if (error)
                m_batcher->addError(
                    ErrorEntry::fromServiceError(*error, m_clock->now(), runId, QString(),
                                                 QStringLiteral("the run's figures were not written to %1")
                                                     .arg(m_settings.runsCollection)));
        });
        m_claimedRow.clear();
    }
    m_scheduler->notifyRunFinished();
    emit runFinished(run);
    emit stuckLearnersChanged(stuckLearners());
}

RunRecord CheckerWorker::withPace(RunRecord run) const
{
    RememberedPace::describe(*m_services, run);
    return run;
}

QStringList CheckerWorker::stuckLearners()
{
    return m_storeOk ? m_store->learnersFailingInARow(kStuckAfterFailures) : QStringList();
}

void CheckerWorker::stopRun(const QString &reason)
{
    if (!m_run || !m_run->isRunning())
        return;
    m_run->requestStop(reason);
    // The run's in-flight requests end as aborted; their learners are not counted and keep their
    // place. An operator's manual check or health check going on beside it is not touched.
    m_services->abortOwnedBy(m_run);
}

void CheckerWorker::checkLearner(const QString &idOrEmail, bool dryRun, quint64 requestId,
                                 bool certifyNotEnrolled)
{
    if (!m_services) { // asked before configure(): say so instead of checking with nothing
        SingleCheckReport report;
        report.requestId = requestId;
        report.query = idOrEmail;
        report.dryRun = dryRun;
        report.error = QStringLiteral("the checker is not configured yet: set the services up in Settings");
        emit singleCheckFinished(report);
        return;
    }
    auto *check =
        new ManualCheck(m_services->checkServices(), m_settings, m_locks, requestId, idOrEmail, dryRun, this);
    check->setCertifyNotEnrolled(certifyNotEnrolled);
    connect(check, &ManualCheck::learnerChecked, m_batcher, &ResultBatcher::add);
    connect(check, &ManualCheck::finished, this, [this, check](const SingleCheckReport &report) {
        check->deleteLater();
        m_batcher->flush();
        emit singleCheckFinished(report);
    });
    check->start();
}

void CheckerWorker::checkHealth()
{
    m_probes->checkHealth();
}

void CheckerWorker::provisionSchema(bool dryRun)
{
    m_probes->runSchemaProvisioner(dryRun ? SchemaProvisionReport::Mode::DryRun
                                          : SchemaProvisionReport::Mode::Provision);
}

void CheckerWorker::verifySchema()
{
    m_probes->runSchemaProvisioner(SchemaProvisionReport::Mode::Verify);
}

void CheckerWorker::testConnection(const EngineSettings &settings)
{
    m_probes->testConnection(settings);
}

void CheckerWorker::loadState()
{
    if (!m_storeOk) {
        emit learnersLoaded({}, true);
        return;
    }
    // Chunks keep each queued signal small; the window fills in as they arrive.
    constexpr qsizetype kChunk = 5000;
    const QList<CheckedLearner> learners = m_store->checkedLearners();
    if (learners.isEmpty())
        emit learnersLoaded({}, true);
    for (qsizetype i = 0; i < learners.size(); i += kChunk)
        emit learnersLoaded(learners.mid(i, kChunk), i + kChunk >= learners.size());
    emit runsLoaded(m_store->recentRuns(500));
    emit errorsLoaded(m_store->errors(5000));
    emit stuckLearnersChanged(stuckLearners());
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
    if (m_services)
        m_services->abortAll();
    if (m_batcher) {
        m_batcher->flush();
        m_batcher->setStore(nullptr);
    }
    if (m_store)
        m_store->close();
    m_storeOk = false;
    emit shutDownComplete();
}

} // namespace cc
