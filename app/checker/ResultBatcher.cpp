#include "ResultBatcher.h"

#include "store/LocalStore.h"

#include <QTimer>

namespace cc {

ResultBatcher::ResultBatcher(qint64 intervalMs, QObject *parent) : QObject(parent), m_timer(new QTimer(this))
{
    m_timer->setInterval(static_cast<int>(intervalMs));
    connect(m_timer, &QTimer::timeout, this, &ResultBatcher::flush);
}

void ResultBatcher::add(const CheckedLearner &checked, const QList<ErrorEntry> &errors)
{
    m_checked.append(checked);
    m_errors.append(errors);
    if (!checked.latestCheck || checked.latestCheck->dryRun)
        return;
    // The learner's latest check decides: one that went through resolves its earlier errors, a
    // later failure in the same batch takes that back.
    const CheckResult &check = *checked.latestCheck;
    if (check.outcome == LearnerOutcome::Failed) {
        m_resolution.learnerIds.remove(check.learnerId);
        return;
    }
    m_resolution.learnerIds.insert(check.learnerId);
    if (!m_resolution.at.isValid() || check.checkedAt > m_resolution.at)
        m_resolution.at = check.checkedAt;
}

void ResultBatcher::addError(const ErrorEntry &error)
{
    m_errors.append(error);
    flush();
}

void ResultBatcher::resolveWholeRuns(const QDateTime &at)
{
    m_resolution.wholeRuns = true;
    if (!m_resolution.at.isValid() || at > m_resolution.at)
        m_resolution.at = at;
    flush();
}

void ResultBatcher::start()
{
    m_timer->start();
}

void ResultBatcher::stop()
{
    m_timer->stop();
}

void ResultBatcher::flush()
{
    // Taken first: a listener may add more (a manual check finishing) before this returns.
    const QList<CheckedLearner> checked = std::exchange(m_checked, {});
    const QList<ErrorEntry> errors = std::exchange(m_errors, {});
    const ErrorResolution resolution = std::exchange(m_resolution, {});
    if (m_keepBacklog || m_store) {
        m_unsavedChecked += checked;
        m_unsavedErrors += errors;
    }
    if (m_store) {
        // Each kind in its own transaction: a kind written is never written again.
        bool ok = true;
        if (!m_unsavedChecked.isEmpty() && (ok = m_store->recordCheckedLearners(m_unsavedChecked)))
            m_unsavedChecked.clear();
        if (ok && !m_unsavedErrors.isEmpty() && (ok = m_store->recordErrors(m_unsavedErrors)))
            m_unsavedErrors.clear();
        // Not kept when it fails: the errors stay open in the store until the next success.
        if (ok && !resolution.isEmpty())
            ok = m_store->resolveErrors(resolution);
        if (!ok)
            emit storeFailed(m_store->lastError());
    }
    // Bounded: a store that stays broken for days costs memory, not the process.
    if (m_unsavedChecked.size() > kBacklogLimit)
        m_unsavedChecked.remove(0, m_unsavedChecked.size() - kBacklogLimit);
    if (m_unsavedErrors.size() > kBacklogLimit)
        m_unsavedErrors.remove(0, m_unsavedErrors.size() - kBacklogLimit);
    if (!checked.isEmpty())
        emit learnersChecked(checked);
    if (!errors.isEmpty())
        emit errorsLogged(errors);
    if (!resolution.isEmpty())
        emit errorsResolved(resolution);
    if (!checked.isEmpty())
        emit checksFlushed();
}

} // namespace cc
