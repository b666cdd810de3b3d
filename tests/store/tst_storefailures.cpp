// The local store under hostile conditions: files it must refuse, places it cannot write, a full
// disk, two threads at once, and the volumes of a large deployment.
#include "store/CheckRepository.h"
#include "store/LocalStore.h"
#include "store/StoreConnection.h"
#include "store/StoreSchema.h"
#include "support/ManualClock.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <atomic>

using namespace cc;

namespace {
QByteArray fileDigest(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

CheckResult makeCheck(int i, const QDateTime &at)
{
    CheckResult check;
    check.learnerId = QStringLiteral("learner-%1").arg(i);
    check.email = QStringLiteral("l%1@example.com").arg(i);
    check.courseId = QStringLiteral("course-1");
    check.outcome = LearnerOutcome::InProgress;
    check.progress = i % 100;
    check.detail = QStringLiteral("progress %1%").arg(i % 100);
    check.checkedAt = at;
    return check;
}

LearnerRecord makeLearner(int i)
{
    LearnerRecord learner;
    learner.id = QStringLiteral("learner-%1").arg(i);
    learner.email = QStringLiteral("l%1@example.com").arg(i);
    learner.name = QStringLiteral("Learner %1").arg(i);
    learner.courseId = QStringLiteral("course-%1").arg(i % 9);
    learner.status = QStringLiteral("enrolled");
    learner.updatedAt = QDateTime::currentDateTimeUtc();
    return learner;
}
} // namespace

class StoreFailuresTest : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("%1.sqlite").arg(++m_counter));
    }

    void refusesNewerSchemaWithoutTouchingIt()
    {
        {
            StoreConnection newer;
            QVERIFY(newer.open(m_path));
            QVERIFY(StoreSchema::migrate(newer));
            QVERIFY(
                newer.exec(QStringLiteral("PRAGMA user_version = %1").arg(StoreSchema::currentVersion() + 5),
                           QStringLiteral("fake a newer app")));
        }
        const QByteArray before = fileDigest(m_path);
        LocalStore store;
        QVERIFY(!store.open(m_path));
        QVERIFY(!store.isOpen());
        const QString error = store.lastError();
        QVERIFY2(error.contains(m_path), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("newer")), qPrintable(error));
        QVERIFY2(error.contains(QString::number(StoreSchema::currentVersion() + 5)), qPrintable(error));
        QCOMPARE(fileDigest(m_path), before);
        QVERIFY(!QFile::exists(m_path + QStringLiteral("-wal")));
    }

    void corruptFileGivesClearError()
    {
        QFile garbage(m_path);
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        QByteArray bytes(8192, '\0');
        for (int i = 0; i < bytes.size(); ++i)
            bytes[i] = char((i * 131 + 7) % 251);
        garbage.write(bytes);
        garbage.close();

        LocalStore store;
        QVERIFY(!store.open(m_path));
        QVERIFY(!store.isOpen());
        const QString error = store.lastError();
        QVERIFY2(error.contains(m_path), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("not a database")), qPrintable(error));
        QCOMPARE(fileDigest(m_path), QCryptographicHash::hash(bytes, QCryptographicHash::Sha256));
        // The app keeps going: every call fails cleanly.
        QVERIFY(!store.recordChecks({makeCheck(1, QDateTime::currentDateTimeUtc())}));
        QVERIFY(store.checkedLearners().isEmpty());
    }

    void unwritableLocationGivesClearError_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("expected");
        // Tests run as root, so chmod cannot forbid anything: use places nobody can create in.
        QTest::addRow("under a regular file")
            << QStringLiteral("FILE/sub/x.sqlite") << QStringLiteral("directory");
        QTest::addRow("under /proc") << QStringLiteral("/proc/cc-store-test/x.sqlite")
                                     << QStringLiteral("directory");
        QTest::addRow("path is a directory") << QStringLiteral("DIR") << QStringLiteral("open");
    }
    void unwritableLocationGivesClearError()
    {
        QFETCH(QString, path);
        QFETCH(QString, expected);
        const QString file = m_dir.filePath(QStringLiteral("plain-file"));
        QFile plain(file);
        QVERIFY(plain.open(QIODevice::WriteOnly));
        plain.close();
        path.replace(QStringLiteral("FILE"), file);
        path.replace(QStringLiteral("DIR"), m_dir.path());

        LocalStore store;
        QVERIFY(!store.open(path));
        QVERIFY(!store.isOpen());
        const QString error = store.lastError();
        QVERIFY2(error.contains(QStringLiteral("Local database")), qPrintable(error));
        QVERIFY2(error.contains(expected), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("COMPLETION_CHECKER_DATA_DIR")), qPrintable(error));
    }

    void fullDiskRollsBackAndSaysSo()
    {
        ManualClock clock(QDateTime::currentDateTimeUtc());
        StoreConnection connection;
        QVERIFY(connection.open(m_path));
        QVERIFY(StoreSchema::migrate(connection));
        CheckRepository checks(connection, clock);
        QVERIFY(checks.record({makeCheck(0, clock.now())}));
        // Cap the file at its current size plus a little: SQLite then reports SQLITE_FULL exactly
        // as on a full disk.
        QSqlQuery pages(connection.database());
        QVERIFY(pages.exec(QStringLiteral("PRAGMA page_count")) && pages.next());
        const int pageCount = pages.value(0).toInt();
        QVERIFY(connection.exec(QStringLiteral("PRAGMA max_page_count = %1").arg(pageCount + 2),
                                QStringLiteral("cap the file")));
        QList<CheckResult> batch;
        for (int i = 1; i <= 2000; ++i)
            batch.append(makeCheck(i, clock.now()));
        QVERIFY(!checks.record(batch));
        const QString error = connection.lastError();
        QVERIFY2(error.contains(m_path), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("full")), qPrintable(error));
        // Nothing half-written, and the connection still works.
        QCOMPARE(checks.historyCount(), 1);
        QCOMPARE(checks.latest().size(), 1);
        QVERIFY(checks.record({makeCheck(1, clock.now())}));
    }

    void writerAndReaderThreadsDoNotLockEachOther()
    {
        LocalStore reader; // the GUI thread's connection
        QVERIFY2(reader.open(m_path), qPrintable(reader.lastError()));
        std::atomic<bool> writerDone = false;
        QString writerError;
        int batchesWritten = 0;
        QThread *writer = QThread::create([&] {
            LocalStore store; // the worker thread's own connection
            if (!store.open(m_path)) {
                writerError = store.lastError();
                writerDone = true;
                return;
            }
            for (int batch = 0; batch < 60 && writerError.isEmpty(); ++batch) {
                RunRecord run;
                run.startedAt = QDateTime::currentDateTimeUtc();
                QList<CheckResult> checks;
                QList<LearnerRecord> learners;
                for (int i = 0; i < 500; ++i) {
                    checks.append(makeCheck(batch * 500 + i, run.startedAt));
                    learners.append(makeLearner(batch * 500 + i));
                }
                run.state = RunState::Finished;
                if (!store.insertRun(run) || !store.upsertLearners(learners) || !store.recordChecks(checks) ||
                    !store.updateRun(run))
                    writerError = store.lastError();
                else
                    ++batchesWritten;
            }
            writerDone = true;
        });
        writer->start();
        int reads = 0;
        while (!writerDone) {
            reader.checkedLearners();
            reader.latestChecks();
            reader.recentRuns(20);
            // The GUI writes too, now and then: two writers wait for each other, never fail.
            reader.setValue(QStringLiteral("ui/lastRead"), QString::number(reads));
            QVERIFY2(reader.lastError().isEmpty(), qPrintable(reader.lastError()));
            ++reads;
        }
        QVERIFY(writer->wait(60000));
        delete writer;
        QVERIFY2(writerError.isEmpty(), qPrintable(writerError));
        QCOMPARE(batchesWritten, 60);
        QVERIFY(reads > 0);
        QCOMPARE(reader.learnerCount(), 30000);
        QCOMPARE(reader.recentRuns(100).size(), 60);
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
    int m_counter = 0;
};

QTEST_GUILESS_MAIN(StoreFailuresTest)
#include "tst_storefailures.moc"
