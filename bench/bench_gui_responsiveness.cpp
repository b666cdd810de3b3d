// The GUI during a big run (issue 12, "GUI responsiveness"): the real desktop front (DesktopApp:
// MainWindow, DesktopSession, CheckerController, wired as `completion-checker` wires them), open
// on the learners table, pointed at an in-process sandbox (its own thread) with 100 000 learners,
// no Graphy limit and a small latency, while one run over all of them proceeds. A precise 5 ms
// timer in the GUI thread measures how late the event loop answers (lateness = observed interval
// - 5 ms) over the whole run. Then, over the 100 000 rows the run left: typing a word into the
// learners filter key by key (QTest::keyClick), and sorting by each column (a header click).
// Each step is timed until the event loop is idle. Prints figures; asserts nothing.
//
//   bench_gui_responsiveness [--learners N] [--concurrency C] [--graphy-latency MS]
//                            [--appwrite-latency MS] [--word TEXT] [--max-seconds S]
//   bench_gui_responsiveness --fill-store DIR [--learners N]   (start-up bench: a cached store)
//
// Run it under `xvfb-run -a` (a real X server) or with QT_QPA_PLATFORM=offscreen.
#include "SandboxHost.h"
#include "base/RunRecord.h"
#include "checker/CheckerController.h"
#include "checker/CheckerWorker.h"
#include "config/ConfigLoader.h"
#include "front/CommandLine.h"
#include "front/DesktopApp.h"
#include "front/SandboxConnection.h"
#include "models/LearnerFilterProxy.h"
#include "models/LearnerTableModel.h"
#include "store/LocalStore.h"
#include "ui/LearnersPanel.h"
#include "ui/MainWindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QLineEdit>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <functional>
#include <time.h>

using namespace cc;

namespace {

QString option(const QStringList &args, const QString &name, const QString &fallback)
{
    const qsizetype at = args.indexOf(name);
    return at > 0 && at + 1 < args.size() ? args.at(at + 1) : fallback;
}

double percentile(const QList<double> &sorted, double q)
{
    return sorted.isEmpty() ? 0.0
                            : sorted.at(std::min<qsizetype>(sorted.size() - 1, qsizetype(q * sorted.size())));
}

// How late a 5 ms precise timer in this thread fires: each tick's observed interval - 5 ms.
class LatenessProbe : public QObject
{
public:
    static constexpr int kIntervalMs = 5;
    void start()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(kIntervalMs);
        connect(&m_timer, &QTimer::timeout, this, [this] { tick(); });
        m_clock.start();
        m_last = 0;
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    double elapsedMs() const { return m_clock.nsecsElapsed() / 1e6; }
    void print() const
    {
        QList<double> s = m_late;
        std::sort(s.begin(), s.end());
        int over16 = 0, over50 = 0;
        double stalled16 = 0;
        for (double v : s) {
            over16 += v > 16 ? 1 : 0;
            over50 += v > 50 ? 1 : 0;
            stalled16 += v > 16 ? v : 0;
        }
        std::printf("event-loop lateness (%d ms precise timer, %lld ticks over %.1f s)\n", kIntervalMs,
                    static_cast<long long>(s.size()), elapsedMs() / 1000);
        std::printf("  p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  worst %.2f ms\n", percentile(s, 0.5),
                    percentile(s, 0.9), percentile(s, 0.99), percentile(s, 0.999),
                    s.isEmpty() ? 0 : s.last());
        std::printf(
            "  ticks late > 16 ms: %d (%.1f ms late in all); > 50 ms: %d   [target p99 < 16, worst < 50]\n",
            over16, stalled16, over50);
        std::printf("  of the ticks late > 16 ms, %d had the GUI thread running most of the interval (busy), "
                    "%lld not (waiting for a CPU: other threads, other processes)\n",
                    m_busyStalls, static_cast<long long>(m_stalls.size()) - m_busyStalls);
        QList<std::pair<double, double>> worst = m_stalls;
        std::sort(worst.begin(), worst.end(), [](auto a, auto b) { return a.second > b.second; });
        std::printf("  worst stalls (s into the run: ms late):");
        for (qsizetype i = 0; i < std::min<qsizetype>(worst.size(), 12); ++i)
            std::printf(" %.1f:%.0f", worst.at(i).first / 1000, worst.at(i).second);
        std::printf("\n");
    }

private:
    // CPU time of this (the GUI) thread, ms.
    static double threadCpuMs()
    {
        timespec t{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
        return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
    }
    void tick()
    {
        const qint64 now = m_clock.nsecsElapsed();
        const double cpu = threadCpuMs();
        const double late = std::max(0.0, (now - m_last) / 1e6 - kIntervalMs);
        m_last = now;
        m_late.append(late);
        if (late > 16) {
            m_stalls.append({now / 1e6, late});
            // Busy: the GUI thread ran for most of the late interval; else it waited for a CPU.
            m_busyStalls += cpu - m_lastCpu > (late + kIntervalMs) / 2 ? 1 : 0;
        }
        m_lastCpu = cpu;
    }
    int m_busyStalls = 0;
    double m_lastCpu = threadCpuMs();
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    QList<double> m_late;
    QList<std::pair<double, double>> m_stalls; // (ms since start, ms late) of ticks late > 16 ms
};

// Until the event loop has nothing left to do: posted events, 0 ms timers (the view's delayed
// layout), paints.
void drain()
{
    for (int i = 0; i < 3; ++i)
        QCoreApplication::processEvents(QEventLoop::AllEvents);
}

double drainedMs(const std::function<void()> &step)
{
    QElapsedTimer t;
    t.start();
    step();
    drain();
    return t.nsecsElapsed() / 1e6;
}

void waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
}

// The cached learners of a store, as the app keeps them after a run: learner plus latest check.
int fillStore(const QString &dir, int count)
{
    static const char *const first[] = {"Asha", "Ravi", "Meera", "Arjun", "Priya", "Kiran", "Neha", "Vikram"};
    static const char *const last[] = {"Rao", "Sharma", "Iyer", "Patel", "Khan", "Singh", "Gupta"};
    LocalStore store;
    if (!store.open(LocalStore::pathIn(dir))) {
        std::fprintf(stderr, "%s\n", qPrintable(store.lastError()));
        return 1;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QElapsedTimer t;
    t.start();
    for (int start = 0; start < count; start += 1000) {
        QList<CheckedLearner> batch;
        for (int i = start; i < std::min(count, start + 1000); ++i) {
            CheckedLearner row;
            row.learner.id = QStringLiteral("learner-%1").arg(i);
            row.learner.name =
                QStringLiteral("%1 %2").arg(QLatin1String(first[i % 8]), QLatin1String(last[i % 7]));
            row.learner.email = QStringLiteral("l%1@example.com").arg(i);
            row.learner.courseId = QStringLiteral("course-%1").arg(i % 9);
            row.learner.status = QStringLiteral("enrolled");
            row.learner.updatedAt = now;
            CheckResult c;
            c.learnerId = row.learner.id;
            c.email = row.learner.email;
            c.courseId = row.learner.courseId;
            c.outcome = LearnerOutcome::InProgress;
            c.progress = i % 100;
            c.checkedAt = now.addMSecs(-i);
            row.latestCheck = c;
            batch.append(row);
        }
        if (!store.recordCheckedLearners(batch)) {
            std::fprintf(stderr, "%s\n", qPrintable(store.lastError()));
            return 1;
        }
    }
    std::printf("filled %s with %d learners (with a latest check each) in %.1f s\n",
                qPrintable(store.filePath()), store.learnerCount(), t.elapsed() / 1000.0);
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    const int learners = option(args, QStringLiteral("--learners"), QStringLiteral("100000")).toInt();
    if (args.contains(QStringLiteral("--fill-store"))) {
        QCoreApplication core(argc, argv);
        return fillStore(option(args, QStringLiteral("--fill-store"), {}), learners);
    }
    QApplication app(argc, argv);
    const QString concurrency = option(args, QStringLiteral("--concurrency"), QStringLiteral("4"));
    const int graphyLatency = option(args, QStringLiteral("--graphy-latency"), QStringLiteral("5")).toInt();
    const int appwriteLatency =
        option(args, QStringLiteral("--appwrite-latency"), QStringLiteral("1")).toInt();
    const QString word = option(args, QStringLiteral("--word"), QStringLiteral("meera iyer"));
    const int maxSeconds = option(args, QStringLiteral("--max-seconds"), QStringLiteral("1800")).toInt();

    // The sandbox: N learners, no Graphy limit, a small latency on every request.
    QElapsedTimer seeding;
    seeding.start();
    sandbox::SandboxOptions options;
    options.learners = learners;
    for (const auto &[api, ms] : {std::pair{QStringLiteral("graphy"), graphyLatency},
                                  std::pair{QStringLiteral("appwrite"), appwriteLatency}}) {
        if (ms <= 0)
            continue;
        sandbox::FaultRule latency;
        latency.api = api;
        latency.kind = QStringLiteral("latency");
        latency.latencyMs = ms;
        options.faults.append(latency);
    }
    sandbox::SandboxHost host;
    QString error;
    if (!host.start(options, &error)) {
        std::fprintf(stderr, "sandbox: %s\n", qPrintable(error));
        return 1;
    }
    std::printf("platform %s; sandbox: %d learners, Graphy latency %d ms, Appwrite %d ms, no Graphy limit "
                "(seeded in %.1f s)\n",
                qPrintable(QGuiApplication::platformName()), learners, graphyLatency, appwriteLatency,
                seeding.elapsed() / 1000.0);

    // The app's configuration for a sandbox, with the shipped rate limits (auto) and concurrency
    // unless told otherwise, a deadline that lets the whole run finish, and a quiet schedule.
    QTemporaryDir dataDir;
    ConfigLoader loader(QProcessEnvironment{}, nullptr);
    loader.setOverrides(SandboxConnection::overrides(host));
    loader.setOverride(ConfigKey::GraphyRateLimit, QStringLiteral("auto"));
    loader.setOverride(ConfigKey::AppwriteRateLimit, QStringLiteral("auto"));
    loader.setOverride(ConfigKey::Concurrency, concurrency);
    loader.setOverride(ConfigKey::RunDeadlineSeconds, QStringLiteral("86400"));
    loader.setOverride(ConfigKey::DataDir, dataDir.path());
    loader.setOverride(ConfigKey::NotificationsEnabled, QStringLiteral("false"));
    loader.setOverride(ConfigKey::Schedule,
                       QStringLiteral("0 %1 * * *").arg((QTime::currentTime().hour() + 12) % 24));
    const AppConfig config = loader.load();
    if (const QList<ConfigError> problems = config.validate(); !problems.isEmpty()) {
        std::fprintf(stderr, "config: %s\n", qPrintable(problems.first().message));
        return 1;
    }

    // The desktop front as main.cpp builds it (without the single-instance lock).
    DesktopApp desktop(CommandLineRequest{}, config, nullptr);
    desktop.start();
    MainWindow *window = desktop.window();
    if (!window) {
        std::fprintf(stderr, "the desktop app did not open its window\n");
        return 1;
    }
    window->resize(1280, 800);
    window->showTab(MainWindow::Tab::Learners);
    window->show();
    if (!QTest::qWaitForWindowExposed(window))
        std::fprintf(stderr, "warning: the window was not exposed\n");
    QTest::qWait(500); // the (empty) store loaded, the first health check answered
    LearnersPanel *panel = window->learnersPanel();
    const CheckerWorker *worker = desktop.controller()->worker();

    // GUI-thread time inside each batch the model applies (model + proxy + view bookkeeping; the
    // view's deferred layout and paint come later and only show in the lateness).
    QList<double> batchMs;
    QElapsedTimer batchClock;
    QObject::connect(panel->model(), &LearnerTableModel::changesAboutToBeApplied, panel,
                     [&] { batchClock.start(); });
    QObject::connect(panel->model(), &LearnerTableModel::changesApplied, panel,
                     [&] { batchMs.append(batchClock.nsecsElapsed() / 1e6); });

    // 1. One run over all learners, the lateness probe running throughout.
    RunRecord finished;
    bool done = false;
    QObject::connect(worker, &CheckerWorker::runFinished, panel, [&](const RunRecord &r) {
        finished = r;
        done = true;
    });
    LatenessProbe probe;
    probe.start();
    QElapsedTimer runClock;
    runClock.start();
    desktop.controller()->call(&CheckerWorker::runNow, RunTrigger::Manual, 0);
    waitUntil([&] { return done; }, maxSeconds * 1000);
    const double runSeconds = runClock.elapsed() / 1000.0;
    probe.stop();
    drain();
    std::printf(
        "\nrun: %s after %.1f s: %d processed (%.0f learners/s), %d completed, %d errors; concurrency %s; "
        "table %d rows\n",
        done ? "finished" : "NOT finished", runSeconds, finished.processed, finished.processed / runSeconds,
        finished.completed, finished.errors, qPrintable(concurrency), panel->model()->rowCount());
    probe.print();
    QList<double> sortedBatches = batchMs;
    std::sort(sortedBatches.begin(), sortedBatches.end());
    double batchTotal = 0;
    for (double v : batchMs)
        batchTotal += v;
    std::printf("model batches: %lld, GUI-thread ms each: median %.2f  p99 %.2f  max %.2f  (total %.0f ms, "
                "%.1f %% of the run)\n",
                static_cast<long long>(batchMs.size()), percentile(sortedBatches, 0.5),
                percentile(sortedBatches, 0.99), sortedBatches.isEmpty() ? 0 : sortedBatches.last(),
                batchTotal, batchTotal / 10 / runSeconds);

    // 2. Filter-as-you-type: each key, then the (debounced) filter over every row.
    QLineEdit *search = panel->findChild<QLineEdit *>(QStringLiteral("learnerFilter"));
    panel->focusFilter();
    drain();
    std::printf("\nfilter-as-you-type \"%s\" over %d rows (the panel waits 150 ms after a key above 20 000 "
                "rows)\n",
                qPrintable(word), panel->model()->rowCount());
    std::printf("  %-12s %10s %12s %12s %10s\n", "typed", "key ms", "filter ms", "key->rows ms", "visible");
    QElapsedTimer filterClock;
    QObject::connect(panel->proxy(), &QAbstractItemModel::layoutAboutToBeChanged, panel,
                     [&] { filterClock.start(); });
    QList<double> filterMs;
    for (qsizetype n = 1; n <= word.size(); ++n) {
        const QString typed = word.left(n);
        QElapsedTimer keyToRows;
        keyToRows.start();
        const double keyMs = drainedMs([&] { QTest::keyClick(search, word.at(n - 1).toLatin1()); });
        const QString expected = typed.trimmed().toLower();
        waitUntil([&] { return panel->proxy()->filterText() == expected; }, 5000);
        drain();
        const double applied = filterClock.isValid() ? filterClock.nsecsElapsed() / 1e6 : 0.0;
        const bool filtered = typed.trimmed() != word.left(n - 1).trimmed();
        if (filtered)
            filterMs.append(applied);
        std::printf("  %-12s %10.2f %12s %12.1f %10d\n",
                    qPrintable(QLatin1Char('"') + typed + QLatin1Char('"')), keyMs,
                    filtered ? qPrintable(QString::number(applied, 'f', 1)) : "-",
                    keyToRows.nsecsElapsed() / 1e6, panel->proxy()->rowCount());
        filterClock.invalidate();
    }
    std::sort(filterMs.begin(), filterMs.end());
    std::printf("  filter pass: median %.1f  max %.1f ms\n", percentile(filterMs, 0.5),
                filterMs.isEmpty() ? 0 : filterMs.last());
    std::printf("  clear filters: %.1f ms\n", drainedMs([&] { panel->clearFilters(); }));

    // 3. Sorting: a click on each column's header, then a second click (the other order).
    QHeaderView *header = panel->view()->horizontalHeader();
    std::printf("\nsort by a header click over %d rows (ms until idle)\n", panel->proxy()->rowCount());
    for (int column = 0; column < LearnerTableModel::ColumnCount; ++column) {
        const QPoint at(header->sectionViewportPosition(column) + header->sectionSize(column) / 2,
                        header->height() / 2);
        const double first =
            drainedMs([&] { QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, at); });
        const Qt::SortOrder firstOrder = header->sortIndicatorOrder();
        const double second =
            drainedMs([&] { QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, at); });
        std::printf("  %-12s %s %8.1f   %s %8.1f\n",
                    qPrintable(panel->model()->headerData(column, Qt::Horizontal).toString()),
                    firstOrder == Qt::AscendingOrder ? "asc " : "desc", first,
                    firstOrder == Qt::AscendingOrder ? "desc" : "asc ", second);
    }
    std::fflush(stdout);
    return 0;
}
