// Local store throughput at 100 000 learners: bulk upserts, check recording, and the one-query
// read the learners table opens with. Figures are per run; compare ratios, not absolute times.
//
//   bench_store [learners=100000]
#include "store/LocalStore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <cstdio>

using namespace cc;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int count = argc > 1 ? QString::fromLocal8Bit(argv[1]).toInt() : 100000;
    QTemporaryDir dir;
    LocalStore store;
    if (!store.open(dir.filePath(QStringLiteral("bench.sqlite")))) {
        std::fprintf(stderr, "%s\n", qPrintable(store.lastError()));
        return 1;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QElapsedTimer timer;
    timer.start();
    for (int start = 0; start < count; start += 1000) {
        QList<LearnerRecord> batch;
        for (int i = start; i < std::min(count, start + 1000); ++i) {
            LearnerRecord l;
            l.id = QStringLiteral("learner-%1").arg(i);
            l.email = QStringLiteral("l%1@example.com").arg(i);
            l.name = QStringLiteral("Learner %1").arg(i);
            l.courseId = QStringLiteral("course-%1").arg(i % 9);
            l.status = QStringLiteral("enrolled");
            l.updatedAt = now;
            batch.append(l);
        }
        store.upsertLearners(batch);
    }
    const double upsert = timer.restart() / 1000.0;
    for (int start = 0; start < count; start += 500) {
        QList<CheckResult> batch;
        for (int i = start; i < std::min(count, start + 500); ++i) {
            CheckResult c;
            c.learnerId = QStringLiteral("learner-%1").arg(i);
            c.email = QStringLiteral("l%1@example.com").arg(i);
            c.courseId = QStringLiteral("course-1");
            c.outcome = LearnerOutcome::InProgress;
            c.progress = i % 100;
            c.checkedAt = now;
            batch.append(c);
        }
        store.recordChecks(batch);
    }
    const double checks = timer.restart() / 1000.0;
    const qsizetype rows = store.checkedLearners().size();
    const double read = timer.elapsed() / 1000.0;
    std::printf("learners=%d\n", count);
    std::printf("upsert learners (batches of 1000): %6.2f s  %8.0f rows/s\n", upsert, count / upsert);
    std::printf("record checks   (batches of 500):  %6.2f s  %8.0f rows/s\n", checks, count / checks);
    std::printf("read learners + latest checks:     %6.2f s  %8.0f rows/s (%lld rows)\n", read, rows / read,
                static_cast<long long>(rows));
    return 0;
}
