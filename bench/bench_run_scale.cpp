// What a run costs the checker per 1 000 learners, and whether memory grows with the number of runs
// (issue 12; docs/ARCHITECTURE.md §11.6). The sandbox runs as its own process (completion-sandbox),
// so its CPU and memory do not count: getrusage(RUSAGE_SELF) and /proc/self/status here are the
// checker's alone (every thread: the engine's and Qt's HTTP thread). Each run is the real RunEngine
// through CheckerServices with the shipped settings (AppConfig{}: concurrency, rate = auto, batch
// size), no Graphy limit, no added latency; only the run deadline is lifted so that a large run is
// not cut short. Peak RSS is per run (VmHWM, reset before each run through /proc/self/clear_refs).
// Prints figures; asserts nothing about speed or size.
//
//   bench_run_scale [--small 10000] [--repeat 5] [--large 100000] [--smoke]
// Runs `repeat` runs of `small` learners, then one of `large`, then one more of `small`, all in
// this one process with fresh services and engine each time, as the app does.
// --smoke: a few hundred learners, start rate 200/s; fails (exit 1) only if a run does not check
// every enrolled learner.
#include "EngineBenchKit.h"
#include "checker/EngineConfiguration.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <cstdio>
#include <sys/resource.h>

using namespace cc;

namespace {
double cpuSeconds()
{
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

// A field of /proc/self/status in KiB ("VmRSS", "VmHWM").
qint64 statusKiB(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(field) && line.size() > int(qstrlen(field)) && line[int(qstrlen(field))] == ':')
            return line.mid(int(qstrlen(field)) + 1).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

// Resets VmHWM to the current RSS (Linux ≥ 4.0), so each run's peak is its own.
bool resetPeak()
{
    QFile clear(QStringLiteral("/proc/self/clear_refs"));
    return clear.open(QIODevice::WriteOnly) && clear.write("5") == 1;
}

// Starts completion-sandbox and returns its port, 0 on failure.
quint16 startSandbox(QProcess &process)
{
    process.setProgram(QStringLiteral(CC_SANDBOX_EXE));
    process.setArguments(
        {QStringLiteral("--learners"), QStringLiteral("10"), QStringLiteral("--port"), QStringLiteral("0")});
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process.start();
    if (!process.waitForStarted(10000))
        return 0;
    QByteArray out;
    static const QRegularExpression ready(QStringLiteral("SANDBOX_READY port=(\\d+)"));
    while (process.waitForReadyRead(20000)) {
        out += process.readAllStandardOutput();
        const QRegularExpressionMatch m = ready.match(QString::fromUtf8(out));
        if (m.hasMatch())
            return quint16(m.captured(1).toUInt());
    }
    return 0;
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int small = 10000, repeat = 5, large = 100000;
    bool smoke = false;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        const int value = i + 1 < args.size() ? args[i + 1].toInt() : 0;
        if (args[i] == QLatin1String("--smoke")) {
            smoke = true;
            small = 150;
            repeat = 1;
            large = 300;
        } else if (args[i] == QLatin1String("--small") && ++i) {
            small = value;
        } else if (args[i] == QLatin1String("--repeat") && ++i) {
            repeat = value;
        } else if (args[i] == QLatin1String("--large") && ++i) {
            large = value;
        }
    }

    QProcess sandboxProcess;
    const quint16 port = startSandbox(sandboxProcess);
    if (!port) {
        std::fprintf(stderr, "completion-sandbox did not start (%s)\n", CC_SANDBOX_EXE);
        return 1;
    }
    benchkit::SandboxControl control(QUrl(QStringLiteral("http://127.0.0.1:%1/_sandbox").arg(port)));
    EngineSettings settings = EngineConfiguration::engineSettings(benchkit::shippedConfig(port));
    settings.runDeadlineMs = 6 * 3600 * 1000; // a large run is measured whole, not cut at 5 min
    if (smoke) // seconds, not the climb from 5/s: the smoke run proves the runs work, not their cost
        settings.graphyStartRate = settings.appwriteStartRate = 200;

    QList<int> runs;
    for (int i = 0; i < repeat; ++i)
        runs << small;
    runs << large << small;

    std::printf("checker process only (sandbox is pid %lld); concurrency %d, rate auto, batch %d, "
                "no limit, no added latency\n",
                qint64(sandboxProcess.processId()), settings.concurrency, settings.batchSize);
    std::printf("%-4s %8s %8s %10s %8s %12s %10s %10s %14s %10s\n", "run", "learners", "seconds",
                "learners/s", "CPU s", "CPU ms/1000", "RSS before", "peak RSS", "peak-before", "RSS after");
    std::printf("%-4s %8s %8s %10s %8s %12s %10s %10s %14s %10s\n", "", "", "", "", "", "", "MiB", "MiB",
                "KiB/1000", "MiB");
    const qint64 startRss = statusKiB("VmRSS");
    bool ok = true;
    int n = 0;
    for (int learners : runs) {
        ++n;
        const int enrolled = control.reset(learners);
        if (enrolled < 0) {
            std::fprintf(stderr, "sandbox reset failed\n");
            return 1;
        }
        const qint64 before = statusKiB("VmRSS");
        const bool peakIsRun = resetPeak();
        const double cpu0 = cpuSeconds();
        const benchkit::RunFigures run = benchkit::runEngine(settings);
        const double cpu = cpuSeconds() - cpu0;
        const qint64 peak = statusKiB("VmHWM");
        QCoreApplication::processEvents(); // deferred deletes of the run's objects
        const qint64 after = statusKiB("VmRSS");
        const int processed = run.record.processed;
        if (processed != enrolled || run.record.state != RunState::Finished) {
            ok = false;
            std::fprintf(stderr, "run %d: checked %d of %d enrolled (%s)\n", n, processed, enrolled,
                         qPrintable(run.record.endReason));
        }
        const double per1000 = 1000.0 / std::max(1, processed);
        std::printf("%-4d %8d %8.1f %10.1f %8.2f %12.1f %10.1f %10.1f%s %14.0f %10.1f\n", n, processed,
                    run.seconds, processed / run.seconds, cpu, cpu * 1000 * per1000, before / 1024.0,
                    peak / 1024.0, peakIsRun ? "" : "*", (peak - before) * per1000, after / 1024.0);
        std::fflush(stdout);
    }
    std::printf("RSS at start (sandbox not in this process): %.1f MiB%s\n", startRss / 1024.0,
                resetPeak() ? "" : "; * peak is the process's, clear_refs refused");
    sandboxProcess.terminate();
    sandboxProcess.waitForFinished(5000);
    return ok ? 0 : 1;
}
