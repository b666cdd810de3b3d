// Writes from a stale read (docs/ARCHITECTURE.md, "Invariants"): a learner found complete is read
// again before the event write, learner updates are conditional on the `$updatedAt` read
// (X-Appwrite-Timestamp → 409 document_update_conflict), and a learner who is not enrolled is never
// written without an operator's confirmation. Against the sandbox, through the real clients.
#include "EngineRig.h"
#include "SandboxTestCase.h"

#include "base/Clock.h"
#include "checker/LearnerCheck.h"
#include "checker/LearnerDocument.h"
#include "net/AppwriteClient.h"

#include <QSignalSpy>
#include <QTest>

using namespace rig;
using cc::LearnerOutcome;

class TestStaleWrites : public SandboxTestCase
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void changedBeforeTheEventWrite_data();
    void changedBeforeTheEventWrite();
    void changedBeforeTheLearnerUpdate();
    void conditionalUpdateOnTheSandbox();
    void notEnrolled_data();
    void notEnrolled();

private:
    // Patches a learner through the real client; returns the document Appwrite answered.
    QJsonObject patch(const QString &id, const QJsonObject &data, const QDateTime &unchangedSince = {},
                      cc::ServiceError *error = nullptr);
    cc::LearnerRecord read(const QString &id);
    std::unique_ptr<cc::LearnerCheck> check(const cc::LearnerRecord &learner,
                                            bool certifyNotEnrolled = false);
    QString enrolledWhere(bool graphyComplete);

    std::unique_ptr<EngineStack> m_stack;
};

void TestStaleWrites::initTestCase()
{
    sandbox::SandboxOptions options;
    options.learners = 10;
    QString error;
    QVERIFY2(startSandbox(options, &error), qPrintable(error));
    m_stack = std::make_unique<EngineStack>(fastSettings(m_host));
}

void TestStaleWrites::init()
{
    Demo demo;
    demo.learners = 40;
    demo.completedShare = 0.5;
    QVERIFY(m_control->reset(demo.toJson()));
}

QJsonObject TestStaleWrites::patch(const QString &id, const QJsonObject &data,
                                   const QDateTime &unchangedSince, cc::ServiceError *error)
{
    std::optional<cc::Result<QJsonObject>> answer;
    QObject context;
    m_stack->appwrite()->updateDocument(
        m_stack->settings().learnersCollection, id, data, &context,
        [&answer](const cc::Result<QJsonObject> &r) { answer.emplace(r); }, unchangedSince);
    if (!QTest::qWaitFor([&] { return answer.has_value(); }, 15000))
        return {}; // the caller's check of the answer fails
    if (error)
        *error = answer->ok() ? cc::ServiceError{} : answer->error();
    return answer->ok() ? answer->value() : QJsonObject{};
}

cc::LearnerRecord TestStaleWrites::read(const QString &id)
{
    return cc::LearnerDocument::parse(Snapshot::take(*m_control).learners.value(id),
                                      m_stack->settings().attributes);
}

std::unique_ptr<cc::LearnerCheck> TestStaleWrites::check(const cc::LearnerRecord &learner,
                                                         bool certifyNotEnrolled)
{
    const cc::LearnerCheck::Services services{m_stack->appwrite(), m_stack->graphy(),
                                              cc::SystemClock::instance()};
    auto c = std::make_unique<cc::LearnerCheck>(services, m_stack->settings(), learner, 1, false);
    c->setCertifyNotEnrolled(certifyNotEnrolled);
    QSignalSpy finished(c.get(), &cc::LearnerCheck::finished);
    c->start();
    [&] { QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 20000); }();
    return c;
}

QString TestStaleWrites::enrolledWhere(bool graphyComplete)
{
    const Snapshot s = Snapshot::take(*m_control);
    const QStringList complete = s.enrolledGraphyComplete();
    for (const QString &id : s.enrolledIds()) {
        if (complete.contains(id) == graphyComplete &&
            (graphyComplete || s.expectedOutcome(id) == LearnerOutcome::InProgress))
            return id;
    }
    return {};
}

void TestStaleWrites::changedBeforeTheEventWrite_data()
{
    QTest::addColumn<QString>("attribute");
    QTest::addColumn<QString>("value");
    QTest::newRow("refunded by an operator") << QStringLiteral("status") << QStringLiteral("refunded");
    QTest::newRow("moved to another course") << QStringLiteral("course_id") << QStringLiteral("course-zz");
    QTest::newRow("completed by another machine") << QStringLiteral("status") << QStringLiteral("completed");
}

void TestStaleWrites::changedBeforeTheEventWrite()
{
    QFETCH(QString, attribute);
    QFETCH(QString, value);
    const QString id = enrolledWhere(true);
    QVERIFY(!id.isEmpty());
    const cc::LearnerRecord listed = read(id); // what a run listed minutes ago
    const QString eventId = expectedEventId(Snapshot::take(*m_control).learners.value(id));
    QVERIFY(!patch(id, {{attribute, value}}).isEmpty()); // changed since

    const auto c = check(listed);
    QCOMPARE(c->result().outcome, LearnerOutcome::Skipped);
    QVERIFY2(c->result().detail.contains(QStringLiteral("changed in Appwrite since it was read")),
             qPrintable(c->result().detail));
    QVERIFY(c->errors().isEmpty()); // not an error: its next check decides
    const Snapshot after = Snapshot::take(*m_control);
    QCOMPARE(after.eventsWithEventId(eventId).size(), 0);
    QCOMPARE(after.learners.value(id).value(attribute).toString(), value); // not overwritten
    QCOMPARE(c->checked().learner.status, after.learners.value(id).value("status").toString());
}

void TestStaleWrites::changedBeforeTheLearnerUpdate()
{
    // An in-progress learner is written without a re-read; the update is conditional instead.
    const QString id = enrolledWhere(false);
    QVERIFY(!id.isEmpty());
    const cc::LearnerRecord listed = read(id);
    // $updatedAt has millisecond resolution: change it until it is later than what was listed.
    QTRY_VERIFY(
        parseTime(patch(id, {{QStringLiteral("completion_data"), QStringLiteral("{\"note\":\"operator\"}")}})
                      .value("$updatedAt")) > listed.updatedAt);

    const auto c = check(listed);
    QCOMPARE(c->result().outcome, LearnerOutcome::Skipped);
    QVERIFY2(c->result().detail.contains(QStringLiteral("changed in Appwrite meanwhile")),
             qPrintable(c->result().detail));
    const QJsonObject after = Snapshot::take(*m_control).learners.value(id);
    QCOMPARE(after.value("completion_data").toString(), QStringLiteral("{\"note\":\"operator\"}"));
    QCOMPARE(parseTime(after.value("last_completion_check")), listed.lastCompletionCheck);

    // Read afresh, the same learner is written.
    const auto again = check(read(id));
    QCOMPARE(again->result().outcome, LearnerOutcome::InProgress);
    QVERIFY(Snapshot::take(*m_control).learners.value(id).value("completion_data").toString() !=
            QStringLiteral("{\"note\":\"operator\"}"));
}

void TestStaleWrites::conditionalUpdateOnTheSandbox()
{
    const QString id = enrolledWhere(false);
    const QJsonObject current = Snapshot::take(*m_control).learners.value(id);
    const QDateTime updatedAt = parseTime(current.value("$updatedAt"));
    QVERIFY(updatedAt.isValid());
    cc::ServiceError error;
    const QJsonObject older =
        patch(id, {{QStringLiteral("name"), QStringLiteral("A")}}, updatedAt.addSecs(-1), &error);
    QVERIFY(older.isEmpty());
    QVERIFY2(cc::AppwriteClient::isUpdateConflict(error), qPrintable(error.toString()));
    QCOMPARE(error.httpStatus, 409);
    QVERIFY(!patch(id, {{QStringLiteral("name"), QStringLiteral("B")}}, updatedAt, &error).isEmpty());
    QCOMPARE(Snapshot::take(*m_control).learners.value(id).value("name").toString(), QStringLiteral("B"));
}

void TestStaleWrites::notEnrolled_data()
{
    QTest::addColumn<QString>("status");
    QTest::addColumn<bool>("graphyComplete");
    QTest::addColumn<bool>("confirmed");
    QTest::addColumn<int>("outcome");
    QTest::addColumn<bool>("asksForConfirmation");
    QTest::newRow("refunded, complete, not confirmed")
        << "refunded" << true << false << int(LearnerOutcome::Skipped) << true;
    QTest::newRow("refunded, complete, confirmed")
        << "refunded" << true << true << int(LearnerOutcome::Completed) << false;
    QTest::newRow("refunded, in progress, confirmed")
        << "refunded" << false << true << int(LearnerOutcome::Skipped) << false;
    QTest::newRow("completed, in progress in Graphy")
        << "completed" << false << false << int(LearnerOutcome::Skipped) << false;
    QTest::newRow("completed, in progress in Graphy, confirmed")
        << "completed" << false << true << int(LearnerOutcome::Skipped) << false;
}

void TestStaleWrites::notEnrolled()
{
    QFETCH(QString, status);
    QFETCH(bool, graphyComplete);
    QFETCH(bool, confirmed);
    QFETCH(int, outcome);
    QFETCH(bool, asksForConfirmation);
    const QString id = enrolledWhere(graphyComplete);
    QVERIFY(!id.isEmpty());
    const QString data = QStringLiteral("{\"progress\":100,\"from\":\"earlier\"}");
    QVERIFY(!patch(id, {{QStringLiteral("status"), status}, {QStringLiteral("completion_data"), data}})
                 .isEmpty());
    const QString eventId = expectedEventId(Snapshot::take(*m_control).learners.value(id));

    const auto c = check(read(id), confirmed); // a manual check reads the learner as it is now
    QCOMPARE(int(c->result().outcome), outcome);
    QCOMPARE(!c->confirmationNeeded().isEmpty(), asksForConfirmation);
    if (asksForConfirmation) // what confirming would write is shown
        QVERIFY(c->writes().contains(QStringLiteral("event")));
    const QJsonObject after = Snapshot::take(*m_control).learners.value(id);
    const bool certified = outcome == int(LearnerOutcome::Completed);
    QCOMPARE(Snapshot::take(*m_control).eventsWithEventId(eventId).size(), certified ? 1 : 0);
    QCOMPARE(after.value("status").toString(), certified ? QStringLiteral("completed") : status);
    if (!certified) // never an in-progress digest over what was there
        QCOMPARE(after.value("completion_data").toString(), data);
}

QTEST_GUILESS_MAIN(TestStaleWrites)
#include "tst_stale_writes.moc"
