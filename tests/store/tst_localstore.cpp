// The local store's behaviour: schema migrations, runs, checks with retention, the error log,
// the learners cache and app state.
#include "store/LocalStore.h"
#include "store/StoreConnection.h"
#include "store/StoreSchema.h"
#include "support/ManualClock.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace cc;

namespace {
const QDateTime kStart(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);

CheckResult makeCheck(const QString &learnerId, const QDateTime &at, LearnerOutcome outcome, qint64 runId = 0)
{
    CheckResult check;
    check.runId = runId;
    check.learnerId = learnerId;
    check.email = learnerId + QStringLiteral("@example.com");
    check.name = QStringLiteral("Learner ") + learnerId;
    check.courseId = QStringLiteral("course-1");
    check.courseTitle = QStringLiteral("Voice Clarity Track");
    check.outcome = outcome;
    check.progress = 42.5;
    check.itemsTotal = 10;
    check.itemsCompleted = 4;
    check.detail = QStringLiteral("4 of 10 items");
    check.checkedAt = at;
    return check;
}

LearnerRecord makeLearner(int i)
{
    LearnerRecord learner;
    learner.id = QStringLiteral("learner-%1").arg(i);
    learner.email = QStringLiteral("l%1@example.com").arg(i);
    learner.name = i % 3 ? QStringLiteral("Name %1").arg(i) : QString(); // name is optional
    learner.courseId = QStringLiteral("course-%1").arg(i % 7);
    learner.status = QStringLiteral("enrolled");
    learner.lastCompletionCheck = i % 2 ? kStart.addSecs(i) : QDateTime();
    learner.updatedAt = kStart.addSecs(-i);
    return learner;
}
} // namespace

class LocalStoreTest : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("sub/dir/%1.sqlite").arg(++m_counter));
    }

    void migratesFromEachOlderVersion_data()
    {
        QTest::addColumn<int>("fromVersion");
        for (int v = 0; v < StoreSchema::currentVersion(); ++v)
            QTest::addRow("v%d", v) << v;
    }
    void migratesFromEachOlderVersion()
    {
        QFETCH(int, fromVersion);
        {
            StoreConnection old;
            QVERIFY2(old.open(m_path), qPrintable(old.lastError()));
            QVERIFY2(StoreSchema::migrate(old, fromVersion), qPrintable(old.lastError()));
            QCOMPARE(StoreSchema::version(old), fromVersion);
            if (fromVersion >= 1) { // data written by a version-1 app survives the migration
                QSqlQuery q(old.database());
                QVERIFY(
                    q.exec(QStringLiteral("INSERT INTO runs (triggered_by, state, started_at, batch_size) "
                                          "VALUES ('schedule', 'finished', 1000, 50)")));
                QVERIFY(q.exec(QStringLiteral("INSERT INTO latest_checks (learner_id, outcome, checked_at) "
                                              "VALUES ('a', 'in_progress', 2000)")));
                // Errors from before their kind was stored keep their classification.
                QVERIFY(q.exec(QStringLiteral(
                    "INSERT INTO errors (at, service, http_status, error_type, message) VALUES "
                    "(3000, 'appwrite', 401, 'general_unauthorized_scope', 'refused'),"
                    "(3001, 'graphy', 0, 'timeout', 'no answer'),"
                    "(3002, 'store', 0, 'disk_full', 'full')")));
            }
        }
        LocalStore store;
        QVERIFY2(store.open(m_path), qPrintable(store.lastError()));
        QCOMPARE(store.schemaVersion(), StoreSchema::currentVersion());
        if (fromVersion >= 1) {
            QCOMPARE(store.recentRuns(10).size(), 1);
            QCOMPARE(store.latestChecks().value(QStringLiteral("a")).outcome, LearnerOutcome::InProgress);
            QHash<QString, ErrorEntry> errors;
            for (const ErrorEntry &e : store.errors(10))
                errors.insert(e.service, e);
            QCOMPARE(errors.size(), 3);
        }
        if (fromVersion >= 1 && fromVersion < 3) { // logged before the kind was stored: derived
            QHash<QString, ErrorEntry> errors;
            for (const ErrorEntry &e : store.errors(10))
                errors.insert(e.service, e);
            QCOMPARE(errors.value(QStringLiteral("appwrite")).kind, ServiceError::Kind::Http);
            QVERIFY(errors.value(QStringLiteral("appwrite")).isAuthFailure());
            QCOMPARE(errors.value(QStringLiteral("graphy")).kind, ServiceError::Kind::Timeout);
            QVERIFY(errors.value(QStringLiteral("graphy")).isUnavailable());
            QCOMPARE(errors.value(QStringLiteral("store")).kind, ServiceError::Kind::None);
            QVERIFY(errors.value(QStringLiteral("appwrite")).isOpen()); // nothing resolved them yet
        }
        QVERIFY2(store.upsertLearners({makeLearner(1)}), qPrintable(store.lastError()));
        QVERIFY2(store.setValue(QStringLiteral("scheduler/lastSlot"), QStringLiteral("x")),
                 qPrintable(store.lastError()));
        store.close();
        // Reopening a current file is a no-op.
        QVERIFY2(store.open(m_path), qPrintable(store.lastError()));
        QCOMPARE(store.learners().size(), 1);
    }

    void runsRoundTripAndInterruptedRuns()
    {
        RunRecord running;
        running.trigger = RunTrigger::CatchUp;
        running.startedAt = kStart;
        running.batchSize = 25;
        RunRecord finished = running;
        {
            LocalStore store;
            QVERIFY2(store.open(m_path), qPrintable(store.lastError()));
            QVERIFY(store.insertRun(finished));
            QVERIFY(finished.id > 0);
            finished.state = RunState::Partial;
            finished.finishedAt = kStart.addSecs(300);
            finished.total = 5000;
            finished.processed = 120;
            finished.completed = 3;
            finished.alreadyRecorded = 1;
            finished.inProgress = 100;
            finished.notFound = 6;
            finished.errors = 10;
            finished.endReason = QStringLiteral("deadline");
            QVERIFY(store.updateRun(finished));
            QVERIFY(store.insertRun(running)); // the process "dies" with this one running
            QCOMPARE(running.id, finished.id + 1);
        }
        LocalStore store;
        QVERIFY(store.open(m_path));
        QCOMPARE(store.markInterruptedRuns(), 1);
        QCOMPARE(store.markInterruptedRuns(), 0);
        const QList<RunRecord> runs = store.recentRuns(10);
        QCOMPARE(runs.size(), 2);
        QCOMPARE(runs[0].id, running.id);
        QCOMPARE(runs[0].state, RunState::Interrupted);
        QCOMPARE(runs[0].trigger, RunTrigger::CatchUp);
        QVERIFY(!runs[0].endReason.isEmpty());
        const RunRecord &f = runs[1];
        QCOMPARE(f.state, RunState::Partial);
        QCOMPARE(f.startedAt, finished.startedAt);
        QCOMPARE(f.finishedAt, finished.finishedAt);
        QCOMPARE(f.durationMs(), 300000);
        QCOMPARE(f.batchSize, 25);
        QCOMPARE(f.total, 5000);
        QCOMPARE(f.processed, 120);
        QCOMPARE(f.completed, 3);
        QCOMPARE(f.alreadyRecorded, 1);
        QCOMPARE(f.inProgress, 100);
        QCOMPARE(f.notFound, 6);
        QCOMPARE(f.errors, 10);
        QCOMPARE(f.endReason, QStringLiteral("deadline"));
        QCOMPARE(store.recentRuns(1).size(), 1);
        QVERIFY(store.run(finished.id).has_value());
        RunRecord unknown;
        unknown.id = 999;
        QVERIFY(!store.updateRun(unknown));
        QVERIFY(store.lastError().contains(QStringLiteral("no such run")));
    }

    void stuckLearners_data()
    {
        // One letter per check, oldest first: f failed, i in progress, s skipped, d failed dry run.
        QTest::addColumn<QString>("checks");
        QTest::addColumn<bool>("stuck");
        QTest::newRow("three failures") << "fff" << true;
        QTest::newRow("two failures") << "ff" << false;
        QTest::newRow("failing since a success") << "ifff" << true;
        QTest::newRow("recovered") << "fffi" << false;
        QTest::newRow("a success between") << "ffif" << false;
        QTest::newRow("a skip does not break the streak") << "ffsf" << true;
        QTest::newRow("a dry run does not count") << "ffd" << false;
    }

    void stuckLearners()
    {
        QFETCH(QString, checks);
        QFETCH(bool, stuck);
        ManualClock clock(kStart);
        LocalStore store(&clock);
        QVERIFY(store.open(m_path));
        QList<CheckResult> results;
        for (qsizetype i = 0; i < checks.size(); ++i) {
            const QChar c = checks.at(i);
            CheckResult r = makeCheck(QStringLiteral("a"), kStart.addSecs(60 * i),
                                      c == QLatin1Char('i')   ? LearnerOutcome::InProgress
                                      : c == QLatin1Char('s') ? LearnerOutcome::Skipped
                                                              : LearnerOutcome::Failed);
            r.dryRun = c == QLatin1Char('d');
            results << r;
            // A learner always failing beside it, so the query is never trivially empty.
            results << makeCheck(QStringLiteral("b"), kStart.addSecs(60 * i), LearnerOutcome::Failed);
        }
        results << makeCheck(QStringLiteral("b"), kStart.addSecs(-60), LearnerOutcome::Failed);
        results << makeCheck(QStringLiteral("b"), kStart.addSecs(-120), LearnerOutcome::Failed);
        QVERIFY2(store.recordChecks(results), qPrintable(store.lastError()));
        const QStringList expected =
            stuck ? QStringList{QStringLiteral("a"), QStringLiteral("b")} : QStringList{QStringLiteral("b")};
        QCOMPARE(store.learnersFailingInARow(3), expected);
    }

    void checksLatestAndHistory()
    {
        ManualClock clock(kStart); // retention counts from "now"
        LocalStore store(&clock);
        QVERIFY(store.open(m_path));
        RunRecord run;
        run.startedAt = kStart;
        QVERIFY(store.insertRun(run));
        CheckResult first = makeCheck(QStringLiteral("a"), kStart, LearnerOutcome::InProgress, run.id);
        CheckResult second =
            makeCheck(QStringLiteral("a"), kStart.addSecs(60), LearnerOutcome::Completed, run.id);
        CheckResult late =
            makeCheck(QStringLiteral("a"), kStart.addSecs(30), LearnerOutcome::Failed); // arrives last
        CheckResult dry = makeCheck(QStringLiteral("a"), kStart.addSecs(90), LearnerOutcome::InProgress);
        dry.dryRun = true;
        CheckResult other = makeCheck(QStringLiteral("b"), kStart, LearnerOutcome::UnknownToGraphy);
        QVERIFY2(store.recordChecks({first, second, other}), qPrintable(store.lastError()));
        QVERIFY(store.recordChecks({late, dry}));

        const QHash<QString, CheckResult> latest = store.latestChecks();
        QCOMPARE(latest.size(), 2);
        const CheckResult a = latest.value(QStringLiteral("a"));
        QCOMPARE(a.outcome, LearnerOutcome::Completed); // neither the older nor the dry run replaced it
        QCOMPARE(a.checkedAt, second.checkedAt);
        QCOMPARE(a.runId, run.id);
        QCOMPARE(a.email, second.email);
        QCOMPARE(a.name, second.name);
        QCOMPARE(a.courseId, second.courseId);
        QCOMPARE(a.courseTitle, QStringLiteral("Voice Clarity Track"));
        QCOMPARE(a.progress, 42.5);
        QCOMPARE(a.itemsTotal, 10);
        QCOMPARE(a.itemsCompleted, 4);
        QCOMPARE(a.detail, second.detail);
        QCOMPARE(latest.value(QStringLiteral("b")).outcome, LearnerOutcome::UnknownToGraphy);
        QCOMPARE(store.latestCheck(QStringLiteral("a"))->outcome, LearnerOutcome::Completed);
        QVERIFY(!store.latestCheck(QStringLiteral("nobody")).has_value());

        const QList<CheckResult> history = store.checkHistory(QStringLiteral("a"), 10);
        QCOMPARE(history.size(), 4); // newest recorded first
        QVERIFY(history[0].dryRun);
        QCOMPARE(history[1].outcome, LearnerOutcome::Failed);
        QCOMPARE(history[1].runId, 0);
        QCOMPARE(history[3].outcome, LearnerOutcome::InProgress);
        QCOMPARE(store.checkHistory(QStringLiteral("a"), 2).size(), 2);
        QCOMPARE(store.checkHistoryCount(), 5);
    }

    void retentionPrunesHistory_data()
    {
        QTest::addColumn<int>("maxDays");
        QTest::addColumn<int>("maxRows");
        QTest::addColumn<int>("batches"); // one per day, oldest first
        QTest::addColumn<int>("perBatch");
        QTest::addColumn<int>("expectedRows");
        QTest::addRow("no limits") << 0 << 0 << 10 << 20 << 200;
        QTest::addRow("by rows") << 0 << 50 << 10 << 20 << 50;
        QTest::addRow("rows larger than history") << 0 << 500 << 10 << 20 << 200;
        QTest::addRow("by age") << 3 << 0 << 10 << 20 << 80; // the last four days (cutoff at exactly 3 days)
        QTest::addRow("age and rows") << 3 << 30 << 10 << 20 << 30;
    }
    void retentionPrunesHistory()
    {
        QFETCH(int, maxDays);
        QFETCH(int, maxRows);
        QFETCH(int, batches);
        QFETCH(int, perBatch);
        QFETCH(int, expectedRows);
        ManualClock clock(kStart);
        LocalStore store(&clock);
        QVERIFY(store.open(m_path));
        store.setRetention(maxDays, maxRows);
        for (int day = 0; day < batches; ++day) {
            QList<CheckResult> batch;
            for (int i = 0; i < perBatch; ++i)
                batch.append(
                    makeCheck(QStringLiteral("l%1").arg(i), clock.now(), LearnerOutcome::InProgress));
            QVERIFY2(store.recordChecks(batch), qPrintable(store.lastError()));
            if (day + 1 < batches)
                clock.advance(24 * 3600 * 1000);
        }
        QCOMPARE(store.checkHistoryCount(), expectedRows);
        QCOMPARE(store.latestChecks().size(), perBatch); // latest checks are never pruned
        // What is kept is the newest.
        QCOMPARE(store.checkHistory(QStringLiteral("l0"), 1).value(0).checkedAt, clock.now());
    }

    void errorLog()
    {
        ManualClock clock(kStart); // retention counts from "now"
        LocalStore store(&clock);
        QVERIFY(store.open(m_path));
        ErrorEntry entry;
        entry.at = kStart;
        entry.learnerId = QStringLiteral("a");
        entry.service = QStringLiteral("graphy");
        entry.operation = QStringLiteral("learnerByEmail");
        entry.httpStatus = 503;
        entry.errorType = QStringLiteral("http_503");
        entry.message = QStringLiteral("Graphy is unavailable");
        entry.detail = QStringLiteral("GET /public/v2/learners?key=[redacted]");
        ErrorEntry second = entry;
        second.at = kStart.addSecs(1);
        second.httpStatus = 0;
        second.learnerId.clear();
        QCOMPARE(store.errorCount(), 0);
        QVERIFY(store.recordErrors({entry, second}));
        QCOMPARE(store.errorCount(), 2);
        const QList<ErrorEntry> errors = store.errors(10);
        QCOMPARE(errors.size(), 2);
        QCOMPARE(errors[0].at, second.at); // newest first
        QVERIFY(errors[0].id > errors[1].id);
        const ErrorEntry &e = errors[1];
        QCOMPARE(e.runId, 0);
        QCOMPARE(e.learnerId, entry.learnerId);
        QCOMPARE(e.service, entry.service);
        QCOMPARE(e.operation, entry.operation);
        QCOMPARE(e.httpStatus, 503);
        QCOMPARE(e.errorType, entry.errorType);
        QCOMPARE(e.message, entry.message);
        QCOMPARE(e.detail, entry.detail);
        QCOMPARE(e.causeKey(), QStringLiteral("graphy/http_503"));
        QCOMPARE(store.errors(1).size(), 1);
        store.setErrorRetention(3);
        QVERIFY(store.recordErrors({entry, entry, entry}));
        QCOMPARE(store.errorCount(), 3);
        QVERIFY(store.clearErrors());
        QCOMPARE(store.errorCount(), 0);
    }

    void errorsResolveAndStayResolved_data()
    {
        QTest::addColumn<QStringList>("learners"); // checked through
        QTest::addColumn<bool>("wholeRuns");
        QTest::addColumn<int>("atSecs");            // the resolution's time, from kStart
        QTest::addColumn<QStringList>("stillOpen"); // of "a@0", "a@20", "b@0", "run@0"
        QTest::newRow("a learner's later check")
            << QStringList{"a"} << false << 10 << QStringList{"a@20", "b@0", "run@0"};
        QTest::newRow("covers only what came before it")
            << QStringList{"a"} << false << 30 << QStringList{"b@0", "run@0"};
        QTest::newRow("a finished run") << QStringList() << true << 10 << QStringList{"a@0", "a@20", "b@0"};
        QTest::newRow("both") << QStringList{"a", "b"} << true << 30 << QStringList();
        QTest::newRow("another learner resolves nothing of a")
            << QStringList{"c"} << false << 30 << QStringList{"a@0", "a@20", "b@0", "run@0"};
    }
    void errorsResolveAndStayResolved()
    {
        QFETCH(QStringList, learners);
        QFETCH(bool, wholeRuns);
        QFETCH(int, atSecs);
        QFETCH(QStringList, stillOpen);
        auto entry = [](const QString &learner, int secs) {
            ErrorEntry e;
            e.at = kStart.addSecs(secs);
            e.learnerId = learner;
            e.service = QStringLiteral("graphy");
            e.errorType = QStringLiteral("http_503");
            e.message = QStringLiteral("m");
            return e;
        };
        const QList<ErrorEntry> logged{entry("a", 0), entry("a", 20), entry("b", 0), entry(QString(), 0)};
        ErrorResolution resolution;
        resolution.at = kStart.addSecs(atSecs);
        resolution.learnerIds = QSet<QString>(learners.cbegin(), learners.cend());
        resolution.wholeRuns = wholeRuns;
        auto open = [](const QList<ErrorEntry> &entries) {
            QStringList names;
            for (const ErrorEntry &e : entries) {
                if (e.isOpen())
                    names << QStringLiteral("%1@%2")
                                 .arg(e.learnerId.isEmpty() ? QStringLiteral("run") : e.learnerId)
                                 .arg(kStart.secsTo(e.at));
            }
            names.sort();
            return names;
        };
        // The model's rule and the store's agree.
        QList<ErrorEntry> inMemory = logged;
        for (ErrorEntry &e : inMemory) {
            if (resolution.resolves(e))
                e.resolvedAt = resolution.at;
        }
        QCOMPARE(open(inMemory), stillOpen);
        ManualClock clock(kStart); // retention counts from "now"
        {
            LocalStore store(&clock);
            QVERIFY(store.open(m_path));
            QVERIFY(store.recordErrors(logged));
            QVERIFY2(store.resolveErrors(resolution), qPrintable(store.lastError()));
        }
        LocalStore reopened(&clock);
        QVERIFY(reopened.open(m_path));
        const QList<ErrorEntry> stored = reopened.errors(10);
        QCOMPARE(stored.size(), logged.size()); // resolved errors stay, as history
        QCOMPARE(open(stored), stillOpen);
        for (const ErrorEntry &e : stored)
            QVERIFY(e.isOpen() || e.resolvedAt == resolution.at);
    }

    void learnersCacheRoundTrip()
    {
        LocalStore store;
        QVERIFY(store.open(m_path));
        QList<LearnerRecord> learners;
        for (int i = 0; i < 10; ++i)
            learners.append(makeLearner(i));
        QVERIFY2(store.upsertLearners(learners), qPrintable(store.lastError()));
        learners[3].status = QStringLiteral("completed");
        learners[3].completedAt = kStart.addDays(1);
        QVERIFY(store.upsertLearners({learners[3]}));
        QCOMPARE(store.learnerCount(), 10);

        QHash<QString, LearnerRecord> byId;
        for (const LearnerRecord &l : store.learners())
            byId.insert(l.id, l);
        for (const LearnerRecord &l : learners)
            QCOMPARE(byId.value(l.id), l);

        QVERIFY(store.recordChecks({makeCheck(learners[3].id, kStart, LearnerOutcome::Completed)}));
        const QList<CheckedLearner> rows = store.checkedLearners();
        QCOMPARE(rows.size(), 10);
        for (const CheckedLearner &row : rows) {
            QCOMPARE(row.learner, byId.value(row.learner.id));
            QCOMPARE(row.latestCheck.has_value(), row.learner.id == learners[3].id);
            if (row.latestCheck)
                QCOMPARE(row.latestCheck->outcome, LearnerOutcome::Completed);
        }
        QVERIFY(store.removeLearners({learners[0].id, learners[1].id}));
        QCOMPARE(store.learnerCount(), 8);
    }

    void appState()
    {
        LocalStore store;
        QVERIFY(store.open(m_path));
        const QString key = QStringLiteral("scheduler/lastEvaluatedSlot");
        QCOMPARE(store.value(key, QStringLiteral("none")), QStringLiteral("none"));
        QVERIFY(store.setValue(key, QStringLiteral("2024-05-01T12:00:00Z")));
        QVERIFY(store.setValue(key, QStringLiteral("2024-05-01T12:15:00Z")));
        QCOMPARE(store.value(key), QStringLiteral("2024-05-01T12:15:00Z"));
        QVERIFY(store.setValue(QStringLiteral("empty"), QString()));
        QCOMPARE(store.value(QStringLiteral("empty"), QStringLiteral("x")), QString());
        QVERIFY(store.removeValue(key));
        QCOMPARE(store.value(key), QString());
        QVERIFY(!store.setValue(QStringLiteral("graphy/apiKey"), QStringLiteral("abc")));
        QVERIFY(store.lastError().contains(QStringLiteral("secrets")));
    }

    void callsOnAClosedStoreFailCleanly()
    {
        LocalStore store;
        QVERIFY(!store.isOpen());
        RunRecord run;
        QVERIFY(!store.insertRun(run));
        QVERIFY(store.lastError().contains(QStringLiteral("not open")));
        QVERIFY(store.recentRuns(5).isEmpty());
        QCOMPARE(store.errorCount(), -1);
        QCOMPARE(store.schemaVersion(), -1);
    }

    void defaultPathHonoursDataDir()
    {
        qputenv("COMPLETION_CHECKER_DATA_DIR", m_dir.path().toUtf8());
        QCOMPARE(LocalStore::defaultPath(), m_dir.filePath(QStringLiteral("completion-checker.sqlite")));
        qunsetenv("COMPLETION_CHECKER_DATA_DIR");
        QVERIFY(LocalStore::defaultPath().endsWith(QStringLiteral("/completion-checker.sqlite")));
        QCOMPARE(LocalStore::pathIn(QStringLiteral("/srv/cc")),
                 QStringLiteral("/srv/cc/completion-checker.sqlite"));
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
    int m_counter = 0;
};

QTEST_GUILESS_MAIN(LocalStoreTest)
#include "tst_localstore.moc"
