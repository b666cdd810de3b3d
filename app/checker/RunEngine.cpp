#include "RunEngine.h"

#include "EnrolledLearnerPager.h"
#include "LearnerLocks.h"
#include "base/Clock.h"
#include "net/AppwriteClient.h"

#include <QTimer>

namespace cc {

RunEngine::RunEngine(const LearnerCheck::Services &services, const EngineSettings &settings,
                     LearnerLocks *locks, QObject *parent)
    : QObject(parent), m_services(services), m_settings(settings), m_locks(locks),
      m_deadline(new QTimer(this))
{
    m_deadline->setSingleShot(true);
    connect(m_deadline, &QTimer::timeout, this, [this] {
        // Seconds, with decimals when needed ("300 s", "0.7 s"): integer division said "0 s" for sub-second
        // deadlines (tests, short manual runs).
        stopTaking(QStringLiteral("run deadline of %1 s reached; the rest is checked next run")
                       .arg(QString::number(double(m_settings.runDeadlineMs) / 1000.0, 'g', 6)),
                   RunState::Partial);
    });
    connect(m_locks, &LearnerLocks::released, this, &RunEngine::onLockReleased);
}

RunEngine::~RunEngine()
{
    for (LearnerCheck *check : std::as_const(m_checks))
        m_locks->unlock(check->learnerId());
}

void RunEngine::start(const RunRecord &run)
{
    Q_ASSERT(!m_running);
    m_run = run;
    m_run.state = RunState::Running;
    m_run.startedAt = m_services.clock->now();
    m_run.batchSize = m_settings.batchSize;
    if (m_services.graphy)
        m_services.graphy->reprobeV2(); // a degraded mode never outlives the run that met it
    m_running = true;
    m_accepting = true;
    m_endState = RunState::Finished;
    m_queue.clear();
    m_deferred.clear();
    m_heldBack.clear();
    m_visited.clear();
    m_deadline->start(static_cast<int>(std::min<qint64>(m_settings.runDeadlineMs, INT_MAX)));

    countTotal();
    m_pager = new EnrolledLearnerPager(m_services.appwrite, m_settings, m_run.startedAt, this);
    connect(m_pager, &EnrolledLearnerPager::learnersReady, this, &RunEngine::onLearnersReady);
    connect(m_pager, &EnrolledLearnerPager::failed, this, &RunEngine::onListingFailed);
    connect(m_pager, &EnrolledLearnerPager::finished, this, &RunEngine::pump);
    m_pager->start();
}

void RunEngine::countTotal()
{
    // For the progress bar only: Appwrite counts up to 5000.
    const LearnerAttributes &a = m_settings.attributes;
    m_services.appwrite->listDocuments(m_settings.learnersCollection,
                                       {AppwriteQuery::equal(a.status, m_settings.enrolledValue),
                                        AppwriteQuery::limit(1),
                                        AppwriteQuery::select({QStringLiteral("$id")})},
                                       this, [this](const Result<DocumentList> &r) {
                                           if (r.ok() && m_running)
                                               m_run.total = r.value().total;
                                       });
}

void RunEngine::onLearnersReady(const QList<LearnerRecord> &learners)
{
    for (const LearnerRecord &l : learners) {
        if (!m_visited.contains(l.id))
            m_queue.push_back(l);
    }
    pump();
}

void RunEngine::onListingFailed(const ServiceError &error)
{
    // The run's own errors count in its figures like a failed learner's, so the run's "errors", its
    // history row and the Errors tab agree.
    ++m_run.errors;
    emit runError(ErrorEntry::fromServiceError(
        error, m_services.clock->now(), m_run.id, QString(),
        QStringLiteral("listing enrolled learners failed; the next run starts over")));
    // What was listed before the failure is still checked; no further pages are asked for.
    const bool nothingListed = m_visited.isEmpty() && m_queue.empty();
    m_endState = nothingListed ? RunState::Failed : RunState::Partial;
    m_run.serviceUnavailable = error.isUnavailable();
    if (m_run.serviceUnavailable) {
        m_run.unavailableService = error.service;
        m_run.credentialsRefused = error.isAuthFailure();
    }
    m_run.endReason = QStringLiteral("could not list enrolled learners: %1").arg(error.toString());
    pump();
}

void RunEngine::pump()
{
    const bool listingDone = !m_pager || m_pager->isDone();
    if (m_accepting && listingDone && m_queue.empty() && !m_heldBack.isEmpty()) {
        for (LearnerRecord &l : m_heldBack)
            m_queue.push_back(std::move(l));
        m_heldBack.clear();
    }
    while (m_accepting && static_cast<int>(m_checks.size()) < m_settings.concurrency && !m_queue.empty()) {
        LearnerRecord learner = std::move(m_queue.front());
        m_queue.pop_front();
        if (m_visited.contains(learner.id))
            continue;
        if (!listingDone && m_holdBack.contains(learner.id)) {
            m_heldBack.append(learner);
            continue;
        }
        if (!m_locks->tryLock(learner.id)) {
            m_deferred.append(learner); // a manual check has it; take it when released
            continue;
        }
        m_visited.insert(learner.id);
        auto *check = new LearnerCheck(m_services, m_settings, learner, m_run.id, false, this);
        connect(check, &LearnerCheck::finished, this, &RunEngine::onCheckFinished);
        m_checks.insert(check);
        check->start();
    }
    if (m_accepting && m_pager && static_cast<int>(m_queue.size()) < m_settings.batchSize)
        m_pager->fetchMore();
    maybeFinish();
}

void RunEngine::onLockReleased(const QString &learnerId)
{
    for (qsizetype i = 0; i < m_deferred.size(); ++i) {
        if (m_deferred.at(i).id == learnerId) {
            m_queue.push_front(m_deferred.takeAt(i));
            QTimer::singleShot(0, this, &RunEngine::pump);
            return;
        }
    }
}

void RunEngine::onCheckFinished(LearnerCheck *check)
{
    m_checks.remove(check);
    m_locks->unlock(check->learnerId());
    check->deleteLater();
    if (check->interrupted()) {
        // Not the learner's fault and not a verdict: the service is paused or we are stopping.
        // The learner is not counted and keeps its place for the next run.
        if (m_accepting && !check->errors().isEmpty()) {
            const ErrorEntry &e = check->errors().constFirst();
            stopTaking(QStringLiteral("%1 is unavailable (circuit breaker open after repeated failures); "
                                      "run ended early, the rest is checked next run")
                           .arg(e.service),
                       RunState::Partial);
            m_run.serviceUnavailable = true;
            m_run.unavailableService = e.service;
            ++m_run.errors; // logged for the run, as in onListingFailed
            emit runError(e);
        }
        maybeFinish();
        return;
    }
    const CheckResult &result = check->result();
    ++m_run.processed;
    switch (result.outcome) {
    case LearnerOutcome::Completed:
        ++m_run.completed;
        break;
    case LearnerOutcome::AlreadyRecorded:
        ++m_run.alreadyRecorded;
        break;
    case LearnerOutcome::InProgress:
        ++m_run.inProgress;
        break;
    case LearnerOutcome::UnknownToGraphy:
    case LearnerOutcome::NotInCourse:
        ++m_run.notFound;
        break;
    case LearnerOutcome::Failed:
        ++m_run.errors;
        break;
    case LearnerOutcome::Skipped: // changed meanwhile: its next check decides
        break;
    }
    emit learnerChecked(check->checked(), check->errors());
    if (result.outcome == LearnerOutcome::Failed && !check->errors().isEmpty()) {
        const ErrorEntry &e = check->errors().constFirst();
        if (e.isConfigurationFailure()) {
            // Every further learner would fail the same way: stop instead of logging N copies.
            m_run.serviceUnavailable = true;
            m_run.unavailableService = e.service;
            m_run.credentialsRefused = e.isAuthFailure();
            stopTaking(
                e.isAuthFailure()
                    ? QStringLiteral("%1 refused the credentials (HTTP %2 %3); run stopped, fix the key and "
                                     "run again")
                          .arg(e.service)
                          .arg(e.httpStatus)
                          .arg(e.errorType)
                    : QStringLiteral("%1; run stopped, fix the settings and run again")
                          .arg(e.message.section(QStringLiteral(" — "), 0, 0)),
                RunState::Partial);
        }
    }
    pump();
}

void RunEngine::requestStop(const QString &reason)
{
    stopTaking(reason, RunState::Partial);
}

void RunEngine::stopTaking(const QString &reason, RunState state)
{
    if (!m_running || !m_accepting)
        return;
    m_accepting = false;
    m_endState = state;
    m_run.endReason = reason;
    if (m_pager)
        m_pager->stop();
    m_queue.clear();
    m_deferred.clear();
    m_heldBack.clear();
    maybeFinish();
}

void RunEngine::maybeFinish()
{
    if (!m_running || !m_checks.isEmpty())
        return;
    const bool listingDone = !m_pager || m_pager->isDone();
    if (m_accepting && (!listingDone || !m_queue.empty() || !m_deferred.isEmpty() || !m_heldBack.isEmpty()))
        return;
    m_running = false;
    m_accepting = false;
    m_deadline->stop();
    if (m_pager) {
        m_pager->stop();
        m_pager->deleteLater();
    }
    m_run.state = m_endState;
    m_run.finishedAt = m_services.clock->now();
    emit finished(m_run);
}

} // namespace cc
