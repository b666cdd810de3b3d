#pragma once

#include "CheckerWorker.h"

#include <QMetaObject>
#include <QObject>
#include <QThread>

namespace cc {

// Owns the checker thread and its worker, from the thread that created it (the GUI or the CLI).
// Every call is queued to the worker (call()); connect to worker()'s signals to hear back (they
// arrive queued in the receiver's thread). Never blocks on the network or the database.
class CheckerController : public QObject
{
    Q_OBJECT
public:
    explicit CheckerController(Clock *clock = nullptr, QObject *parent = nullptr);
    ~CheckerController() override;

    CheckerWorker *worker() const { return m_worker; }

    void configure(const EngineSettings &settings, const WorkerOptions &options);
    // Calls a slot of the worker in the checker thread, with copies of `args`; returns at once.
    // Hear back through worker()'s signals. E.g. call(&CheckerWorker::runNow, RunTrigger::Manual, 0).
    template <typename... Params, typename... Args>
    void call(void (CheckerWorker::*slot)(Params...), Args &&...args)
    {
        QMetaObject::invokeMethod(
            m_worker, [w = m_worker, slot, ... a = std::forward<Args>(args)] { (w->*slot)(a...); },
            Qt::QueuedConnection);
    }
    // A manual check; the answer (singleCheckFinished) carries the id returned here.
    // certifyNotEnrolled: the operator confirmed certifying learners who are not enrolled.
    quint64 checkLearner(const QString &idOrEmail, bool dryRun, bool certifyNotEnrolled = false);
    // Asks the worker to stop and waits for the thread to end, at most `timeoutMs`.
    bool shutdown(int timeoutMs = 5000);

    static void registerMetaTypes();
    // How much nicer than the process the checker thread runs on Linux (the GUI thread keeps the
    // process's own value; at most 19).
    static constexpr int kCheckerNiceness = 5;

private:
    QThread m_thread;
    CheckerWorker *m_worker;
    quint64 m_nextRequestId = 1;
    bool m_shutDown = false;
};

} // namespace cc
