// RunEngine under faults injected by the sandbox: transient Graphy errors, a Graphy outage (circuit
// breaker), failed event writes, refused credentials and listing failures.
#include "EngineRig.h"
#include "SandboxTestCase.h"

#include "net/ServiceChannel.h"

#include <QJsonArray>
#include <QTest>

using namespace rig;
using cc::LearnerOutcome;
using cc::runStateName;

namespace {
const QString kGraphy = QStringLiteral("GET /public/v2/learners");
const QString kCreate = familytest::translated(
    QStringLiteral("POST /v1/databases/{databaseId}/collections/{collectionId}/documents"));
} // namespace

class TestEngineFaults : public SandboxTestCase
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void graphyBurstsAreRetried_data();
    void graphyBurstsAreRetried();
    void appwriteWriteOutageOpensBreakerAndNextRunRepairs();
    void graphyOutageOpensBreakerAndEndsRunEarly();
    void failedEventWriteLeavesLearnerEnrolledAndNextRunFixesIt();
    void refusedCredentialsStopTheRun_data();
    void refusedCredentialsStopTheRun();
    void redirectElsewhereStopsTheRun_data();
    void redirectElsewhereStopsTheRun();
    void listingFailure_data();
    void listingFailure();
    void listingFailsMidRun();
};

void TestEngineFaults::initTestCase()
{
    sandbox::SandboxOptions options;
    options.learners = 10;
    QString error;
    QVERIFY2(startSandbox(options, &error), qPrintable(error));
}

void TestEngineFaults::init()
{
    QVERIFY(m_control->reset(Demo{120, 31, 3, 0.35, 0.3}.toJson())); // also clears faults
    QVERIFY(m_control->clearRequestCounts());
}

void TestEngineFaults::graphyBurstsAreRetried_data()
{
    QTest::addColumn<QJsonObject>("burst");
    QTest::addColumn<bool>("channelRetries"); // every failure is retried by our channel (not by Qt)
    QTest::newRow("503") << fault(QStringLiteral("graphy"), QStringLiteral("error"),
                                  {{QStringLiteral("status"), 503}, {QStringLiteral("count"), 3}})
                         << true;
    QTest::newRow("429 with Retry-After")
        << fault(QStringLiteral("graphy"), QStringLiteral("rate_limit"),
                 {{QStringLiteral("retryAfter"), 1}, {QStringLiteral("count"), 3}})
        << true;
    QTest::newRow("dropped connections")
        << fault(QStringLiteral("graphy"), QStringLiteral("drop"), {{QStringLiteral("count"), 3}}) << false;
}

void TestEngineFaults::graphyBurstsAreRetried()
{
    // Three bursts of three failures while the run goes on: fewer consecutive failures than the
    // breaker's threshold, each failed attempt retried.
    QFETCH(QJsonObject, burst);
    QFETCH(bool, channelRetries);
    const Snapshot before = Snapshot::take(*m_control);
    EngineStack stack(fastSettings(m_host));
    AsyncControl async(m_host.controlBase());
    int seen = 0;
    const RunCapture run = stack.run(1, 60000, [&](const cc::CheckResult &) {
        if (++seen == 10 || seen == 40 || seen == 70)
            async.addFault(burst);
    });
    QVERIFY2(run.finished, qPrintable(run.describe()));
    QCOMPARE(cc::runStateName(run.record.state), cc::runStateName(cc::RunState::Finished));
    QCOMPARE(run.record.errors, 0);
    QVERIFY(run.errors.isEmpty());
    QCOMPARE(run.record.processed, before.enrolledIds().size());
    QCOMPARE(run.record.completed, before.enrolledGraphyComplete().size());
    // Every injected failure cost exactly one more request.
    QCOMPARE(m_control->routeCount(kGraphy), run.record.processed + 9);
    if (channelRetries)
        QCOMPARE(stack.graphyChannel()->stats().retries, 9);
    QVERIFY(m_control->faults().value(QStringLiteral("rules")).toArray().size() == 3);
    for (const QJsonValue &rule : m_control->faults().value(QStringLiteral("rules")).toArray())
        QCOMPARE(rule[QStringLiteral("count")].toInt(), 0); // all consumed
}

void TestEngineFaults::appwriteWriteOutageOpensBreakerAndNextRunRepairs()
{
    // Every learner update fails with 500: events get written, learners not; the Appwrite breaker
    // opens and ends the run. The next run repairs every learner from the events (409), no duplicates.
    const Snapshot before = Snapshot::take(*m_control);
    const QStringList complete = before.enrolledGraphyComplete();
    QVERIFY(m_control->addFault(
        fault(QStringLiteral("appwrite"), QStringLiteral("error"),
              {{QStringLiteral("method"), QStringLiteral("PATCH")}, {QStringLiteral("status"), 500}})));
    cc::EngineSettings s = fastSettings(m_host);
    s.breakerOpenMs = 60000;
    EngineStack stack(s);
    const RunCapture first = stack.run(1);
    QVERIFY2(first.finished, qPrintable(first.describe()));
    QCOMPARE(cc::runStateName(first.record.state), cc::runStateName(cc::RunState::Partial));
    QVERIFY(first.record.serviceUnavailable);
    QVERIFY2(first.record.endReason.contains(QStringLiteral("appwrite")) &&
                 first.record.endReason.contains(QStringLiteral("circuit breaker")),
             qPrintable(first.record.endReason));
    QVERIFY2(first.record.errors <= s.concurrency, qPrintable(first.describe()));
    const Snapshot mid = Snapshot::take(*m_control);
    for (const QString &id : before.enrolledIds())
        QCOMPARE(mid.learners.value(id), before.learners.value(id)); // no learner update got through

    QVERIFY(m_control->clearFaults());
    EngineStack next(fastSettings(m_host));
    const RunCapture second = next.run(2);
    QVERIFY2(second.finished && second.record.errors == 0, qPrintable(second.describe()));
    QCOMPARE(second.record.completed + second.record.alreadyRecorded, complete.size());
    QCOMPARE(second.record.alreadyRecorded, int(mid.events.size() - before.events.size()));
    const Snapshot after = Snapshot::take(*m_control);
    QCOMPARE(after.events.size(), before.events.size() + complete.size());
    for (const QString &id : complete) {
        QCOMPARE(after.learners.value(id).value(QStringLiteral("status")).toString(),
                 QStringLiteral("completed"));
        QCOMPARE(after.eventsWithEventId(expectedEventId(before.learners.value(id))).size(), 1);
    }
}

void TestEngineFaults::graphyOutageOpensBreakerAndEndsRunEarly()
{
    const Snapshot before = Snapshot::take(*m_control);
    QVERIFY(m_control->addFault(
        fault(QStringLiteral("graphy"), QStringLiteral("error"), {{QStringLiteral("status"), 503}})));
    cc::EngineSettings s = fastSettings(m_host);
    s.breakerOpenMs = 60000; // stays open for the rest of this run
    EngineStack stack(s);
    const RunCapture run = stack.run();
    QVERIFY2(run.finished, qPrintable(run.describe()));
    const cc::RunRecord &r = run.record;
    QCOMPARE(cc::runStateName(r.state), cc::runStateName(cc::RunState::Partial));
    QVERIFY(r.serviceUnavailable);
    QVERIFY2(r.endReason.contains(QStringLiteral("graphy")) &&
                 r.endReason.contains(QStringLiteral("circuit breaker")),
             qPrintable(r.endReason));
    // The learners the outage left unchecked are not errors: they keep their place. The run's own
    // error (the service paused) counts, so the figures agree with what the Errors tab lists.
    QVERIFY2(r.errors <= s.concurrency + 1, qPrintable(run.describe()));
    QCOMPARE(r.errors, int(run.errors.size() + run.runErrors.size()));
    QCOMPARE(r.processed, int(run.results.size()));
    QVERIFY(r.processed <= s.concurrency);
    QVERIFY(!run.runErrors.isEmpty());
    QCOMPARE(run.runErrors.first().service, QStringLiteral("graphy"));
    // No hammering: about the breaker's threshold of requests, not learners × attempts.
    QVERIFY2(m_control->routeCount(kGraphy) <= s.breakerFailureThreshold + s.concurrency,
             qPrintable(QString::number(m_control->routeCount(kGraphy))));
    QCOMPARE(m_control->routeCount(familytest::translated(QStringLiteral(
                 "PATCH /v1/databases/{databaseId}/collections/{collectionId}/documents/{documentId}"))),
             0);
    const Snapshot after = Snapshot::take(*m_control);
    QCOMPARE(after.learners, before.learners);

    // Graphy is back: the next run (same channels, once the breaker lets a probe through) does it all.
    QVERIFY(m_control->clearFaults());
    cc::EngineSettings quick = s;
    quick.breakerOpenMs = 200;
    EngineStack next(quick);
    const RunCapture again = next.run(2);
    QVERIFY2(again.finished && again.record.errors == 0, qPrintable(again.describe()));
    QCOMPARE(cc::runStateName(again.record.state), cc::runStateName(cc::RunState::Finished));
    QCOMPARE(again.record.processed, before.enrolledIds().size());
}

void TestEngineFaults::failedEventWriteLeavesLearnerEnrolledAndNextRunFixesIt()
{
    const Snapshot before = Snapshot::take(*m_control);
    const QStringList complete = before.enrolledGraphyComplete();
    QVERIFY(complete.size() >= 5);
    QVERIFY(m_control->addFault(
        fault(QStringLiteral("appwrite"), QStringLiteral("error"),
              {{QStringLiteral("method"), QStringLiteral("POST")},
               {QStringLiteral("path"),
                familytest::translated(QStringLiteral("/collections/webhook_events/documents"))},
               {QStringLiteral("status"), 500}})));
    cc::EngineSettings s = fastSettings(m_host);
    s.breakerFailureThreshold = 1000; // about the write order; the breaker is tested above
    s.maxAttempts = 2;
    EngineStack stack(s);
    const RunCapture first = stack.run(1);
    QVERIFY2(first.finished, qPrintable(first.describe()));
    QCOMPARE(cc::runStateName(first.record.state), cc::runStateName(cc::RunState::Finished));
    QCOMPARE(first.record.errors, complete.size());
    QCOMPARE(first.record.completed, 0);
    QCOMPARE(first.errors.size(), complete.size());
    for (const cc::ErrorEntry &e : first.errors) {
        QVERIFY(complete.contains(e.learnerId));
        QCOMPARE(e.service, QStringLiteral("appwrite"));
        QCOMPARE(e.httpStatus, 500);
        QVERIFY2(e.message.contains(QStringLiteral("enrolled")),
                 qPrintable(e.message)); // says what happens next
    }
    const Snapshot mid = Snapshot::take(*m_control);
    QCOMPARE(mid.events.size(), before.events.size());
    for (const QString &id : complete) {
        QCOMPARE(first.result(id)->outcome, LearnerOutcome::Failed);
        QCOMPARE(mid.learners.value(id), before.learners.value(id)); // not marked completed without its event
    }

    QVERIFY(m_control->clearFaults());
    const RunCapture second = stack.run(2);
    QVERIFY2(second.finished && second.record.errors == 0, qPrintable(second.describe()));
    QCOMPARE(second.record.completed, complete.size());
    const Snapshot after = Snapshot::take(*m_control);
    QCOMPARE(after.events.size(), before.events.size() + complete.size());
    for (const QString &id : complete) {
        QCOMPARE(after.learners.value(id).value(QStringLiteral("status")).toString(),
                 QStringLiteral("completed"));
        QCOMPARE(after.eventsWithEventId(expectedEventId(before.learners.value(id))).size(), 1);
    }
}

void TestEngineFaults::refusedCredentialsStopTheRun_data()
{
    QTest::addColumn<QString>("which");
    QTest::addColumn<QString>("state");
    QTest::addColumn<QString>("reason");
    QTest::newRow("wrong Graphy key")
        << "graphy" << runStateName(cc::RunState::Partial) << "refused the credentials";
    QTest::newRow("wrong Appwrite key")
        << "appwrite" << runStateName(cc::RunState::Failed) << "could not list";
    // Reads work, writes are refused: stop at the first refused write, not one error per learner.
    QTest::newRow("read-only Appwrite key")
        << "readonly" << runStateName(cc::RunState::Partial) << "refused the credentials";
}

void TestEngineFaults::refusedCredentialsStopTheRun()
{
    QFETCH(QString, which);
    QFETCH(QString, state);
    QFETCH(QString, reason);
    const Snapshot before = Snapshot::take(*m_control);
    cc::EngineSettings s = fastSettings(m_host);
    if (which == QLatin1String("graphy"))
        s.graphy.apiKey = QStringLiteral("not-the-key");
    else if (which == QLatin1String("appwrite"))
        s.appwrite.apiKey = QStringLiteral("not-the-key");
    else
        s.appwrite.apiKey = m_host.options().readOnlyApiKey;
    EngineStack stack(s);
    const RunCapture run = stack.run();
    QVERIFY2(run.finished, qPrintable(run.describe()));
    QCOMPARE(cc::runStateName(run.record.state), state);
    QVERIFY2(run.record.endReason.contains(reason), qPrintable(run.record.endReason));
    QVERIFY(run.record.serviceUnavailable);
    // Stops instead of logging one error per learner.
    QVERIFY2(run.record.errors <= s.concurrency, qPrintable(run.describe()));
    QVERIFY(m_control->routeCount(kGraphy) <= s.concurrency);
    QCOMPARE(Snapshot::take(*m_control).learners, before.learners);
    for (const cc::ErrorEntry &e : run.errors + run.runErrors) {
        QVERIFY(!e.message.contains(QStringLiteral("not-the-key")) &&
                !e.detail.contains(QStringLiteral("not-the-key")));
        QCOMPARE(e.httpStatus, 401);
    }
}

void TestEngineFaults::redirectElsewhereStopsTheRun_data()
{
    QTest::addColumn<QString>("api");
    QTest::addColumn<QString>("path");
    QTest::newRow("Graphy lookups") << "graphy"
                                    << "/public/v2/learners";
    QTest::newRow("Appwrite learner update")
        << "appwrite" << familytest::translated(QStringLiteral("/collections/learners/documents/"));
}

void TestEngineFaults::redirectElsewhereStopsTheRun()
{
    // A service that moved: the run names the target, stops at the first learner, and is not
    // reported as a success (nothing was written on the other side either).
    QFETCH(QString, api);
    QFETCH(QString, path);
    QVERIFY(m_control->addFault(QJsonObject{{"api", api},
                                            {"kind", "redirect"},
                                            {"status", 301},
                                            {"path", path},
                                            {"location", "https://moved.example.com"}}));
    const Snapshot before = Snapshot::take(*m_control);
    cc::EngineSettings s = fastSettings(m_host);
    EngineStack stack(s);
    const RunCapture run = stack.run();
    QVERIFY2(run.finished, qPrintable(run.describe()));
    QVERIFY(run.record.state != cc::RunState::Finished);
    QVERIFY(run.record.serviceUnavailable);
    QVERIFY(!run.record.credentialsRefused);
    QVERIFY2(run.record.endReason.contains("https://moved.example.com") &&
                 run.record.endReason.contains("update the endpoint"),
             qPrintable(run.record.endReason));
    QVERIFY2(run.record.errors <= s.concurrency, qPrintable(run.describe()));
    // No learner was marked completed. (With the update redirected, an event may have been
    // written first: the learner stays enrolled, and the next run records it as 409, §5.1.)
    const Snapshot after = Snapshot::take(*m_control);
    for (const QString &id : before.enrolledIds())
        QCOMPARE(after.learners.value(id).value("status").toString(), QStringLiteral("enrolled"));
    if (api == QLatin1String("graphy"))
        QCOMPARE(after.events.size(), before.events.size());
}

void TestEngineFaults::listingFailure_data()
{
    QTest::addColumn<QJsonObject>("rule");
    const QJsonObject list{
        {QStringLiteral("method"), QStringLiteral("GET")},
        {QStringLiteral("path"), familytest::translated(QStringLiteral("/collections/learners/documents$"))}};
    QJsonObject e500 = list;
    e500.insert(QStringLiteral("status"), 500);
    QTest::newRow("500") << fault(QStringLiteral("appwrite"), QStringLiteral("error"), e500);
    QTest::newRow("dropped connection") << fault(QStringLiteral("appwrite"), QStringLiteral("drop"), list);
    QTest::newRow("malformed body") << fault(QStringLiteral("appwrite"), QStringLiteral("malformed"), list);
}

void TestEngineFaults::listingFailure()
{
    QFETCH(QJsonObject, rule);
    QVERIFY(m_control->addFault(rule));
    const Snapshot before = Snapshot::take(*m_control);
    EngineStack stack(fastSettings(m_host));
    const RunCapture run = stack.run();
    QVERIFY2(run.finished, qPrintable(run.describe()));
    QCOMPARE(cc::runStateName(run.record.state), cc::runStateName(cc::RunState::Failed));
    QVERIFY2(run.record.endReason.contains(QStringLiteral("could not list")),
             qPrintable(run.record.endReason));
    QCOMPARE(run.record.processed, 0);
    QCOMPARE(run.runErrors.size(), 1); // said (once), not swallowed: no "0 learners" finish
    QCOMPARE(run.record.errors, 1);    // and counted: "0 processed, 1 error", as the Errors tab says
    QCOMPARE(m_control->routeCount(kGraphy), 0);
    QCOMPARE(Snapshot::take(*m_control).learners, before.learners);
}

void TestEngineFaults::listingFailsMidRun()
{
    // Listing breaks after some pages: what was listed is still checked, the run is partial.
    const Snapshot before = Snapshot::take(*m_control);
    cc::EngineSettings s = fastSettings(m_host);
    s.breakerFailureThreshold = 1000;
    EngineStack stack(s);
    AsyncControl async(m_host.controlBase());
    int seen = 0;
    const RunCapture run = stack.run(1, 60000, [&](const cc::CheckResult &) {
        if (++seen == 10)
            async.addFault(fault(QStringLiteral("appwrite"), QStringLiteral("error"),
                                 {{QStringLiteral("method"), QStringLiteral("GET")},
                                  {QStringLiteral("path"), familytest::translated(QStringLiteral(
                                                               "/collections/learners/documents$"))},
                                  {QStringLiteral("status"), 500}}));
    });
    QVERIFY2(run.finished, qPrintable(run.describe()));
    QCOMPARE(cc::runStateName(run.record.state), cc::runStateName(cc::RunState::Partial));
    QVERIFY2(run.record.endReason.contains(QStringLiteral("could not list")),
             qPrintable(run.record.endReason));
    QCOMPARE(run.runErrors.size(), 1); // no further listing request after the failure
    QCOMPARE(run.record.errors, 1);
    QVERIFY(run.record.processed >= 10 && run.record.processed < before.enrolledIds().size());
    QVERIFY(run.duplicateIds().isEmpty());
    QCOMPARE(m_control->routeCount(kGraphy), run.record.processed);
}

QTEST_GUILESS_MAIN(TestEngineFaults)
#include "tst_engine_faults.moc"
