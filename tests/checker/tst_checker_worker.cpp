// CheckerWorker in its thread, driven through CheckerController: manual single checks (by ID, by
// e-mail, dry run, beside a run) and stopping a run.
#include "SandboxTestCase.h"
#include "WorkerHarness.h"
#include "store/LocalStore.h"
#include <QFile>
#include <QTemporaryDir>

#include "checker/CheckerController.h"
#include "checker/EventIdentity.h"

#include <QJsonArray>
#include <QTest>

using namespace rig;
using cc::LearnerOutcome;

namespace {
const QString kPatch = familytest::translated(
    QStringLiteral("PATCH /v1/databases/{databaseId}/collections/{collectionId}/documents/{documentId}"));
const QString kCreate = familytest::translated(
    QStringLiteral("POST /v1/databases/{databaseId}/collections/{collectionId}/documents"));

} // namespace

class TestCheckerWorker : public SandboxTestCase
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void manualCheck_data();
    void manualCheck();
    void dryRunWritesNothing_data();
    void dryRunWritesNothing();
    void unknownLearner_data();
    void unknownLearner();
    void manualCheckBesideRunNeverRaces();
    void stopRunAbortsInFlightWithoutErrors();
    void gatewayPagesMidRunLoseNoCompletion();
    void stopRunLeavesManualAndHealthChecksAlone();
    void storeThatCannotOpenIsRetriedAndLosesNothing();
    void systemHoldStopsTheRunAndReleaseWakesTheSchedule();

private:
    QString pick(const Snapshot &s, LearnerOutcome outcome) const;
};

void TestCheckerWorker::initTestCase()
{
    cc::CheckerController::registerMetaTypes();
    sandbox::SandboxOptions options;
    options.learners = 10;
    QString error;
    QVERIFY2(startSandbox(options, &error), qPrintable(error));
}

void TestCheckerWorker::init()
{
    QVERIFY(m_control->reset(Demo{80, 41, 3, 0.35, 0.3}.toJson()));
    QVERIFY(m_control->clearRequestCounts());
}

QString TestCheckerWorker::pick(const Snapshot &s, LearnerOutcome outcome) const
{
    for (const QString &id : s.enrolledIds()) {
        if (s.expectedOutcome(id) == outcome)
            return id;
    }
    return {};
}

void TestCheckerWorker::manualCheck_data()
{
    QTest::addColumn<bool>("byEmail");
    QTest::addColumn<LearnerOutcome>("outcome");
    QTest::newRow("by ID, completed in Graphy") << false << LearnerOutcome::Completed;
    QTest::newRow("by e-mail, completed in Graphy") << true << LearnerOutcome::Completed;
    QTest::newRow("by ID, in progress") << false << LearnerOutcome::InProgress;
    QTest::newRow("by e-mail, in progress") << true << LearnerOutcome::InProgress;
    QTest::newRow("by ID, unknown to Graphy") << false << LearnerOutcome::UnknownToGraphy;
}

void TestCheckerWorker::manualCheck()
{
    QFETCH(bool, byEmail);
    QFETCH(LearnerOutcome, outcome);
    const Snapshot before = Snapshot::take(*m_control);
    const QString id = pick(before, outcome);
    QVERIFY2(!id.isEmpty(), "the demo data has no such learner");
    const QJsonObject learner = before.learners.value(id);
    Harness h(fastSettings(m_host));
    const quint64 request =
        h.controller.checkLearner(byEmail ? learner.value(QStringLiteral("email")).toString() : id, false);
    const auto report = h.waitSingle(request);
    QVERIFY(report);
    QVERIFY2(report->error.isEmpty(), qPrintable(report->error));
    QVERIFY(!report->dryRun);
    QCOMPARE(report->entries.size(), 1);
    const auto &entry = report->entries.first();
    QCOMPARE(entry.result.learnerId, id);
    QCOMPARE(cc::outcomeName(entry.result.outcome), cc::outcomeName(outcome));
    QCOMPARE(entry.result.runId, 0);
    QTRY_VERIFY(std::any_of(h.checks.cbegin(), h.checks.cend(),
                            [&](const cc::CheckResult &c) { return c.learnerId == id; }));

    const Snapshot after = Snapshot::take(*m_control);
    const QJsonObject l = after.learners.value(id);
    QVERIFY(parseTime(l.value(QStringLiteral("last_completion_check"))).isValid());
    const QString eventId = expectedEventId(learner);
    if (outcome == LearnerOutcome::Completed) {
        QCOMPARE(l.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
        const QList<QJsonObject> events = after.eventsWithEventId(eventId);
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().value(QStringLiteral("$id")).toString(),
                 cc::EventIdentity::documentId(eventId));
        QCOMPARE(entry.writes.value(QStringLiteral("event"))
                     .toObject()
                     .value(QStringLiteral("documentId"))
                     .toString(),
                 cc::EventIdentity::documentId(eventId));
    } else {
        QCOMPARE(l.value(QStringLiteral("status")).toString(), QStringLiteral("enrolled"));
        QVERIFY(after.eventsWithEventId(eventId).isEmpty());
        QVERIFY(!entry.writes.contains(QStringLiteral("event")));
    }
    if (outcome == LearnerOutcome::UnknownToGraphy) {
        QVERIFY(entry.graphyCourse.isEmpty());
    } else {
        // Support staff see Graphy's raw answer for the course.
        QCOMPARE(entry.graphyCourse.value(QStringLiteral("id")).toString(),
                 learner.value(QStringLiteral("course_id")).toString());
        QCOMPARE(entry.graphyCourse.value(QStringLiteral("progress")).toDouble(),
                 before.graphyCourse(id).value(QStringLiteral("progress")).toDouble());
    }
    QCOMPARE(entry.writes.value(QStringLiteral("learner"))
                 .toObject()
                 .value(QStringLiteral("documentId"))
                 .toString(),
             id);
    QVERIFY(h.controller.shutdown());
}

void TestCheckerWorker::dryRunWritesNothing_data()
{
    QTest::addColumn<LearnerOutcome>("outcome");
    QTest::newRow("completed in Graphy") << LearnerOutcome::Completed;
    QTest::newRow("in progress") << LearnerOutcome::InProgress;
    // Completed in Graphy, and its event already recorded (the webhook path, or an earlier run whose
    // learner update failed): Apply would only update the learner, and the dry run says so.
    QTest::newRow("already recorded") << LearnerOutcome::AlreadyRecorded;
}

void TestCheckerWorker::dryRunWritesNothing()
{
    QFETCH(LearnerOutcome, outcome);
    const bool recorded = outcome == LearnerOutcome::AlreadyRecorded;
    const QString id = pick(Snapshot::take(*m_control), recorded ? LearnerOutcome::Completed : outcome);
    QVERIFY(!id.isEmpty());
    const QString eventId = expectedEventId(Snapshot::take(*m_control).learners.value(id));
    if (recorded) {
        EngineStack stack(fastSettings(m_host));
        QVERIFY(recordWebhookEvent(stack, Snapshot::take(*m_control).learners.value(id),
                                   QStringLiteral("2025-10-01T12:00:00.000+00:00")));
    }
    const Snapshot before = Snapshot::take(*m_control);
    Harness h(fastSettings(m_host));
    QVERIFY(m_control->clearRequestCounts());
    const auto report = h.waitSingle(h.controller.checkLearner(id, true));
    QVERIFY(report);
    QVERIFY2(report->error.isEmpty(), qPrintable(report->error));
    QVERIFY(report->dryRun);
    QCOMPARE(report->entries.size(), 1);
    const auto &entry = report->entries.first();
    QVERIFY(entry.result.dryRun);
    QCOMPARE(cc::outcomeName(entry.result.outcome), cc::outcomeName(outcome));

    // Nothing written...
    const Snapshot after = Snapshot::take(*m_control);
    QCOMPARE(after.learners, before.learners);
    QCOMPARE(after.events, before.events);
    QCOMPARE(m_control->routeCount(kPatch), 0);
    QCOMPARE(m_control->routeCount(kCreate), 0);
    // ...but the report shows what would have been.
    const QJsonObject learnerWrite = entry.writes.value(QStringLiteral("learner")).toObject();
    QCOMPARE(learnerWrite.value(QStringLiteral("documentId")).toString(), id);
    const QJsonObject patch = learnerWrite.value(QStringLiteral("data")).toObject();
    QVERIFY(patch.contains(QStringLiteral("last_completion_check")));
    QVERIFY(patch.value(QStringLiteral("completion_data")).isString());
    if (recorded) {
        const QJsonObject event = entry.writes.value(QStringLiteral("event")).toObject();
        QVERIFY(event.value(QStringLiteral("alreadyExisted")).toBool()); // shown, never to be written
        QVERIFY2(entry.result.detail.contains(
                     QStringLiteral("already recorded — Apply will only update the learner")),
                 qPrintable(entry.result.detail));
        QCOMPARE(patch.value(QStringLiteral("completed_at")).toString(),
                 QStringLiteral("2025-10-01T12:00:00.000+00:00")); // first seen, by the existing event
    }
    if (outcome == LearnerOutcome::Completed) {
        const QJsonObject event = entry.writes.value(QStringLiteral("event")).toObject();
        QCOMPARE(event.value(QStringLiteral("collection")).toString(), QStringLiteral("webhook_events"));
        QCOMPARE(event.value(QStringLiteral("documentId")).toString(),
                 cc::EventIdentity::documentId(eventId));
        const QJsonObject data = event.value(QStringLiteral("data")).toObject();
        QCOMPARE(data.value(QStringLiteral("event_id")).toString(), eventId);
        QCOMPARE(data.value(QStringLiteral("learner_id")).toString(), id);
        QCOMPARE(patch.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
        QCOMPARE(patch.value(QStringLiteral("completed_at")), data.value(QStringLiteral("received_at")));
    } else if (recorded) {
        QCOMPARE(patch.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
    } else {
        QVERIFY(!entry.writes.contains(QStringLiteral("event")));
        QVERIFY(!patch.contains(QStringLiteral("status")));
    }
    QVERIFY(h.controller.shutdown());
}

void TestCheckerWorker::unknownLearner_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("error");
    QTest::newRow("unknown ID") << "doesnotexist123"
                                << "no learner with ID";
    QTest::newRow("unknown e-mail") << "nobody@nowhere.example"
                                    << "no learner with e-mail";
    QTest::newRow("neither") << "not an id!"
                             << "neither an e-mail nor";
}

void TestCheckerWorker::unknownLearner()
{
    QFETCH(QString, query);
    QFETCH(QString, error);
    Harness h(fastSettings(m_host));
    const auto report = h.waitSingle(h.controller.checkLearner(query, false));
    QVERIFY(report);
    QVERIFY2(report->error.contains(error), qPrintable(report->error));
    QVERIFY(report->entries.isEmpty());
    QVERIFY(!report->serviceFailure);
    QVERIFY(h.controller.shutdown());
}

void TestCheckerWorker::manualCheckBesideRunNeverRaces()
{
    // The first learner the run takes is the one support checks by hand at the same moment.
    const Snapshot before = Snapshot::take(*m_control);
    const QStringList never = before.idsWhere([](const QJsonObject &l) {
        return l.value(QStringLiteral("status")).toString() == QLatin1String("enrolled") &&
               l.value(QStringLiteral("last_completion_check")).isNull();
    });
    QString id;
    for (const QString &candidate : never) {
        const LearnerOutcome o = before.expectedOutcome(candidate);
        if (o == LearnerOutcome::Completed || o == LearnerOutcome::InProgress) {
            id = candidate;
            break;
        }
    }
    QVERIFY(!id.isEmpty());
    const QJsonObject learner = before.learners.value(id);
    QVERIFY(m_control->setProgress(learner.value(QStringLiteral("email")).toString(),
                                   learner.value(QStringLiteral("course_id")).toString(), 100, true,
                                   QStringLiteral("all")));
    const int latencyMs = 200;
    QVERIFY(m_control->addFault(fault(QStringLiteral("graphy"), QStringLiteral("latency"),
                                      {{QStringLiteral("latencyMs"), latencyMs}})));

    cc::EngineSettings s = fastSettings(m_host);
    s.concurrency = 8;
    Harness h(s);
    h.controller.call(&cc::CheckerWorker::runNow, cc::RunTrigger::Manual, 7);
    const quint64 request = h.controller.checkLearner(id, false);
    h.controller.call(&cc::CheckerWorker::runNow, cc::RunTrigger::Manual, 7); // only one run at a time
    const auto report = h.waitSingle(request);
    QVERIFY(report);
    QVERIFY2(report->error.isEmpty(), qPrintable(report->error));
    QTRY_COMPARE_WITH_TIMEOUT(h.runsFinished.size(), 1, 30000);
    QTRY_COMPARE(h.refused.size(), 1);
    const cc::RunRecord run = h.runsFinished.first();
    QCOMPARE(cc::runStateName(run.state), cc::runStateName(cc::RunState::Finished));
    QCOMPARE(run.errors, 0);

    QList<cc::CheckResult> mine;
    for (const cc::CheckResult &c : std::as_const(h.checks)) {
        if (c.learnerId == id)
            mine << c;
    }
    // Both checked the learner (the run had listed it before the manual check could finish)...
    QCOMPARE(mine.size(), 2);
    // ...one after the other: one recorded the completion; the other, holding a read from before
    // it, read the learner again, found it completed and wrote nothing (docs/ARCHITECTURE.md §5.11).
    QStringList outcomes{cc::outcomeName(mine[0].outcome), cc::outcomeName(mine[1].outcome)};
    outcomes.sort();
    QCOMPARE(outcomes, (QStringList{cc::outcomeName(LearnerOutcome::Completed),
                                    cc::outcomeName(LearnerOutcome::Skipped)}));
    const cc::CheckResult &second = mine[0].outcome == LearnerOutcome::Skipped ? mine[0] : mine[1];
    QVERIFY2(second.detail.contains(QStringLiteral("'enrolled' → 'completed'")), qPrintable(second.detail));
    const qint64 apart = std::abs(mine[0].checkedAt.msecsTo(mine[1].checkedAt));
    QVERIFY2(apart >= latencyMs * 8 / 10,
             qPrintable(QStringLiteral("the two checks overlapped (%1 ms apart)").arg(apart)));

    const Snapshot after = Snapshot::take(*m_control);
    const QList<QJsonObject> events = after.eventsWithEventId(expectedEventId(learner));
    QCOMPARE(events.size(), 1);
    const QJsonObject l = after.learners.value(id);
    QCOMPARE(l.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
    QCOMPARE(parseTime(l.value(QStringLiteral("completed_at"))),
             parseTime(events.first().value(QStringLiteral("received_at"))));
    QVERIFY(h.controller.shutdown());
}

void TestCheckerWorker::stopRunAbortsInFlightWithoutErrors()
{
    const Snapshot before = Snapshot::take(*m_control);
    QVERIFY(m_control->addFault(
        fault(QStringLiteral("graphy"), QStringLiteral("latency"), {{QStringLiteral("latencyMs"), 300}})));
    Harness h(fastSettings(m_host));
    h.controller.call(&cc::CheckerWorker::runNow, cc::RunTrigger::Manual, 7);
    QTRY_VERIFY_WITH_TIMEOUT(!h.checks.isEmpty(), 20000);
    const QString reason = QStringLiteral("stopped by the operator");
    h.controller.call(&cc::CheckerWorker::stopRun, reason);
    QTRY_COMPARE_WITH_TIMEOUT(h.runsFinished.size(), 1, 10000);
    const cc::RunRecord run = h.runsFinished.first();
    QCOMPARE(cc::runStateName(run.state), cc::runStateName(cc::RunState::Partial));
    QCOMPARE(run.endReason, reason);
    QVERIFY(!run.serviceUnavailable);
    // Aborted checks are neither errors nor verdicts: the learners keep their place.
    QCOMPARE(run.errors, 0);
    QCOMPARE(run.processed, int(h.checks.size()));
    QVERIFY(run.processed < before.enrolledIds().size());
    QSet<QString> checked;
    for (const cc::CheckResult &c : std::as_const(h.checks))
        checked.insert(c.learnerId);
    const Snapshot after = Snapshot::take(*m_control);
    for (const QString &id : before.enrolledIds()) {
        if (!checked.contains(id))
            QCOMPARE(after.learners.value(id), before.learners.value(id));
    }
    // The worker takes the next run at once.
    QVERIFY(m_control->clearFaults());
    h.controller.call(&cc::CheckerWorker::runNow, cc::RunTrigger::Manual, 0);
    QTRY_COMPARE_WITH_TIMEOUT(h.runsFinished.size(), 2, 30000);
    QCOMPARE(cc::runStateName(h.runsFinished.last().state), cc::runStateName(cc::RunState::Finished));
    QVERIFY(h.refused.isEmpty());
    // Shutting down in the middle of a run ends within the bound.
    QVERIFY(m_control->addFault(
        fault(QStringLiteral("graphy"), QStringLiteral("latency"), {{QStringLiteral("latencyMs"), 300}})));
    h.controller.call(&cc::CheckerWorker::runNow, cc::RunTrigger::Manual, 0);
    QTRY_COMPARE_WITH_TIMEOUT(h.checks.size() > int(run.processed) + h.runsFinished.last().processed, true,
                              20000);
    QVERIFY(h.controller.shutdown(5000));
}

void TestCheckerWorker::gatewayPagesMidRunLoseNoCompletion()
{
    // A long-running checker meets a gateway's HTML 404 on Graphy's v2 search during a deploy. It
    // must not fall back to v1 (no progress there) for the rest of its life: the learners it met
    // are failed and checked again, and every completion is recorded by the following run.
    const Snapshot before = Snapshot::take(*m_control);
    const QStringList complete = before.enrolledGraphyComplete();
    QVERIFY(!complete.isEmpty());
    QVERIFY(m_control->addFault(QJsonObject{{"api", "graphy"},
                                            {"kind", "html"},
                                            {"status", 404},
                                            {"path", "/public/v2/learners"},
                                            {"probability", 0.3},
                                            {"count", 4}}));
    Harness h(fastSettings(m_host));
    h.controller.call(&cc::CheckerWorker::runNow, cc::RunTrigger::Manual, 0);
    QTRY_COMPARE_WITH_TIMEOUT(h.runsFinished.size(), 1, 30000);
    QCOMPARE(h.runsFinished.first().errors, 4);
    h.controller.call(&cc::CheckerWorker::runNow, cc::RunTrigger::Manual, 0);
    QTRY_COMPARE_WITH_TIMEOUT(h.runsFinished.size(), 2, 30000);
    QCOMPARE(h.runsFinished.last().errors, 0);
    QCOMPARE(m_control->routeCount(QStringLiteral("GET /public/v1/learners")), 0);
    const Snapshot after = Snapshot::take(*m_control);
    for (const QString &id : complete) {
        QCOMPARE(after.learners.value(id).value("status").toString(), QStringLiteral("completed"));
        QCOMPARE(after.eventsWithEventId(expectedEventId(before.learners.value(id))).size(), 1);
    }
}

void TestCheckerWorker::stopRunLeavesManualAndHealthChecksAlone()
{
    const Snapshot before = Snapshot::take(*m_control);
    const QString id = pick(before, LearnerOutcome::InProgress);
    QVERIFY(!id.isEmpty());
    QVERIFY(m_control->addFault(
        fault(QStringLiteral("graphy"), QStringLiteral("latency"), {{QStringLiteral("latencyMs"), 400}})));
    Harness h(fastSettings(m_host));
    h.controller.call(&cc::CheckerWorker::runNow, cc::RunTrigger::Manual, 0);
    QTRY_VERIFY_WITH_TIMEOUT(!h.checks.isEmpty(), 20000);
    // The operator checks one learner and the services while the run goes on, then stops the run.
    const quint64 request =
        h.controller.checkLearner(before.learners.value(id).value("email").toString(), false);
    h.controller.call(&cc::CheckerWorker::checkHealth);
    h.controller.call(&cc::CheckerWorker::stopRun, QStringLiteral("stopped by the operator"));
    QTRY_COMPARE_WITH_TIMEOUT(h.runsFinished.size(), 1, 10000);
    const auto report = h.waitSingle(request);
    QVERIFY(report);
    QVERIFY2(report->error.isEmpty(), qPrintable(report->error));
    QCOMPARE(report->entries.size(), 1);
    QCOMPARE(cc::outcomeName(report->entries.first().result.outcome),
             cc::outcomeName(LearnerOutcome::InProgress));
    const auto health = h.waitHealth();
    QVERIFY(health);
    QVERIFY2(health->servicesOk(), qPrintable(health->graphy.message + health->appwrite.message));
}

void TestCheckerWorker::storeThatCannotOpenIsRetriedAndLosesNothing()
{
    // The data directory cannot be created (a file is in the way): the checker runs anyway, keeps
    // its results, and saves them once the database can be opened, without a restart.
    QTemporaryDir dir;
    const QString blocker = dir.filePath(QStringLiteral("data"));
    QFile file(blocker);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    const QString database = blocker + QStringLiteral("/completion-checker.sqlite");
    Harness h(fastSettings(m_host), database, 50);
    QTRY_VERIFY_WITH_TIMEOUT(!h.storeProblems.isEmpty(), 10000);
    QVERIFY2(h.storeProblems.first().contains("kept in memory"), qPrintable(h.storeProblems.first()));
    h.controller.call(&cc::CheckerWorker::runNow, cc::RunTrigger::Manual, 0);
    QTRY_COMPARE_WITH_TIMEOUT(h.runsFinished.size(), 1, 30000);
    const int checked = h.runsFinished.first().processed;
    QVERIFY(checked > 0);
    QCOMPARE(h.storeRecoveries, 0);

    QVERIFY(QFile::remove(blocker)); // the operator frees the path
    QTRY_COMPARE_WITH_TIMEOUT(h.storeRecoveries, 1, 20000);
    QVERIFY(h.controller.shutdown(5000));
    cc::LocalStore store;
    QVERIFY2(store.open(database), qPrintable(store.lastError()));
    QCOMPARE(store.latestChecks().size(), checked);
}

void TestCheckerWorker::systemHoldStopsTheRunAndReleaseWakesTheSchedule()
{
    // The machine goes to sleep during a run: the run stops with the reason (its learners keep
    // their place, nothing is logged as an error) and the schedule says it is held until released.
    QVERIFY(m_control->addFault(
        fault(QStringLiteral("graphy"), QStringLiteral("latency"), {{QStringLiteral("latencyMs"), 300}})));
    Harness h(fastSettings(m_host));
    QStringList holds;
    connect(h.controller.worker(), &cc::CheckerWorker::scheduleHeld, &h,
            [&holds](const QString &reason) { holds << reason; });
    h.controller.call(&cc::CheckerWorker::startSchedule);
    h.controller.call(&cc::CheckerWorker::runNow, cc::RunTrigger::Manual, 7);
    QTRY_VERIFY_WITH_TIMEOUT(!h.checks.isEmpty(), 20000);
    const QString reason = QStringLiteral("the system is going to sleep");
    h.controller.call(&cc::CheckerWorker::holdSchedule, reason);
    QTRY_COMPARE_WITH_TIMEOUT(h.runsFinished.size(), 1, 10000);
    QCOMPARE(h.runsFinished.first().state, cc::RunState::Partial);
    QCOMPARE(h.runsFinished.first().endReason, reason);
    QCOMPARE(h.runsFinished.first().errors, 0);
    QTRY_COMPARE(holds, QStringList{reason});
    h.controller.call(&cc::CheckerWorker::releaseSchedule);
    QTRY_COMPARE(holds, (QStringList{reason, QString()}));
    h.controller.call(&cc::CheckerWorker::releaseSchedule);                   // not held: nothing more
    h.controller.call(&cc::CheckerWorker::runNow, cc::RunTrigger::Manual, 7); // and the worker still works
    QTRY_COMPARE_WITH_TIMEOUT(h.runsFinished.size(), 2, 30000);
    QCOMPARE(holds.size(), 2);
}

QTEST_GUILESS_MAIN(TestCheckerWorker)
#include "tst_checker_worker.moc"
