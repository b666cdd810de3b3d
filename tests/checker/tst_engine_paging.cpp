// Paging, fairness and the run deadline (docs/ARCHITECTURE.md §5.4, §5.6): a run visits each enrolled learner
// at most once, never-checked first then least-recently-checked, terminates, and skips nobody forever.
#include "EngineRig.h"
#include "SandboxTestCase.h"

#include <QJsonArray>
#include <QTest>
#include <algorithm>

using namespace rig;
using cc::LearnerOutcome;

namespace {
const QString kList = familytest::translated(
    QStringLiteral("GET /v1/databases/{databaseId}/collections/{collectionId}/documents"));
const QString kGraphy = QStringLiteral("GET /public/v2/learners");

QJsonObject graphyLatency(int ms)
{
    return fault(QStringLiteral("graphy"), QStringLiteral("latency"), {{QStringLiteral("latencyMs"), ms}});
}
} // namespace

class TestEnginePaging : public SandboxTestCase
{
    Q_OBJECT

private slots:
    void initTestCase();
    void fullRunVisitsExactlyTheEnrolledAtStart_data();
    void fullRunVisitsExactlyTheEnrolledAtStart();
    void successiveRunsAreFairAndCoverEveryone_data();
    void successiveRunsAreFairAndCoverEveryone();
    void deadlineEndsRunPartialAfterInFlightFinish_data();
    void deadlineEndsRunPartialAfterInFlightFinish();

private:
    // Checks the order a run took its learners in against the state at its start.
    void verifyOrder(const Snapshot &before, const RunCapture &run);
};

void TestEnginePaging::initTestCase()
{
    sandbox::SandboxOptions options;
    options.learners = 10;
    QString error;
    QVERIFY2(startSandbox(options, &error), qPrintable(error));
}

void TestEnginePaging::verifyOrder(const Snapshot &before, const RunCapture &run)
{
    const QDateTime start = run.record.startedAt;
    const QSet<QString> checked = run.checkedIds();
    const QStringList never = before.idsWhere([](const QJsonObject &l) {
        return l.value(QStringLiteral("status")).toString() == QLatin1String("enrolled") &&
               l.value(QStringLiteral("last_completion_check")).isNull();
    });
    const QStringList earlier = before.idsWhere([&](const QJsonObject &l) {
        return l.value(QStringLiteral("status")).toString() == QLatin1String("enrolled") &&
               !l.value(QStringLiteral("last_completion_check")).isNull() &&
               parseTime(l.value(QStringLiteral("last_completion_check"))) < start;
    });
    // Phase 1 is a prefix of the never-checked in insertion ($sequence) order.
    bool gap = false;
    for (const QString &id : never) {
        if (!checked.contains(id))
            gap = true;
        else
            QVERIFY2(!gap,
                     qPrintable(QStringLiteral("never-checked %1 taken after one was left out").arg(id)));
    }
    // Phase 2 only once phase 1 is through, and a prefix by last check.
    QDateTime latestTaken, earliestLeft;
    bool anyEarlierTaken = false;
    for (const QString &id : earlier) {
        const QDateTime t =
            parseTime(before.learners.value(id).value(QStringLiteral("last_completion_check")));
        if (checked.contains(id)) {
            anyEarlierTaken = true;
            latestTaken = latestTaken.isValid() ? std::max(latestTaken, t) : t;
        } else {
            earliestLeft = earliestLeft.isValid() ? std::min(earliestLeft, t) : t;
        }
    }
    if (anyEarlierTaken) {
        QVERIFY2(!gap, "a learner checked before was taken while a never-checked one waited");
        if (earliestLeft.isValid())
            QVERIFY2(latestTaken <= earliestLeft,
                     "a more recently checked learner was taken before a less recent one");
    }
    // Nobody outside the two filters (e.g. not enrolled) was taken.
    for (const QString &id : checked)
        QVERIFY2(never.contains(id) || earlier.contains(id), qPrintable(id));
}

void TestEnginePaging::fullRunVisitsExactlyTheEnrolledAtStart_data()
{
    QTest::addColumn<int>("learners");
    QTest::addColumn<double>("checkedShare");
    QTest::addColumn<int>("batch");
    QTest::addColumn<int>("concurrency");
    // More in flight than a page holds: the run updates a page's learners before the next page
    // is asked for; cursor paging on such a learner (naive paging) would skip everyone after it.
    QTest::newRow("batch 7, 8 in flight") << 180 << 0.5 << 7 << 8;
    QTest::newRow("batch 3, 12 in flight") << 90 << 0.6 << 3 << 12;
    QTest::newRow("batch 1, 3 in flight") << 40 << 0.5 << 1 << 3;
    QTest::newRow("batch 50, 4 in flight") << 130 << 0.4 << 50 << 4;
    QTest::newRow("exact multiple of the batch") << 0 << 0.5 << 5 << 6; // learners chosen below
}

void TestEnginePaging::fullRunVisitsExactlyTheEnrolledAtStart()
{
    QFETCH(int, learners);
    QFETCH(double, checkedShare);
    QFETCH(int, batch);
    QFETCH(int, concurrency);
    QVERIFY(m_control->reset(Demo{learners > 0 ? learners : 60, 17, 3, 0.3, checkedShare}.toJson()));
    cc::EngineSettings s = fastSettings(m_host);
    s.batchSize = batch;
    s.concurrency = concurrency;
    EngineStack stack(s);

    // Twice: the second run finds everybody in phase 2, ordered by checks of the first run.
    for (int round = 1; round <= 2; ++round) {
        QVERIFY(m_control->clearRequestCounts());
        const Snapshot before = Snapshot::take(*m_control);
        const QStringList enrolled = before.enrolledIds();
        const int never =
            int(before
                    .idsWhere([](const QJsonObject &l) {
                        return l.value(QStringLiteral("status")).toString() == QLatin1String("enrolled") &&
                               l.value(QStringLiteral("last_completion_check")).isNull();
                    })
                    .size());
        const int earlier = int(enrolled.size()) - never;
        const RunCapture run = stack.run(round);
        QVERIFY2(run.finished, qPrintable(run.describe()));
        QCOMPARE(cc::runStateName(run.record.state), cc::runStateName(cc::RunState::Finished));
        QVERIFY2(run.duplicateIds().isEmpty(), qPrintable(run.duplicateIds().join(',')));
        const QSet<QString> want(enrolled.cbegin(), enrolled.cend());
        const QSet<QString> got = run.checkedIds();
        QVERIFY2(got == want,
                 qPrintable(QStringLiteral("round %1: %2 enrolled at start, %3 checked, %4 skipped")
                                .arg(round)
                                .arg(want.size())
                                .arg(got.size())
                                .arg((want - got).size())));
        QCOMPARE(run.record.errors, 0);
        // One Graphy lookup per learner: nobody was visited twice.
        QCOMPARE(m_control->routeCount(kGraphy), int(enrolled.size()));
        // Pages: each phase asks until a short page (an exact multiple needs one empty page),
        // plus the one count request for the progress bar.
        QCOMPARE(m_control->routeCount(kList), 1 + (never / batch + 1) + (earlier / batch + 1));
        if (round == 1 && batch <= 7) {
            QVERIFY2(never / batch >= 2 && earlier / batch >= 2, "several pages in both phases");
        }
        if (round == 2) {
            QCOMPARE(never, 0);
        }
        verifyOrder(before, run);

        if (learners == 0 && round == 1) {
            // Make phase 2 of round 2 an exact multiple of the batch: complete learners in Graphy
            // until the number left enrolled is divisible by it.
            const Snapshot now = Snapshot::take(*m_control);
            QStringList open = now.idsWhere([&](const QJsonObject &l) {
                return l.value(QStringLiteral("status")).toString() == QLatin1String("enrolled") &&
                       now.expectedOutcome(l.value(QStringLiteral("$id")).toString()) ==
                           LearnerOutcome::InProgress;
            });
            int left = int(now.enrolledIds().size());
            while (left % batch != 0 && !open.isEmpty()) {
                const QJsonObject l = now.learners.value(open.takeFirst());
                QVERIFY(m_control->setProgress(l.value(QStringLiteral("email")).toString(),
                                               l.value(QStringLiteral("course_id")).toString(), 100, true,
                                               QStringLiteral("all")));
                // Completed by run 2 — still enrolled at its start, so still in its phase 2.
                --left;
            }
        }
    }
}

void TestEnginePaging::successiveRunsAreFairAndCoverEveryone_data()
{
    QTest::addColumn<int>("learners");
    QTest::addColumn<double>("checkedShare");
    QTest::addColumn<int>("batch");
    QTest::addColumn<int>("concurrency");
    QTest::addColumn<int>("latencyMs");
    QTest::addColumn<int>("deadlineMs");
    QTest::newRow("batch 7, 4 in flight, 60 ms Graphy") << 150 << 0.5 << 7 << 4 << 60 << 700;
    QTest::newRow("batch 3, 6 in flight, 80 ms Graphy") << 110 << 0.6 << 3 << 6 << 80 << 600;
}

void TestEnginePaging::successiveRunsAreFairAndCoverEveryone()
{
    QFETCH(int, learners);
    QFETCH(double, checkedShare);
    QFETCH(int, batch);
    QFETCH(int, concurrency);
    QFETCH(int, latencyMs);
    QFETCH(int, deadlineMs);
    QVERIFY(m_control->reset(Demo{learners, 23, 4, 0.3, checkedShare}.toJson()));
    QVERIFY(m_control->addFault(graphyLatency(latencyMs)));
    cc::EngineSettings s = fastSettings(m_host);
    s.batchSize = batch;
    s.concurrency = concurrency;
    s.runDeadlineMs = deadlineMs;
    EngineStack stack(s);

    const Snapshot first = Snapshot::take(*m_control);
    const QStringList all = first.enrolledIds();
    QSet<QString> covered;
    int runs = 0, partial = 0;
    while (covered.size() < all.size()) {
        QVERIFY2(runs < 40, "successive runs never got round to everybody");
        ++runs;
        QVERIFY(m_control->clearRequestCounts());
        const Snapshot before = Snapshot::take(*m_control);
        const RunCapture run = stack.run(runs);
        QVERIFY2(run.finished, qPrintable(run.describe()));
        QVERIFY2(run.duplicateIds().isEmpty(), qPrintable(run.duplicateIds().join(',')));
        QCOMPARE(run.record.errors, 0);
        QCOMPARE(m_control->routeCount(kGraphy), int(run.results.size()));
        const QSet<QString> checked = run.checkedIds();
        QVERIFY(!checked.isEmpty());
        if (run.record.state == cc::RunState::Partial) {
            ++partial;
            QVERIFY2(run.record.endReason.contains(QStringLiteral("deadline")),
                     qPrintable(run.record.endReason));
            QVERIFY(!run.record.serviceUnavailable);
        } else {
            QCOMPARE(cc::runStateName(run.record.state), cc::runStateName(cc::RunState::Finished));
            const QStringList enrolled = before.enrolledIds();
            QCOMPARE(checked, QSet<QString>(enrolled.cbegin(), enrolled.cend()));
        }
        verifyOrder(before, run);
        // Fair: nobody is checked a second time while someone has not been checked at all — a run
        // that re-checks anyone has first taken everyone not yet covered.
        if (checked.intersects(covered)) {
            for (const QString &id : all)
                QVERIFY2(covered.contains(id) || checked.contains(id),
                         qPrintable(
                             QStringLiteral("run %1 re-checked learners while %2 waited").arg(runs).arg(id)));
        }
        covered.unite(checked);
    }
    QCOMPARE(covered, QSet<QString>(all.cbegin(), all.cend()));
    QVERIFY2(partial >= 1, "the deadline never cut a run: the test did not exercise paging across runs");
    QVERIFY(runs >= 2);
    // Everybody still enrolled has been checked since the first run began.
    const Snapshot last = Snapshot::take(*m_control);
    for (const QString &id : last.enrolledIds())
        QVERIFY(!last.learners.value(id).value(QStringLiteral("last_completion_check")).isNull());
}

void TestEnginePaging::deadlineEndsRunPartialAfterInFlightFinish_data()
{
    QTest::addColumn<int>("concurrency");
    QTest::addColumn<int>("latencyMs");
    QTest::addColumn<int>("deadlineMs");
    QTest::newRow("3 in flight, 250 ms Graphy, 1 s deadline") << 3 << 250 << 1000;
    QTest::newRow("8 in flight, 150 ms Graphy, 0.8 s deadline") << 8 << 150 << 800;
}

void TestEnginePaging::deadlineEndsRunPartialAfterInFlightFinish()
{
    QFETCH(int, concurrency);
    QFETCH(int, latencyMs);
    QFETCH(int, deadlineMs);
    QVERIFY(m_control->reset(Demo{150, 29, 3, 0.3, 0.3}.toJson()));
    QVERIFY(m_control->addFault(graphyLatency(latencyMs)));
    QVERIFY(m_control->clearRequestCounts());
    const Snapshot before = Snapshot::take(*m_control);
    cc::EngineSettings s = fastSettings(m_host);
    s.concurrency = concurrency;
    s.runDeadlineMs = deadlineMs;
    EngineStack stack(s);
    const RunCapture run = stack.run();
    QVERIFY2(run.finished, qPrintable(run.describe()));
    const cc::RunRecord &r = run.record;
    QCOMPARE(cc::runStateName(r.state), cc::runStateName(cc::RunState::Partial));
    QVERIFY2(r.endReason.contains(QStringLiteral("run deadline of %1 s").arg(deadlineMs / 1000.0)),
             qPrintable(r.endReason));
    QVERIFY(!r.serviceUnavailable);
    QCOMPARE(r.errors, 0);
    QVERIFY(r.processed > 0 && r.processed < before.enrolledIds().size());
    // In-flight checks finished: every lookup sent produced a counted verdict, none was dropped.
    QCOMPARE(int(run.results.size()), r.processed);
    QCOMPARE(m_control->routeCount(kGraphy), r.processed);
    QVERIFY(r.durationMs() >= deadlineMs);
    QVERIFY2(r.durationMs() < deadlineMs + 2 * latencyMs + 2000, qPrintable(QString::number(r.durationMs())));
    const QDateTime deadline = r.startedAt.addMSecs(deadlineMs);
    QVERIFY2(std::any_of(run.results.cbegin(), run.results.cend(),
                         [&](const cc::CheckResult &c) { return c.checkedAt > deadline; }),
             "no check was in flight at the deadline");
    const Snapshot after = Snapshot::take(*m_control);
    const QSet<QString> checked = run.checkedIds();
    for (const QString &id : before.enrolledIds()) {
        if (checked.contains(id))
            QVERIFY(parseTime(after.learners.value(id).value(QStringLiteral("last_completion_check"))) >=
                    r.startedAt);
        else
            QCOMPARE(after.learners.value(id), before.learners.value(id)); // keeps its place for the next run
    }
}

QTEST_GUILESS_MAIN(TestEnginePaging)
#include "tst_engine_paging.moc"
