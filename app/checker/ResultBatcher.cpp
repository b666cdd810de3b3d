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
}

void ResultBatcher::addError(const ErrorEntry &error)
{
    m_errors.append(error);
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
    if (m_store) {
        if (!m_store->recordCheckedLearners(checked) || (!errors.isEmpty() && !m_store->recordErrors(errors)))
            emit storeFailed(m_store->lastError());
    }
    if (!checked.isEmpty())
        emit learnersChecked(checked);
    if (!errors.isEmpty())
        emit errorsLogged(errors);
    if (!checked.isEmpty())
        emit checksFlushed();
}

} // namespace cc
