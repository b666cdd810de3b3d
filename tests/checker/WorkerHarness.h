#pragma once
// CheckerController with the worker's signals collected in the test thread (they arrive queued).

#include "EngineRig.h"

#include "checker/CheckerController.h"

#include <QTest>
#include <optional>

namespace rig {

// The worker's signals, received in the test thread (queued).
struct Harness : QObject
{
    cc::CheckerController controller;
    bool configured = false;
    QList<cc::SingleCheckReport> singles;
    QList<cc::CheckResult> checks;
    QList<cc::RunRecord> runsFinished;
    QList<cc::HealthReport> health;
    QStringList refused;

    QStringList storeProblems;
    int storeRecoveries = 0;

    // No local database unless `databasePath` is given.
    explicit Harness(const cc::EngineSettings &settings, const QString &databasePath = QString(),
                     qint64 storeRetryMs = 5000)
    {
        cc::CheckerWorker *w = controller.worker();
        connect(w, &cc::CheckerWorker::configured, this, [this] { configured = true; });
        connect(w, &cc::CheckerWorker::singleCheckFinished, this,
                [this](const cc::SingleCheckReport &r) { singles << r; });
        connect(w, &cc::CheckerWorker::learnersChecked, this,
                [this](const QList<cc::CheckedLearner> &checked) {
                    for (const cc::CheckedLearner &c : checked)
                        checks << *c.latestCheck;
                });
        connect(w, &cc::CheckerWorker::runFinished, this,
                [this](const cc::RunRecord &r) { runsFinished << r; });
        connect(w, &cc::CheckerWorker::healthChecked, this,
                [this](const cc::HealthReport &r) { health << r; });
        connect(w, &cc::CheckerWorker::runRefused, this, [this](const QString &r) { refused << r; });
        connect(w, &cc::CheckerWorker::storeProblem, this, [this](const QString &m) { storeProblems << m; });
        connect(w, &cc::CheckerWorker::storeRecovered, this, [this] { ++storeRecoveries; });
        cc::WorkerOptions options; // schedule not started
        options.databasePath = databasePath;
        options.storeRetryMs = storeRetryMs;
        options.flushIntervalMs = 50;
        controller.configure(settings, options);
    }
    std::optional<cc::SingleCheckReport> waitSingle(quint64 requestId, int timeoutMs = 20000)
    {
        auto find = [&]() -> const cc::SingleCheckReport * {
            for (const auto &r : singles)
                if (r.requestId == requestId)
                    return &r;
            return nullptr;
        };
        (void)QTest::qWaitFor([&] { return find() != nullptr; }, timeoutMs);
        if (const auto *r = find())
            return *r;
        return std::nullopt;
    }
    // Asks the worker for a health check and waits for its report.
    std::optional<cc::HealthReport> checkHealth(int timeoutMs = 20000)
    {
        health.clear();
        controller.call(&cc::CheckerWorker::checkHealth);
        return waitHealth(timeoutMs);
    }
    std::optional<cc::HealthReport> waitHealth(int timeoutMs = 20000)
    {
        (void)QTest::qWaitFor([&] { return !health.isEmpty(); }, timeoutMs);
        return health.isEmpty() ? std::nullopt : std::optional(health.first());
    }
};

} // namespace rig
