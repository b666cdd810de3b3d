#include "CheckerController.h"

#include <QMetaObject>

#ifdef Q_OS_LINUX
#include <algorithm>
#include <cerrno>
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace cc {

void CheckerController::registerMetaTypes()
{
    qRegisterMetaType<EngineSettings>();
    qRegisterMetaType<WorkerOptions>();
    qRegisterMetaType<RunRecord>();
    qRegisterMetaType<RunTrigger>();
    qRegisterMetaType<CheckResult>();
    qRegisterMetaType<ErrorEntry>();
    qRegisterMetaType<QList<ErrorEntry>>();
    qRegisterMetaType<ErrorResolution>();
    qRegisterMetaType<HealthReport>();
    qRegisterMetaType<SingleCheckReport>();
    qRegisterMetaType<SchemaProvisionReport>();
    qRegisterMetaType<CheckedLearner>();
    qRegisterMetaType<QList<CheckedLearner>>();
    qRegisterMetaType<QList<RunRecord>>();
}

CheckerController::CheckerController(Clock *clock, QObject *parent)
    : QObject(parent), m_worker(new CheckerWorker(clock))
{
    registerMetaTypes();
    m_thread.setObjectName(QStringLiteral("checker"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    // The window must stay smooth while a run works: when CPU is short, the checker waits, not the
    // GUI (a run is bound by the services' pace anyway). QThread's priorities do nothing under
    // Linux's default scheduler; a thread's own nice value does.
    connect(
        &m_thread, &QThread::started, m_worker,
        [] {
#ifdef Q_OS_LINUX
            const auto self = static_cast<id_t>(gettid());
            errno = 0;
            const int inherited = getpriority(PRIO_PROCESS, self); // -1 is a valid value
            if (errno == 0)
                (void)setpriority(PRIO_PROCESS, self, std::min(19, inherited + kCheckerNiceness));
#endif
        },
        Qt::DirectConnection);
    m_thread.start(QThread::LowPriority);
}

CheckerController::~CheckerController()
{
    shutdown();
}

void CheckerController::configure(const EngineSettings &settings, const WorkerOptions &options)
{
    call(&CheckerWorker::configure, settings, options);
}

quint64 CheckerController::checkLearner(const QString &idOrEmail, bool dryRun, bool certifyNotEnrolled)
{
    const quint64 id = m_nextRequestId++;
    call(&CheckerWorker::checkLearner, idOrEmail, dryRun, id, certifyNotEnrolled);
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
