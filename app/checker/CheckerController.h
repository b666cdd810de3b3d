#pragma once

#include "CheckerWorker.h"

#include <QObject>
#include <QThread>

namespace cc {

// Owns the checker thread and its worker, from the thread that created it (the GUI or the CLI).
// All calls are queued to the worker; connect to worker()'s signals to hear back (they arrive
// queued in the receiver's thread). Never blocks on the network or the database.
class CheckerController : public QObject
{
    Q_OBJECT
public:
    explicit CheckerController(Clock *clock = nullptr, QObject *parent = nullptr);
    ~CheckerController() override;

    CheckerWorker *worker() const { return m_worker; }

    void configure(const EngineSettings &settings, const WorkerOptions &options);
    void startSchedule();
    void pauseSchedule();
    void resumeSchedule();
    void runNow(RunTrigger trigger, int batchSize = 0);
    void stopRun(const QString &reason);
    quint64 checkLearner(const QString &idOrEmail, bool dryRun);
    void checkHealth();
    void testConnection(const EngineSettings &settings);
    void loadState();
    void clearErrors();
    void holdSchedule(const QString &reason);
    void releaseSchedule();
    // Asks the worker to stop and waits for the thread to end, at most `timeoutMs`.
    bool shutdown(int timeoutMs = 5000);

    static void registerMetaTypes();

private:
    QThread m_thread;
    CheckerWorker *m_worker;
    quint64 m_nextRequestId = 1;
    bool m_shutDown = false;
};

} // namespace cc
