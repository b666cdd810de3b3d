#include "CheckerController.h"

#include <QMetaObject>

namespace cc {

void CheckerController::registerMetaTypes()
{
    qRegisterMetaType<EngineSettings>();
    qRegisterMetaType<WorkerOptions>();
    qRegisterMetaType<RunRecord>();
    qRegisterMetaType<RunTrigger>();
    qRegisterMetaType<CheckResult>();
    qRegisterMetaType<QList<CheckResult>>();
    qRegisterMetaType<ErrorEntry>();
    qRegisterMetaType<QList<ErrorEntry>>();
    qRegisterMetaType<HealthReport>();
    qRegisterMetaType<SingleCheckReport>();
    qRegisterMetaType<LearnerRecord>();
    qRegisterMetaType<LearnerRow>();
    qRegisterMetaType<QList<LearnerRow>>();
    qRegisterMetaType<QList<RunRecord>>();
}

CheckerController::CheckerController(Clock *clock, QObject *parent)
    : QObject(parent), m_worker(new CheckerWorker(clock))
{
    registerMetaTypes();
    m_thread.setObjectName(QStringLiteral("checker"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

CheckerController::~CheckerController()
{
    shutdown();
}

void CheckerController::configure(const EngineSettings &settings, const WorkerOptions &options)
{
    QMetaObject::invokeMethod(m_worker, "configure", Qt::QueuedConnection,
                              Q_ARG(cc::EngineSettings, settings), Q_ARG(cc::WorkerOptions, options));
}

void CheckerController::startSchedule()
{
    QMetaObject::invokeMethod(m_worker, &CheckerWorker::startSchedule, Qt::QueuedConnection);
}
void CheckerController::pauseSchedule()
{
    QMetaObject::invokeMethod(m_worker, &CheckerWorker::pauseSchedule, Qt::QueuedConnection);
}
void CheckerController::resumeSchedule()
{
    QMetaObject::invokeMethod(m_worker, &CheckerWorker::resumeSchedule, Qt::QueuedConnection);
}
void CheckerController::holdSchedule(const QString &reason)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, reason] { w->holdSchedule(reason); }, Qt::QueuedConnection);
}
void CheckerController::releaseSchedule()
{
    QMetaObject::invokeMethod(m_worker, &CheckerWorker::releaseSchedule, Qt::QueuedConnection);
}
void CheckerController::checkHealth()
{
    QMetaObject::invokeMethod(m_worker, &CheckerWorker::checkHealth, Qt::QueuedConnection);
}

void CheckerController::loadState()
{
    QMetaObject::invokeMethod(m_worker, &CheckerWorker::loadState, Qt::QueuedConnection);
}
void CheckerController::clearErrors()
{
    QMetaObject::invokeMethod(m_worker, &CheckerWorker::clearErrors, Qt::QueuedConnection);
}

void CheckerController::testConnection(const EngineSettings &settings)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, settings] { w->testConnection(settings); }, Qt::QueuedConnection);
}

void CheckerController::runNow(RunTrigger trigger, int batchSize)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, trigger, batchSize] { w->runNow(trigger, batchSize); },
        Qt::QueuedConnection);
}

void CheckerController::stopRun(const QString &reason)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, reason] { w->stopRun(reason); }, Qt::QueuedConnection);
}

quint64 CheckerController::checkLearner(const QString &idOrEmail, bool dryRun)
{
    const quint64 id = m_nextRequestId++;
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, idOrEmail, dryRun, id] { w->checkLearner(idOrEmail, dryRun, id); },
        Qt::QueuedConnection);
    return id;
}

bool CheckerController::shutdown(int timeoutMs)
{
    if (m_shutDown)
        return true;
    m_shutDown = true;
    // shutdown() runs in the worker thread, then the thread's loop ends; the worker is deleted there.
    QMetaObject::invokeMethod(
        m_worker,
        [w = m_worker] {
            w->shutdown();
            QThread::currentThread()->quit();
        },
        Qt::QueuedConnection);
    const bool ended = m_thread.wait(QDeadlineTimer(timeoutMs));
    if (!ended) {
        qWarning("checker thread did not stop within %d ms; terminating it", timeoutMs);
        m_thread.terminate();
        m_thread.wait();
    }
    return ended;
}

} // namespace cc
