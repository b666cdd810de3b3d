// RunEngine against the sandbox: a run over the demo data (outcomes, figures, writes and their
// order) and idempotency across runs (docs/ARCHITECTURE.md §5.1–5.4, §5.10).
#include "EngineRig.h"
#include "SandboxTestCase.h"

#include "base/Clock.h"
#include "checker/EventIdentity.h"
#include "checker/HealthCheck.h"
#include "checker/RunEngine.h"
#include "net/AppwriteClient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace rig;
using cc::LearnerOutcome;

namespace {
// A machine whose clock is a day ahead.
class SkewedClock : public cc::Clock
{
public:
    explicit SkewedClock(qint64 offsetMs) : m_offsetMs(offsetMs) {}
    QDateTime now() const override { return QDateTime::currentDateTimeUtc().addMSecs(m_offsetMs); }
    qint64 monotonicMs() const override { return cc::SystemClock::instance()->monotonicMs(); }

private:
    qint64 m_offsetMs;
};
} // namespace

class TestEngineRun : public SandboxTestCase
{
    Q_OBJECT

private slots:
    void initTestCase();
    void demoRun_data();
    void demoRun();
    void secondRunWritesNothingNew();
    void failedLearnerUpdateIsRepairedNextRun();
    void stuckLearnersGoLast();
    void eventMadeElsewhereCountsAsAlreadyRecorded();
    void clockAheadNeverWritesFutureCheckTimes();
    void everyServerVersion_data();
    void everyServerVersion();

private:
    void reset(const Demo &demo);
};

void TestEngineRun::initTestCase()
{
    sandbox::SandboxOptions options;
    options.learners = 10;
    QString error;
    QVERIFY2(startSandbox(options, &error), qPrintable(error));
}

void TestEngineRun::reset(const Demo &demo)
{
    QVERIFY(m_control->reset(demo.toJson()));
    QVERIFY(m_control->clearRequestCounts());
}

void TestEngineRun::demoRun_data()
{
    QTest::addColumn<int>("learners");
    QTest::addColumn<int>("seed");
    QTest::addColumn<int>("batch");
    QTest::addColumn<int>("concurrency");
    QTest::newRow("200 learners, batch 7, 6 in flight") << 200 << 11 << 7 << 6;
    QTest::newRow("60 learners, batch 50, one at a time") << 60 << 3 << 50 << 1;
    QTest::newRow("150 learners, batch 1, 12 in flight") << 150 << 5 << 1 << 12;
}

void TestEngineRun::demoRun()
{
    QFETCH(int, learners);
    QFETCH(int, seed);
    QFETCH(int, batch);
    QFETCH(int, concurrency);
    reset({learners, quint32(seed), 4, 0.35, 0.4});
    const Snapshot before = Snapshot::take(*m_control);
    const QStringList enrolled = before.enrolledIds();
    QVERIFY(enrolled.size() > learners / 2);

    cc::EngineSettings s = fastSettings(m_host);
    s.batchSize = batch;
    s.concurrency = concurrency;
    EngineStack stack(s);
    const RunCapture run = stack.run();
    QVERIFY2(run.finished, qPrintable(run.describe()));
    const Snapshot after = Snapshot::take(*m_control);
    const cc::RunRecord &r = run.record;

    // The run: finished normally, each enrolled learner exactly once.
    QCOMPARE(cc::runStateName(r.state), cc::runStateName(cc::RunState::Finished));
    QVERIFY2(r.endReason.isEmpty(), qPrintable(r.endReason));
    QVERIFY(!r.serviceUnavailable);
    QVERIFY2(run.duplicateIds().isEmpty(), qPrintable(run.duplicateIds().join(',')));
    QCOMPARE(run.checkedIds(), QSet<QString>(enrolled.cbegin(), enrolled.cend()));
    QCOMPARE(m_control->routeCount(QStringLiteral("GET /public/v2/learners")), enrolled.size());

    // Figures agree with the results and with the dump.
    int complete = 0, inProgress = 0, notFound = 0;
    for (const QString &id : enrolled) {
        const LearnerOutcome want = before.expectedOutcome(id);
        const cc::CheckResult *got = run.result(id);
        QVERIFY(got);
        QVERIFY2(got->outcome == want,
                 qPrintable(QStringLiteral("%1: %2 instead of %3 (%4)")
                                .arg(id, cc::outcomeName(got->outcome), cc::outcomeName(want), got->detail)));
        complete += want == LearnerOutcome::Completed;
        inProgress += want == LearnerOutcome::InProgress;
        notFound += want == LearnerOutcome::UnknownToGraphy || want == LearnerOutcome::NotInCourse;
    }
    QVERIFY(complete > 0 && inProgress > 0 && notFound > 0); // the data exercises every outcome
    QCOMPARE(r.processed, enrolled.size());
    QCOMPARE(r.completed, complete);
    QCOMPARE(r.alreadyRecorded, 0);
    QCOMPARE(r.inProgress, inProgress);
    QCOMPARE(r.notFound, notFound);
    QCOMPARE(r.errors, 0);
    QVERIFY(run.errors.isEmpty());
    QCOMPARE(r.total, enrolled.size());
    QVERIFY(r.startedAt.isValid() && r.finishedAt >= r.startedAt);
    QCOMPARE(after.events.size(), before.events.size() + complete);

    for (const QString &id : enrolled) {
        const QJsonObject l = after.learners.value(id);
        const LearnerOutcome want = before.expectedOutcome(id);
        const QDateTime checked = parseTime(l.value(QStringLiteral("last_completion_check")));
        QVERIFY2(checked >= r.startedAt.addMSecs(-1) && checked <= r.finishedAt.addMSecs(1), qPrintable(id));
        // What the engine says the learner now is, is what Appwrite has.
        QCOMPARE(run.after.value(id).status, l.value(QStringLiteral("status")).toString());
        QCOMPARE(run.after.value(id).lastCompletionCheck, checked);

        const QString eventId = expectedEventId(l);
        const QList<QJsonObject> events = after.eventsWithEventId(eventId);
        if (want == LearnerOutcome::Completed) {
            QCOMPARE(l.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
            QCOMPARE(events.size(), 1);
            const QJsonObject e = events.first();
            QCOMPARE(e.value(QStringLiteral("$id")).toString(), cc::EventIdentity::documentId(eventId));
            QCOMPARE(cc::EventIdentity::eventId(l.value(QStringLiteral("course_id")).toString(), id),
                     eventId);
            QCOMPARE(e.value(QStringLiteral("event_type")).toString(), QStringLiteral("course.completed"));
            QCOMPARE(e.value(QStringLiteral("source")).toString(), QStringLiteral("completion_checker"));
            QCOMPARE(e.value(QStringLiteral("status")).toString(), QStringLiteral("pending"));
            QCOMPARE(e.value(QStringLiteral("learner_id")).toString(), id);
            QCOMPARE(e.value(QStringLiteral("email")).toString(),
                     l.value(QStringLiteral("email")).toString());
            QCOMPARE(e.value(QStringLiteral("course_id")).toString(),
                     l.value(QStringLiteral("course_id")).toString());
            const QJsonObject payload =
                QJsonDocument::fromJson(e.value(QStringLiteral("payload")).toString().toUtf8()).object();
            QCOMPARE(payload.value(QStringLiteral("learner_id")).toString(), id);
            // completed_at is when the completion was first seen: the event's received_at.
            QCOMPARE(parseTime(l.value(QStringLiteral("completed_at"))),
                     parseTime(e.value(QStringLiteral("received_at"))));
            // Event first, learner second.
            QVERIFY2(parseTime(e.value(QStringLiteral("$createdAt"))) <=
                         parseTime(l.value(QStringLiteral("$updatedAt"))),
                     qPrintable(id));
        } else {
            QCOMPARE(l.value(QStringLiteral("status")).toString(), QStringLiteral("enrolled"));
            QVERIFY2(events.isEmpty(), qPrintable(id));
            QVERIFY(l.value(QStringLiteral("completed_at")).isNull());
        }
        if (want == LearnerOutcome::Completed || want == LearnerOutcome::InProgress) {
            // completion_data is a JSON object serialised as a string, with Graphy's progress.
            const QJsonValue raw = l.value(QStringLiteral("completion_data"));
            QVERIFY2(raw.isString(), qPrintable(id));
            QJsonParseError pe;
            const QJsonDocument data = QJsonDocument::fromJson(raw.toString().toUtf8(), &pe);
            QVERIFY2(data.isObject(), qPrintable(pe.errorString()));
            const QJsonObject course = before.graphyCourse(id);
            QCOMPARE(data.object().value(QStringLiteral("progress")).toDouble(),
                     course.value(QStringLiteral("progress")).toDouble());
            QCOMPARE(run.result(id)->progress, course.value(QStringLiteral("progress")).toDouble());
            QCOMPARE(data.object().value(QStringLiteral("course_items_count")).toInt(),
                     int(course.value(QStringLiteral("course items")).toArray().size()));
        } else {
            QVERIFY2(l.value(QStringLiteral("completion_data")) ==
                         before.learners.value(id).value(QStringLiteral("completion_data")),
                     qPrintable(id));
        }
    }
    // Learners that were not enrolled are left alone.
    for (auto it = before.learners.cbegin(); it != before.learners.cend(); ++it) {
        if (!enrolled.contains(it.key()))
            QCOMPARE(after.learners.value(it.key()), it.value());
    }
}

void TestEngineRun::stuckLearnersGoLast()
{
    // Learners whose checks keep failing are listed first in every run (their check time never
    // moves); held back, they are checked after all the others instead of before them.
    reset({40, 9, 3, 0.3, 0.0});
    cc::EngineSettings settings = fastSettings(m_host);
    settings.concurrency = 1; // one at a time: the order of results is the order of checks
    settings.batchSize = 7;
    EngineStack stack(settings);
    const QStringList listed = Snapshot::take(*m_control).enrolledIds();
    QVERIFY(listed.size() > 10);
    const QSet<QString> stuck{listed.at(0), listed.at(1), listed.at(8)};
    stack.setHeldBack(stuck);
    const RunCapture run = stack.run(1);
    QVERIFY2(run.finished && run.record.state == cc::RunState::Finished, qPrintable(run.describe()));
    QCOMPARE(run.results.size(), listed.size()); // everyone checked, the stuck ones too
    QSet<QString> last;
    for (qsizetype i = run.results.size() - stuck.size(); i < run.results.size(); ++i)
        last.insert(run.results.at(i).learnerId);
    QCOMPARE(last, stuck);
}

void TestEngineRun::secondRunWritesNothingNew()
{
    reset({120, 21, 3, 0.4, 0.3});
    EngineStack stack(fastSettings(m_host));
    const RunCapture first = stack.run(1);
    QVERIFY2(first.finished && first.record.errors == 0, qPrintable(first.describe()));
    QVERIFY(first.record.completed > 0);
    const Snapshot mid = Snapshot::take(*m_control);
    QVERIFY(m_control->clearRequestCounts());

    const RunCapture second = stack.run(2);
    QVERIFY2(second.finished, qPrintable(second.describe()));
    const Snapshot after = Snapshot::take(*m_control);
    QCOMPARE(second.record.state, cc::RunState::Finished);
    QCOMPARE(second.record.completed, 0);
    QCOMPARE(second.record.alreadyRecorded, 0);
    QCOMPARE(second.record.errors, 0);
    QCOMPARE(second.record.processed, mid.enrolledIds().size());
    QCOMPARE(after.events.keys().size(), mid.events.size());
    for (auto it = mid.events.cbegin(); it != mid.events.cend(); ++it)
        QCOMPARE(after.events.value(it.key()), it.value());
    QCOMPARE(m_control->routeCount(familytest::translated(
                 QStringLiteral("POST /v1/databases/{databaseId}/collections/{collectionId}/documents"))),
             0);
    for (const QString &id : mid.enrolledIds())
        QCOMPARE(after.learners.value(id).value(QStringLiteral("status")).toString(),
                 QStringLiteral("enrolled"));

    // A learner who finishes between runs is completed by the next one, once.
    const QString id =
        mid.idsWhere([&](const QJsonObject &l) {
               return l.value(QStringLiteral("status")).toString() == QLatin1String("enrolled") &&
                      mid.expectedOutcome(l.value(QStringLiteral("$id")).toString()) ==
                          LearnerOutcome::InProgress;
           })
            .first();
    const QJsonObject learner = mid.learners.value(id);
    QVERIFY(m_control->setProgress(learner.value(QStringLiteral("email")).toString(),
                                   learner.value(QStringLiteral("course_id")).toString(), 100, true,
                                   QStringLiteral("all")));
    const RunCapture third = stack.run(3);
    QVERIFY2(third.finished, qPrintable(third.describe()));
    QCOMPARE(third.record.completed, 1);
    QCOMPARE(third.result(id)->outcome, LearnerOutcome::Completed);
    const Snapshot last = Snapshot::take(*m_control);
    QCOMPARE(last.eventsWithEventId(expectedEventId(learner)).size(), 1);
    QCOMPARE(last.events.size(), mid.events.size() + 1);
}

void TestEngineRun::failedLearnerUpdateIsRepairedNextRun()
{
    reset({100, 8, 3, 0.4, 0.3});
    const Snapshot before = Snapshot::take(*m_control);
    const QStringList complete = before.enrolledGraphyComplete();
    QVERIFY(complete.size() >= 3);
    const QStringList victims = complete.mid(0, 2);
    for (const QString &id : victims) {
        QVERIFY(m_control->addFault(
            fault(QStringLiteral("appwrite"), QStringLiteral("error"),
                  {{QStringLiteral("method"), QStringLiteral("PATCH")},
                   {QStringLiteral("path"),
                    familytest::translated(QStringLiteral("/collections/learners/documents/")) + id},
                   {QStringLiteral("status"), 500}})));
    }
    cc::EngineSettings s = fastSettings(m_host);
    s.breakerFailureThreshold = 100; // this test is about the write order, not the breaker
    EngineStack stack(s);
    const RunCapture first = stack.run(1);
    QVERIFY2(first.finished, qPrintable(first.describe()));
    QCOMPARE(first.record.state, cc::RunState::Finished);
    QCOMPARE(first.record.errors, victims.size());
    QCOMPARE(first.record.completed, complete.size() - victims.size());
    const Snapshot mid = Snapshot::take(*m_control);
    for (const QString &id : victims) {
        QCOMPARE(first.result(id)->outcome, LearnerOutcome::Failed);
        // The event was written first; the learner is still enrolled and unchanged.
        QCOMPARE(mid.eventsWithEventId(expectedEventId(before.learners.value(id))).size(), 1);
        QCOMPARE(mid.learners.value(id), before.learners.value(id));
    }
    QCOMPARE(first.errors.size(), victims.size());
    for (const cc::ErrorEntry &e : first.errors) {
        QVERIFY(victims.contains(e.learnerId));
        QCOMPARE(e.service, QStringLiteral("appwrite"));
        QCOMPARE(e.httpStatus, 500);
    }

    QVERIFY(m_control->clearFaults());
    const RunCapture second = stack.run(2);
    QVERIFY2(second.finished, qPrintable(second.describe()));
    QCOMPARE(second.record.errors, 0);
    QCOMPARE(second.record.completed, 0);
    QCOMPARE(second.record.alreadyRecorded, victims.size());
    const Snapshot after = Snapshot::take(*m_control);
    QCOMPARE(after.events.size(), before.events.size() + complete.size());
    for (const QString &id : victims) {
        QCOMPARE(second.result(id)->outcome, LearnerOutcome::AlreadyRecorded);
        const QJsonObject l = after.learners.value(id);
        QCOMPARE(l.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
        const QList<QJsonObject> events = after.eventsWithEventId(expectedEventId(l));
        QCOMPARE(events.size(), 1);
        // completed_at is when the completion was first seen (the first run), not now.
        QCOMPARE(parseTime(l.value(QStringLiteral("completed_at"))),
                 parseTime(events.first().value(QStringLiteral("received_at"))));
        QVERIFY(parseTime(l.value(QStringLiteral("completed_at"))) <= first.record.finishedAt);
        QVERIFY(parseTime(l.value(QStringLiteral("last_completion_check"))) >= second.record.startedAt);
    }
}

void TestEngineRun::eventMadeElsewhereCountsAsAlreadyRecorded()
{
    // The webhook path got there first: the event exists under the same deterministic ID.
    reset({60, 13, 3, 0.4, 0.3});
    const Snapshot before = Snapshot::take(*m_control);
    const QString id = before.enrolledGraphyComplete().value(0);
    QVERIFY(!id.isEmpty());
    const QJsonObject l = before.learners.value(id);
    const QString eventId = expectedEventId(l);
    const QString receivedAt = QStringLiteral("2025-10-01T12:00:00.000+00:00");
    EngineStack stack(fastSettings(m_host));
    QVERIFY(recordWebhookEvent(stack, l, receivedAt));

    const RunCapture run = stack.run();
    QVERIFY2(run.finished && run.record.errors == 0, qPrintable(run.describe()));
    QCOMPARE(run.result(id)->outcome, LearnerOutcome::AlreadyRecorded);
    QCOMPARE(run.record.alreadyRecorded, 1);
    const Snapshot after = Snapshot::take(*m_control);
    const QList<QJsonObject> events = after.eventsWithEventId(eventId);
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().value(QStringLiteral("source")).toString(),
             QStringLiteral("graphy_webhook")); // not overwritten
    const QJsonObject la = after.learners.value(id);
    QCOMPARE(la.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
    QCOMPARE(parseTime(la.value(QStringLiteral("completed_at"))), parseTime(receivedAt));
}

void TestEngineRun::clockAheadNeverWritesFutureCheckTimes()
{
    // Phase 2 of every machine's runs lists learners checked before the run started. A check time
    // written from a clock a day ahead would hide those learners from every machine for a day.
    reset({60, 7, 3, 0.3, 0.0});
    const SkewedClock ahead(24LL * 3600 * 1000);
    {
        EngineStack stack(fastSettings(m_host), &ahead);
        const RunCapture run = stack.run(1);
        QVERIFY2(run.finished && run.record.errors == 0, qPrintable(run.describe()));
        const QDateTime serverNow = QDateTime::currentDateTimeUtc().addSecs(5);
        const Snapshot after = Snapshot::take(*m_control);
        int written = 0;
        for (const QJsonObject &l : std::as_const(after.learners)) {
            const QDateTime at = parseTime(l.value(QStringLiteral("last_completion_check")));
            if (!at.isValid())
                continue;
            ++written;
            QVERIFY2(at <= serverNow, qPrintable(at.toString(Qt::ISODate)));
        }
        QVERIFY(written > 0);

        // Health says so.
        cc::HealthCheck health(stack.appwrite(), stack.graphy(), &ahead, stack.settings());
        QSignalSpy done(&health, &cc::HealthCheck::finished);
        health.start();
        QVERIFY(done.wait(15000));
        const auto report = done.first().first().value<cc::HealthReport>();
        QVERIFY2(report.clockWarning.contains(QStringLiteral("ahead of")), qPrintable(report.clockWarning));
        QVERIFY(report.appwrite.message.contains(QStringLiteral("clock")));
    }
    // A machine with the right clock still finds every enrolled learner in its next run.
    const Snapshot mid = Snapshot::take(*m_control);
    EngineStack correct(fastSettings(m_host));
    const RunCapture next = correct.run(2);
    QVERIFY2(next.finished, qPrintable(next.describe()));
    QCOMPARE(next.record.processed, mid.enrolledIds().size());
}

void TestEngineRun::everyServerVersion_data()
{
    QTest::addColumn<QString>("version");
    QTest::newRow("1.7: no TablesDB") << "1.7";
    QTest::newRow("1.8: integer $sequence") << "1.8";
    QTest::newRow("1.9: string $sequence") << "1.9";
}

void TestEngineRun::everyServerVersion()
{
    // One run against each Appwrite a user may have. On `auto` the run starts on TablesDB; a 1.7
    // server answers its routes with 404 general_route_not_found and the run goes on with the
    // documents API without losing a learner. Nothing depends on $sequence (the pager's cursor is
    // $id), so 1.9's string form changes nothing. A forced TablesDB cannot work on 1.7: skipped.
    QFETCH(QString, version);
    if (version == QLatin1String("1.7") && familytest::apiUnderTest() == cc::AppwriteApi::TablesDb)
        QSKIP("TablesDB does not exist before 1.8");
    reset({40, 9, 3, 0.4, 0.2});
    QVERIFY(!m_control->setSettings({{QStringLiteral("appwriteVersion"), version}}).isEmpty());
    const Snapshot before = Snapshot::take(*m_control);
    cc::EngineSettings s = fastSettings(m_host);
    s.batchSize = 7; // several pages: the cursor must work in each version
    EngineStack stack(s);
    const RunCapture run = stack.run();
    QVERIFY(!m_control->setSettings({{QStringLiteral("appwriteVersion"), QStringLiteral("1.8")}}).isEmpty());
    QVERIFY2(run.finished, qPrintable(run.describe()));
    QCOMPARE(cc::runStateName(run.record.state), cc::runStateName(cc::RunState::Finished));
    const QStringList enrolled = before.enrolledIds();
    QCOMPARE(run.checkedIds(), QSet<QString>(enrolled.cbegin(), enrolled.cend()));
    QVERIFY2(run.duplicateIds().isEmpty(), qPrintable(run.duplicateIds().join(',')));
    const Snapshot after = Snapshot::take(*m_control);
    for (const QString &id : before.enrolledGraphyComplete())
        QCOMPARE(after
                     .eventsWithEventId(cc::EventIdentity::eventId(
                         before.learners.value(id).value(QStringLiteral("course_id")).toString(), id))
                     .size(),
                 1);
    const cc::AppwriteFamily &spoken = stack.appwrite()->family();
    if (version == QLatin1String("1.7"))
        QCOMPARE(spoken.api, cc::AppwriteApi::Documents);
    else
        QCOMPARE(spoken.api, familytest::familyUnderTest().api);
}

QTEST_GUILESS_MAIN(TestEngineRun)
#include "tst_engine_run.moc"
