// The learners table at 100 000 rows, as the window sees it (LearnersPanel offscreen: model,
// filter proxy, table view): loading in chunks, typing a filter, then a run's batches of changes
// through the proxy with sorting and a text filter on. Each step is timed with the event loop
// drained (the view's delayed layout included). Prints figures; asserts nothing.
//
//   bench_learner_model [rows=100000] [chunk=5000] [batches=200] [batchSize=500]
//   bench_learner_model sort [rows=100000] [repeats=3]
//
// "sort" times header clicks instead: each column ascending then descending, over rows shaped like
// the sandbox's (768 distinct names, 24-hex course ids sharing their first 8 characters, two
// statuses, distinct e-mails, a check on most rows).
//
// The "per-row re-sort" pass repeats a few batches with the proxy's bulk re-sort disabled, to
// show what QSortFilterProxyModel's row-by-row re-sort would cost.
#include "models/LearnerFilterProxy.h"
#include "models/LearnerTableModel.h"
#include "ui/LearnersPanel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTableView>
#include <algorithm>
#include <cstdio>
#include <functional>
#include <limits>

using namespace cc;

namespace {

struct Figures
{
    QList<double> ms;
    void add(double v) { ms.append(v); }
    void print(const char *what) const
    {
        QList<double> s = ms;
        std::sort(s.begin(), s.end());
        double total = 0;
        for (double v : s)
            total += v;
        const auto at = [&](double q) {
            return s.isEmpty() ? 0.0 : s.at(std::min<qsizetype>(s.size() - 1, qsizetype(q * s.size())));
        };
        std::printf("%-44s n=%4lld  min %7.2f  median %7.2f  p95 %7.2f  max %7.2f  total %8.1f ms\n", what,
                    static_cast<long long>(s.size()), s.isEmpty() ? 0.0 : s.first(), at(0.5), at(0.95),
                    s.isEmpty() ? 0.0 : s.last(), total);
        std::printf("  each (ms, in order):");
        for (double v : ms)
            std::printf(" %.1f", v);
        std::printf("\n");
    }
};

CheckedLearner makeRow(int i)
{
    static const char *const first[] = {"Aisha", "Bruno", "Chen", "Dara", "Elif",
                                        "Farid", "Grace", "Hugo", "Ines"};
    static const char *const last[] = {"Okafor", "Silva",  "Wei", "Murphy",
                                       "Yilmaz", "Haddad", "Kim", "Laurent"};
    CheckedLearner row;
    row.learner.id = QStringLiteral("learner-%1").arg(i);
    row.learner.name =
        QStringLiteral("%1 %2 %3").arg(QLatin1String(first[i % 9]), QLatin1String(last[(i / 9) % 8])).arg(i);
    row.learner.email = QStringLiteral("l%1@example.com").arg(i);
    row.learner.courseId = QStringLiteral("course-%1").arg(i % 9);
    row.learner.status = i % 7 == 0 ? QStringLiteral("completed") : QStringLiteral("enrolled");
    return row;
}

CheckResult makeCheck(const CheckedLearner &row, QRandomGenerator &random, const QDateTime &at)
{
    CheckResult c;
    c.learnerId = row.learner.id;
    c.email = row.learner.email;
    c.courseId = row.learner.courseId;
    c.outcome = static_cast<LearnerOutcome>(random.bounded(6));
    c.progress = random.bounded(101);
    c.checkedAt = at;
    return c;
}

double drainedMs(const std::function<void()> &step)
{
    QElapsedTimer t;
    t.start();
    step();
    QApplication::processEvents();
    return t.nsecsElapsed() / 1e6;
}

// Applies `count` batches of `size` changes (random learners, a fresh check each) and returns
// per-batch times; counts the proxy's layout changes.
Figures runBatches(LearnersPanel &panel, int count, int size, QRandomGenerator &random, int *layouts)
{
    Figures f;
    int layoutCount = 0;
    const QMetaObject::Connection counting = QObject::connect(
        panel.proxy(), &QAbstractItemModel::layoutChanged, [&layoutCount] { ++layoutCount; });
    QDateTime at = QDateTime::currentDateTimeUtc();
    const int rows = panel.model()->rowCount();
    for (int b = 0; b < count; ++b) {
        QList<CheckedLearner> batch;
        batch.reserve(size);
        for (int i = 0; i < size; ++i) {
            CheckedLearner row = panel.model()->rowAt(int(random.bounded(rows)));
            at = at.addMSecs(3);
            row.latestCheck = makeCheck(row, random, at);
            batch.append(row);
        }
        f.add(drainedMs([&] { panel.model()->applyChanges(batch); }));
    }
    QObject::disconnect(counting);
    *layouts = layoutCount;
    return f;
}

CheckedLearner sandboxLikeRow(int i, QRandomGenerator &random, const QDateTime &now)
{
    static const char *const first[] = {"Aarav", "Meera", "José",  "Zoë",  "Chen",  "Élodie", "Liam", "Ana",
                                        "Ömer",  "Priya", "Grace", "Hugo", "Farid", "Ines",   "Kofi", "Sara",
                                        "Yuki",  "Dara",  "Nina",  "Omar", "Lena",  "Raj",    "Ivan", "Maya"};
    static const char *const last[] = {
        "Iyer",   "Okafor",  "García", "Silva", "Wei",     "Murphy", "Yılmaz",  "Haddad",
        "Kim",    "Müller",  "Novak",  "Rossi", "Laurent", "Sato",   "Nguyen",  "Patel",
        "Mensah", "Dubois",  "Costa",  "Khan",  "Olsen",   "Berg",   "Tan",     "Ali",
        "Reyes",  "Fischer", "Moreau", "Lopez", "Ahmed",   "Park",   "Ivanova", "Smith"};
    CheckedLearner row;
    row.learner.id = QStringLiteral("learner-%1").arg(i);
    const int person = int(random.bounded(24 * 32)); // 768 distinct names
    row.learner.name = QStringLiteral("%1 %2").arg(QString::fromUtf8(first[person % 24]),
                                                   QString::fromUtf8(last[person / 24]));
    row.learner.email = QStringLiteral("learner%1@example.org").arg(i);
    row.learner.courseId =
        QStringLiteral("6746a3f1%1").arg(random.bounded(40) * 7919 + 100000, 16, 16, QLatin1Char('0'));
    row.learner.status = random.bounded(10) == 0 ? QStringLiteral("completed") : QStringLiteral("enrolled");
    if (random.bounded(10) != 0)
        row.latestCheck = makeCheck(row, random, now.addSecs(-qint64(random.bounded(86400 * 30))));
    return row;
}

int benchSorts(int total, int repeats)
{
    std::printf(
        "sort: rows=%d repeats=%d; view 1280x800 offscreen; each click until the event loop is idle\n", total,
        repeats);
    LearnersPanel panel(nullptr);
    panel.resize(1280, 800);
    panel.show();
    QApplication::processEvents();
    panel.view()->sortByColumn(LearnerTableModel::NameColumn, Qt::AscendingOrder);
    QRandomGenerator random(12);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QList<CheckedLearner> all;
    all.reserve(total);
    for (int i = 0; i < total; ++i)
        all.append(sandboxLikeRow(i, random, now));
    const int chunk = 5000;
    Figures load;
    for (int start = 0; start < total; start += chunk) {
        const QList<CheckedLearner> part = all.mid(start, chunk);
        load.add(drainedMs([&] { panel.model()->loadChunk(part, start + chunk >= total); }));
    }
    load.print("append chunk of 5000 (sorted by name)");
    for (int column = 0; column < LearnerTableModel::ColumnCount; ++column) {
        Figures ascending, descending;
        for (int r = 0; r < repeats; ++r) {
            // From another column each time, so that every click really sorts.
            panel.view()->sortByColumn((column + 1) % LearnerTableModel::ColumnCount, Qt::AscendingOrder);
            QApplication::processEvents();
            ascending.add(drainedMs([&] { panel.view()->sortByColumn(column, Qt::AscendingOrder); }));
            descending.add(drainedMs([&] { panel.view()->sortByColumn(column, Qt::DescendingOrder); }));
        }
        const QByteArray title = panel.model()->headerData(column, Qt::Horizontal).toString().toUtf8();
        ascending.print(QByteArray("sort " + title + " ascending").constData());
        descending.print(QByteArray("sort " + title + " descending").constData());
    }
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    if (argc > 1 && qstrcmp(argv[1], "sort") == 0) {
        return benchSorts(argc > 2 ? QString::fromLocal8Bit(argv[2]).toInt() : 100000,
                          argc > 3 ? QString::fromLocal8Bit(argv[3]).toInt() : 3);
    }
    const auto arg = [&](int i, int fallback) {
        return argc > i ? QString::fromLocal8Bit(argv[i]).toInt() : fallback;
    };
    const int total = arg(1, 100000);
    const int chunk = arg(2, 5000);
    const int batches = arg(3, 200);
    const int batchSize = arg(4, 500);
    std::printf("rows=%d chunk=%d batches=%d x %d changes; view 1280x800 offscreen\n", total, chunk, batches,
                batchSize);

    LearnersPanel panel(nullptr);
    panel.resize(1280, 800);
    panel.show();
    QApplication::processEvents();
    panel.view()->sortByColumn(LearnerTableModel::NameColumn, Qt::AscendingOrder);

    // 1. Loading from the store: chunks appended, sorted by name, no filter.
    QList<CheckedLearner> all;
    all.reserve(total);
    for (int i = 0; i < total; ++i)
        all.append(makeRow(i));
    Figures append;
    for (int start = 0; start < total; start += chunk) {
        const QList<CheckedLearner> part = all.mid(start, chunk);
        append.add(drainedMs([&] { panel.model()->loadChunk(part, start + chunk >= total); }));
    }
    append.print("append chunk (sorted by name)");

    // 2. Typing a filter, one key at a time, then clearing it.
    Figures typing;
    const QString typed = QStringLiteral("grace k");
    for (int n = 1; n <= typed.size(); ++n)
        typing.add(drainedMs([&] { panel.proxy()->setFilterText(typed.left(n)); }));
    typing.print("filter keystroke (\"grace k\")");
    std::printf("  visible after \"grace k\": %d of %d\n", panel.proxy()->rowCount(),
                panel.model()->rowCount());
    std::printf("  clear filter: %.2f ms\n", drainedMs([&] { panel.proxy()->setFilterText({}); }));

    // 3. Sorting by a column.
    std::printf("  sort by last check: %.2f ms\n", drainedMs([&] {
                    panel.view()->sortByColumn(LearnerTableModel::LastCheckColumn, Qt::DescendingOrder);
                }));

    // 4. A run's batches: sorted by last check (every checked row moves), text filter on.
    panel.proxy()->setFilterText(QStringLiteral("a"));
    std::printf("  text filter \"a\": %d of %d visible\n", panel.proxy()->rowCount(),
                panel.model()->rowCount());
    QRandomGenerator random(42);
    int layouts = 0;
    Figures bulk = runBatches(panel, batches, batchSize, random, &layouts);
    bulk.print("batch, sort last check, filter (bulk re-sort)");
    std::printf("  proxy layout changes: %d over %d batches\n", layouts, batches);

    panel.view()->sortByColumn(LearnerTableModel::NameColumn, Qt::AscendingOrder);
    Figures byName = runBatches(panel, std::min(batches, 50), batchSize, random, &layouts);
    byName.print("batch, sort name, filter (rows stay put)");
    std::printf("  proxy layout changes: %d\n", layouts);

    Figures small = runBatches(panel, std::min(batches, 50), 20, random, &layouts);
    small.print("batch of 20, sort name, filter");

    panel.view()->sortByColumn(LearnerTableModel::LastCheckColumn, Qt::DescendingOrder);
    Figures smallMoving = runBatches(panel, std::min(batches, 50), 20, random, &layouts);
    smallMoving.print("batch of 20, sort last check (per-row path)");

    // 5. For comparison: Qt's row-by-row re-sort for the large batches.
    const int compare = std::min(batches, 5);
    panel.proxy()->setBulkThreshold(std::numeric_limits<int>::max());
    Figures perRow = runBatches(panel, compare, batchSize, random, &layouts);
    perRow.print("batch, sort last check, filter (per-row re-sort)");
    std::printf("  proxy layout changes: %d over %d batches\n", layouts, compare);
    return 0;
}
