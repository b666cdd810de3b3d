// What the app costs while idle between runs (docs/ARCHITECTURE.md §11.6: near-zero CPU while idle; no
// polling loops, coarse single-shot timers only). Two phases in this one process, each over the same
// wall-clock window: (1) baseline, an event loop with nothing in it (the floor); (2) checker idle, a sandbox
// and a CheckerController configured the way `completion-checker --sandbox` configures its
// checker (ConfigLoader -> EngineConfiguration), state loaded, schedule started (daily, at an hour
// 12 h away, so no slot fires in the window), after one run has finished. The sandbox runs in a
// thread of this process, so its idle cost is part of phase 2. Prints figures; asserts nothing.
// Voluntary context switches (getrusage, all threads) stand in for wake-ups. The whole desktop
// app idle in a tray (phase 3) is measured by bench/idle_cpu_desktop.sh.
//
//   bench_idle_cpu [--seconds 20]
#include "SandboxHost.h"
#include "checker/CheckerController.h"
#include "checker/EngineConfiguration.h"
#include "config/ConfigLoader.h"
#include "front/SandboxConnection.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QMap>
#include <QTemporaryDir>
#include <QTimer>
#include <cstdio>
#include <sys/resource.h>

using namespace cc;

namespace {
// Voluntary context switches of each thread of this process, summed by thread name.
QMap<QString, long> threadSwitches()
{
    QMap<QString, long> out;
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString &tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm(tasks.filePath(tid + QStringLiteral("/comm")));
        QFile status(tasks.filePath(tid + QStringLiteral("/status")));
        if (!comm.open(QIODevice::ReadOnly) || !status.open(QIODevice::ReadOnly))
            continue;
        const QString name = QString::fromUtf8(comm.readAll()).trimmed();
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("voluntary_ctxt_switches:"))
                out[name] += line.mid(line.indexOf(':') + 1).trimmed().toLong();
        }
    }
    return out;
}

// CPU time (user + system) and voluntary context switches of the whole process, all threads.
rusage processUsage()
{
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return ru;
}

double cpuMs(const rusage &ru)
{
    return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000.0 +
           (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000.0;
}

struct Phase
{
    const char *name;
    const char *key; // in the JSON line
    double wallMs = 0;
    double cpuMs = 0;
    long wakeups = 0;
    QMap<QString, long> byThread;
    double cpuPercent() const { return 100.0 * cpuMs / wallMs; }
    double wakeupsPerMinute() const { return wakeups * 60000.0 / wallMs; }
};

// Spins this thread's event loop for `seconds` of wall-clock time; nothing else is queued here.
// The /proc reads happen outside the window: before it starts and after it ends.
Phase idleFor(const char *name, const char *key, int seconds)
{
    QEventLoop loop;
    QTimer::singleShot(seconds * 1000, Qt::PreciseTimer, &loop, &QEventLoop::quit);
    const QMap<QString, long> threadsBefore = threadSwitches();
    const rusage before = processUsage();
    QElapsedTimer wall;
    wall.start();
    loop.exec();
    const double wallMs = double(wall.nsecsElapsed()) / 1e6;
    const rusage after = processUsage();
    Phase p{name, key, wallMs, cpuMs(after) - cpuMs(before), after.ru_nvcsw - before.ru_nvcsw, {}};
    const QMap<QString, long> threadsAfter = threadSwitches();
    for (auto it = threadsAfter.cbegin(); it != threadsAfter.cend(); ++it)
        p.byThread[it.key()] = it.value() - threadsBefore.value(it.key());
    return p;
}

// The app's own sandbox overrides (front/main.cpp), plus a data dir and a schedule that stays quiet.
AppConfig sandboxConfig(const sandbox::SandboxHost &host, const QString &dataDir)
{
    ConfigLoader loader(QProcessEnvironment{}, nullptr);
    loader.setOverrides(SandboxConnection::overrides(host));
    loader.setOverride(ConfigKey::DataDir, dataDir);
    const int hour = (QTime::currentTime().hour() + 12) % 24;
    loader.setOverride(ConfigKey::Schedule, QStringLiteral("0 %1 * * *").arg(hour));
    return loader.load();
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const qsizetype at = args.indexOf(QStringLiteral("--seconds"));
    const int seconds = at > 0 && at + 1 < args.size() ? args.at(at + 1).toInt() : 20;
    if (seconds < 1) {
        std::fprintf(stderr, "usage: bench_idle_cpu [--seconds N]  (N >= 1)\n");
        return 2;
    }

    std::printf("window=%d s per phase; CPU%% is of one core; wake-ups = voluntary context switches\n",
                seconds);
    std::fflush(stdout);
    const Phase baseline = idleFor("baseline (empty event loop)", "baseline", seconds);

    sandbox::SandboxHost host;
    QString error;
    if (!host.start(sandbox::SandboxOptions{}, &error)) {
        std::fprintf(stderr, "sandbox: %s\n", qPrintable(error));
        return 1;
    }
    QTemporaryDir dataDir;
    const AppConfig config = sandboxConfig(host, dataDir.path());
    if (const QList<ConfigError> problems = config.validate(); !problems.isEmpty()) {
        std::fprintf(stderr, "config: %s\n", qPrintable(problems.first().message));
        return 1;
    }
    CheckerController controller;
    QEventLoop untilRunEnds;
    RunRecord firstRun;
    QObject::connect(controller.worker(), &CheckerWorker::runFinished, &untilRunEnds,
                     [&](const RunRecord &r) {
                         firstRun = r;
                         untilRunEnds.quit();
                     });
    controller.configure(EngineConfiguration::engineSettings(config),
                         EngineConfiguration::workerOptions(config));
    controller.call(&CheckerWorker::loadState);
    controller.call(&CheckerWorker::startSchedule);
    controller.call(&CheckerWorker::runNow, RunTrigger::Manual, 0);
    QTimer guard; // stopped before the window, so it cannot wake the idle loop
    guard.setSingleShot(true);
    QObject::connect(&guard, &QTimer::timeout, &untilRunEnds, [&] { untilRunEnds.exit(1); });
    guard.start(120 * 1000);
    if (untilRunEnds.exec() != 0) {
        std::fprintf(stderr, "the first run did not finish within 120 s\n");
        return 1;
    }
    guard.stop();
    std::printf("first run: %d learners processed, %d completed; schedule \"%s\"; settling 2 s\n",
                firstRun.processed, firstRun.completed, qPrintable(config.schedule));
    std::fflush(stdout);
    idleFor("settle", "settle", 2); // the run's tail (store writes, deferred deletes) is not idle time
    const Phase checker = idleFor("checker idle (+ sandbox thread)", "checker_idle", seconds);
    controller.shutdown();
    host.stop();

    std::printf("%-32s %10s %10s %8s %12s %10s\n", "phase", "wall ms", "CPU ms", "CPU %", "wake-ups",
                "per min");
    for (const Phase &p : {baseline, checker})
        std::printf("%-32s %10.0f %10.1f %8.3f %12ld %10.1f\n", p.name, p.wallMs, p.cpuMs, p.cpuPercent(),
                    p.wakeups, p.wakeupsPerMinute());
    std::printf("(checker idle includes the sandbox, which runs in a thread of this process; each window\n"
                " counts 1 wake-up of its own, the timer that ends it; the scheduler re-reads the clock\n"
                " once a minute at most, so it may or may not fall in a short window)\n");
    std::printf("wake-ups by thread during checker idle:");
    for (auto it = checker.byThread.cbegin(); it != checker.byThread.cend(); ++it)
        std::printf(" %s=%ld", qPrintable(it.key()), it.value());
    std::printf("\n");
    std::printf("{\"bench\":\"idle_cpu\",\"seconds\":%d,\"sandbox_in_process\":true", seconds);
    for (const Phase &p : {baseline, checker})
        std::printf(",\"%s\":{\"wall_ms\":%.0f,\"cpu_ms\":%.1f,\"cpu_percent\":%.3f,\"wakeups\":%ld,"
                    "\"wakeups_per_min\":%.1f}",
                    p.key, p.wallMs, p.cpuMs, p.cpuPercent(), p.wakeups, p.wakeupsPerMinute());
    std::printf("}\n");
    return 0;
}
