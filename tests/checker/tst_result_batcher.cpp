// ResultBatcher: what checks produce reaches the store first and the listeners in one signal per
// kind per flush, and a dry run changes nothing but the history.
#include "checker/ResultBatcher.h"
#include "store/LocalStore.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace cc;

namespace {
CheckedLearner checked(const QString &id, LearnerOutcome outcome, bool dryRun = false)
{
    CheckedLearner c;
    c.learner.id = id;
    c.learner.email = id + QStringLiteral("@example.com");
    c.learner.courseId = QStringLiteral("course-1");
    c.learner.status = outcome == LearnerOutcome::Completed && !dryRun ? QStringLiteral("completed")
                                                                       : QStringLiteral("enrolled");
    CheckResult r;
    r.runId = 0; // outside a run: the store needs no run record for it
    r.learnerId = id;
    r.email = c.learner.email;
    r.courseId = c.learner.courseId;
    r.outcome = outcome;
    r.checkedAt = QDateTime::currentDateTimeUtc();
    r.dryRun = dryRun;
    c.learner.lastCompletionCheck = r.checkedAt;
    c.latestCheck = r;
    return c;
}

ErrorEntry error(const QString &learnerId)
{
    ServiceError e;
    e.kind = ServiceError::Kind::Timeout;
    e.service = QStringLiteral("graphy");
    e.operation = QStringLiteral("learnerByEmail");
    e.message = QStringLiteral("no answer in 30 s");
    return ErrorEntry::fromServiceError(e, QDateTime::currentDateTimeUtc(), 0, learnerId,
                                        QStringLiteral("retried"));
}
} // namespace

class TestResultBatcher : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void flushWritesTheStoreThenSignalsOncePerKind();
    void dryRunGoesToHistoryOnly();
    void timerFlushesEverythingAddedInOneBatch();
    void errorOutsideACheckIsFlushedAtOnce();
    void emptyFlushSignalsNothing();
    void storeFailureIsReportedAndResultsStillReachListeners();
    void backlogIsWrittenWhenTheStoreWorksAgain();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LocalStore> m_store;
};

void TestResultBatcher::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_store = std::make_unique<LocalStore>();
    QVERIFY2(m_store->open(m_dir->filePath(QStringLiteral("store.sqlite"))),
             qPrintable(m_store->lastError()));
}

void TestResultBatcher::flushWritesTheStoreThenSignalsOncePerKind()
{
    ResultBatcher batcher(60000);
    batcher.setStore(m_store.get());
    int learnersInStoreWhenSignalled = -1;
    connect(&batcher, &ResultBatcher::learnersChecked, this,
            [&] { learnersInStoreWhenSignalled = m_store->learnerCount(); });
    QSignalSpy checkedSpy(&batcher, &ResultBatcher::learnersChecked);
    QSignalSpy errorsSpy(&batcher, &ResultBatcher::errorsLogged);
    QSignalSpy flushedSpy(&batcher, &ResultBatcher::checksFlushed);
    batcher.add(checked("a", LearnerOutcome::Completed), {});
    batcher.add(checked("b", LearnerOutcome::Failed), {error("b")});
    batcher.add(checked("c", LearnerOutcome::InProgress), {});
    QCOMPARE(checkedSpy.count(), 0); // nothing before the flush
    batcher.flush();
    QCOMPARE(checkedSpy.count(), 1);
    QCOMPARE(checkedSpy.first().first().value<QList<CheckedLearner>>().size(), 3);
    QCOMPARE(errorsSpy.count(), 1);
    QCOMPARE(errorsSpy.first().first().value<QList<ErrorEntry>>().first().learnerId, QStringLiteral("b"));
    QCOMPARE(flushedSpy.count(), 1);
    QCOMPARE(learnersInStoreWhenSignalled, 3); // listeners may read the store: it is written first
    QCOMPARE(m_store->latestChecks().size(), 3);
    QCOMPARE(m_store->errorCount(), 1);
    QCOMPARE(m_store->checkedLearners().size(), 3);
}

void TestResultBatcher::dryRunGoesToHistoryOnly()
{
    ResultBatcher batcher(60000);
    batcher.setStore(m_store.get());
    QSignalSpy checkedSpy(&batcher, &ResultBatcher::learnersChecked);
    batcher.add(checked("real", LearnerOutcome::InProgress), {});
    batcher.add(checked("dry", LearnerOutcome::Completed, true), {});
    batcher.flush();
    QCOMPARE(checkedSpy.count(), 1);
    QCOMPARE(checkedSpy.first().first().value<QList<CheckedLearner>>().size(), 2); // the report shows it
    QCOMPARE(m_store->checkHistory(QStringLiteral("dry"), 10).size(), 1);
    QVERIFY(!m_store->latestCheck(QStringLiteral("dry")).has_value());
    QCOMPARE(m_store->learnerCount(), 1);
    QCOMPARE(m_store->learners().first().id, QStringLiteral("real"));
}

void TestResultBatcher::timerFlushesEverythingAddedInOneBatch()
{
    ResultBatcher batcher(20);
    batcher.setStore(m_store.get());
    QSignalSpy checkedSpy(&batcher, &ResultBatcher::learnersChecked);
    for (int i = 0; i < 500; ++i)
        batcher.add(checked(QStringLiteral("l%1").arg(i), LearnerOutcome::InProgress), {});
    batcher.start();
    QVERIFY(checkedSpy.wait(5000));
    QCOMPARE(checkedSpy.count(), 1);
    QCOMPARE(checkedSpy.first().first().value<QList<CheckedLearner>>().size(), 500);
    QCOMPARE(m_store->learnerCount(), 500);
    batcher.stop();
    batcher.add(checked("late", LearnerOutcome::InProgress), {});
    QVERIFY(!checkedSpy.wait(200)); // stopped: no flush until asked
    batcher.flush();
    QCOMPARE(checkedSpy.count(), 2);
}

void TestResultBatcher::errorOutsideACheckIsFlushedAtOnce()
{
    ResultBatcher batcher(60000);
    batcher.setStore(m_store.get());
    QSignalSpy errorsSpy(&batcher, &ResultBatcher::errorsLogged);
    QSignalSpy checkedSpy(&batcher, &ResultBatcher::learnersChecked);
    batcher.add(checked("a", LearnerOutcome::InProgress), {});
    batcher.addError(error({}));
    QCOMPARE(errorsSpy.count(), 1);
    QCOMPARE(checkedSpy.count(), 1); // what was pending goes with it, in order
    QCOMPARE(m_store->errorCount(), 1);
}

void TestResultBatcher::emptyFlushSignalsNothing()
{
    ResultBatcher batcher(60000);
    batcher.setStore(m_store.get());
    QSignalSpy checkedSpy(&batcher, &ResultBatcher::learnersChecked);
    QSignalSpy errorsSpy(&batcher, &ResultBatcher::errorsLogged);
    QSignalSpy flushedSpy(&batcher, &ResultBatcher::checksFlushed);
    QSignalSpy failedSpy(&batcher, &ResultBatcher::storeFailed);
    batcher.flush();
    QCOMPARE(checkedSpy.count() + errorsSpy.count() + flushedSpy.count() + failedSpy.count(), 0);
}

void TestResultBatcher::storeFailureIsReportedAndResultsStillReachListeners()
{
    m_store->close();
    ResultBatcher batcher(60000);
    batcher.setStore(m_store.get());
    QSignalSpy checkedSpy(&batcher, &ResultBatcher::learnersChecked);
    QSignalSpy failedSpy(&batcher, &ResultBatcher::storeFailed);
    batcher.add(checked("a", LearnerOutcome::Completed), {});
    batcher.flush();
    QCOMPARE(failedSpy.count(), 1);
    QVERIFY2(!failedSpy.first().first().toString().isEmpty(), "the failure says what and why");
    QCOMPARE(checkedSpy.count(), 1); // the window still shows the check
}

void TestResultBatcher::backlogIsWrittenWhenTheStoreWorksAgain()
{
    const QString path = m_store->filePath();
    m_store->close();
    ResultBatcher batcher(60000);
    batcher.keepBacklog(true);
    batcher.setStore(m_store.get());
    QSignalSpy checkedSpy(&batcher, &ResultBatcher::learnersChecked);
    batcher.add(checked("a", LearnerOutcome::Completed), {error("a")});
    batcher.flush(); // fails: kept
    batcher.setStore(nullptr);
    batcher.add(checked("b", LearnerOutcome::InProgress), {});
    batcher.flush(); // no store: kept
    QCOMPARE(batcher.backlog(), 3);
    QCOMPARE(checkedSpy.count(), 2); // the window saw both at once

    QVERIFY2(m_store->open(path), qPrintable(m_store->lastError()));
    batcher.setStore(m_store.get());
    batcher.flush();
    QCOMPARE(batcher.backlog(), 0);
    QCOMPARE(m_store->learnerCount(), 2);
    QCOMPARE(m_store->errorCount(), 1);
    QCOMPARE(checkedSpy.count(), 2); // the backlog is history, not news: nothing sent twice
    batcher.flush();
    QCOMPARE(m_store->checkHistory(QStringLiteral("a"), 10).size(), 1); // and nothing written twice
}

QTEST_GUILESS_MAIN(TestResultBatcher)
#include "tst_result_batcher.moc"
