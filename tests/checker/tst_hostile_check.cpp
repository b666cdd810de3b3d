// One learner check (LearnerCheck: document → Graphy lookup → CompletionRule → writes) through the real
// clients over real loopback HTTP, with HostileServers standing in for Appwrite and Graphy and
// answering with wrongly typed values. The rule under test: a value that is not a real completion
// never certifies (no event written, status never set to completed); a value of the wrong type is a
// per-learner error that names the field; a value the contract allows is read correctly. The
// transport cases (sizes, nesting, encoding, timeouts) are tests/net/tst_hostile_input.
#include "FamilyUnderTest.h"
#include "HostileServer.h"
#include "base/Clock.h"
#include "checker/LearnerCheck.h"
#include "checker/LearnerDocument.h"
#include "net/AppwriteClient.h"
#include "net/GraphyClient.h"
#include "net/ServiceChannel.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace cc;

namespace {
const QByteArray kUpdatedAt = "2025-11-20T08:00:00.000+00:00";

ServiceChannel::Settings channelSettings(const QString &service)
{
    ServiceChannel::Settings s;
    s.service = service;
    s.timeoutMs = 5000;
    s.retry.maxAttempts = 2;
    s.retry.baseDelayMs = 10;
    s.retry.maxDelayMs = 50;
    s.breaker.failureThreshold = 1000;
    return s;
}

QJsonObject learnerDocument(const QByteArray &overrides = {})
{
    QJsonObject doc{{"$id", "l1"},          {"email", "ada@example.com"},
                    {"name", "Ada"},        {"course_id", "c1"},
                    {"status", "enrolled"}, {"$updatedAt", QString::fromLatin1(kUpdatedAt)}};
    if (!overrides.isEmpty()) {
        const QJsonObject o = QJsonDocument::fromJson("{" + overrides + "}").object();
        for (auto it = o.begin(); it != o.end(); ++it)
            doc.insert(it.key(), it.value());
    }
    return doc;
}

QByteArray graphyAnswer(const QByteArray &course)
{
    return R"({"status":"success","total":1,"data":[{"id":"669a0243835d4b30de916cd6","email":"ada@example.com",)"
           R"("name":"Ada","courses":[)" +
           course + "]}]}";
}

// Both services on loopback, the real client stack, one LearnerCheck at a time.
struct CheckRig
{
    HostileServer appwriteServer;
    HostileServer graphyServer;
    QNetworkAccessManager nam;
    std::unique_ptr<ServiceChannel> appwriteChannel;
    std::unique_ptr<ServiceChannel> graphyChannel;
    std::unique_ptr<AppwriteClient> appwrite;
    std::unique_ptr<GraphyClient> graphy;
    EngineSettings settings;

    bool start(const QJsonObject &document, QString *error)
    {
        if (!appwriteServer.start(error) || !graphyServer.start(error))
            return false;
        // The learner as Appwrite holds it (a check may read it again before writing), an event
        // create that succeeds, a learner update that succeeds.
        const QByteArray doc = QJsonDocument(document).toJson(QJsonDocument::Compact);
        const auto route = [](const char *documentsPath) {
            return familytest::translated(QLatin1String(documentsPath)).toLatin1();
        };
        appwriteServer.addRoute("GET", route("/collections/learners/documents/"),
                                {200, "application/json", doc, true});
        appwriteServer.addRoute("POST", route("/collections/webhook_events/documents"),
                                {201, "application/json", R"({"$id":"evt"})", true});
        appwriteServer.addRoute(
            "PATCH", route("/collections/learners/documents/"),
            {200, "application/json", R"({"$id":"l1","$updatedAt":")" + kUpdatedAt + "\"}", true});
        settings.appwrite.endpoint = QUrl(appwriteServer.base().toString() + QStringLiteral("/v1"));
        settings.appwrite.projectId = QStringLiteral("hostile-project");
        settings.appwrite.apiKey = QStringLiteral("hostile-appwrite-key");
        settings.appwrite.api = familytest::apiUnderTest();
        settings.graphy.apiBase = graphyServer.base();
        settings.graphy.merchantId = QStringLiteral("hostile-mid");
        settings.graphy.apiKey = QStringLiteral("hostile-graphy-key");
        appwriteChannel = std::make_unique<ServiceChannel>(channelSettings(QStringLiteral("appwrite")), &nam,
                                                           SystemClock::instance());
        graphyChannel = std::make_unique<ServiceChannel>(channelSettings(QStringLiteral("graphy")), &nam,
                                                         SystemClock::instance());
        appwrite = std::make_unique<AppwriteClient>(settings.appwrite, appwriteChannel.get());
        graphy = std::make_unique<GraphyClient>(settings.graphy, graphyChannel.get());
        return true;
    }

    // Runs one check of `document` (read as the pager reads a listed document) to its end.
    std::unique_ptr<LearnerCheck> check(const QJsonObject &document)
    {
        const LearnerRecord learner = LearnerDocument::parse(document, settings.attributes);
        auto check = std::make_unique<LearnerCheck>(
            LearnerCheck::Services{appwrite.get(), graphy.get(), SystemClock::instance()}, settings, learner,
            /*runId=*/1, /*dryRun=*/false);
        QSignalSpy finished(check.get(), &LearnerCheck::finished);
        check->start();
        if (!QTest::qWaitFor([&] { return finished.count() > 0; }, 20000))
            return nullptr;
        return check;
    }

    int eventWrites() const { return appwriteServer.count("POST", "/webhook_events/"); }
    // Any write that would mark the learner completed.
    bool markedCompleted() const
    {
        for (const HostileServer::Request &r : appwriteServer.requests()) {
            if (r.method != "GET" && r.body.contains(R"("status":"completed")"))
                return true;
        }
        return false;
    }
};

QString describe(const LearnerCheck &check, const CheckRig &rig)
{
    QString text = outcomeName(check.result().outcome) + QStringLiteral(": ") + check.result().detail;
    for (const HostileServer::Request &r : rig.appwriteServer.requests())
        text += QStringLiteral("\n  appwrite ") + QString::fromLatin1(r.method + ' ' + r.target);
    return text;
}
} // namespace

class TestHostileCheck : public QObject
{
    Q_OBJECT

private slots:
    void graphyValues_data();
    void graphyValues();
    void appwriteDocumentFields_data();
    void appwriteDocumentFields();
};

// Graphy's course object with each field the rule reads given a value of another type.
void TestHostileCheck::graphyValues_data()
{
    QTest::addColumn<QByteArray>("course");
    QTest::addColumn<QString>("expect"); // "certified", "in progress", "not in course", or "error: <part>"
    // Read as the contract says (numbers, booleans, item flags).
    QTest::newRow("progress 100") << QByteArray(R"({"id":"c1","progress":100})") << "certified";
    QTest::newRow("progress 100.0") << QByteArray(R"({"id":"c1","progress":100.0})") << "certified";
    QTest::newRow("completed true") << QByteArray(R"({"id":"c1","progress":10,"completed":true})")
                                    << "certified";
    QTest::newRow("progress 99.99") << QByteArray(R"({"id":"c1","progress":99.99})") << "in progress";
    QTest::newRow("items all completed (\"true\")")
        << QByteArray(R"({"id":"c1","progress":100,"course items":[{"completed":"true"}]})") << "certified";
    // Numbers and booleans in strings that say exactly one thing are read (Graphy's v1 answers carry
    // strings); anything else is an error that names the field.
    QTest::newRow("progress the string \"100\"")
        << QByteArray(R"({"id":"c1","progress":"100"})") << "certified";
    QTest::newRow("completed the string \"true\"")
        << QByteArray(R"({"id":"c1","completed":"true"})") << "certified";
    QTest::newRow("progress the string \"abc\"")
        << QByteArray(R"({"id":"c1","progress":"abc"})") << "error: 'progress' is string \"abc\"";
    QTest::newRow("progress true") << QByteArray(R"({"id":"c1","progress":true})")
                                   << "error: 'progress' is boolean true";
    QTest::newRow("progress null") << QByteArray(R"({"id":"c1","progress":null})")
                                   << "error: no progress or completion flag";
    QTest::newRow("progress the string \"inf\"")
        << QByteArray(R"({"id":"c1","progress":"inf"})") << "error: 'progress' is string \"inf\"";
    QTest::newRow("progress the string \"nan\"")
        << QByteArray(R"({"id":"c1","progress":"nan"})") << "error: 'progress' is string \"nan\"";
    QTest::newRow("progress an array")
        << QByteArray(R"({"id":"c1","progress":[100]})") << "error: 'progress' is an array";
    QTest::newRow("completed 1") << QByteArray(R"({"id":"c1","completed":1})")
                                 << "error: 'completed' is number 1";
    QTest::newRow("completed 0, progress 50")
        << QByteArray(R"({"id":"c1","progress":50,"completed":0})") << "error: 'completed' is number 0";
    QTest::newRow("completed \"yes\"")
        << QByteArray(R"({"id":"c1","completed":"yes"})") << "error: 'completed' is string \"yes\"";
    QTest::newRow("completed null, progress null")
        << QByteArray(R"({"id":"c1","progress":null,"completed":null})")
        << "error: no progress or completion flag";
    QTest::newRow("course items an object, progress 100")
        << QByteArray(R"({"id":"c1","progress":100,"course items":{"completed":true}})")
        << "error: 'course items' is an object, not an array";
    QTest::newRow("course items[0].completed 1, progress 100")
        << QByteArray(R"({"id":"c1","progress":100,"course items":[{"completed":1}]})")
        << "error: 'course items[0].completed' is number 1";
    QTest::newRow("course items[1] a string, progress 100")
        << QByteArray(R"({"id":"c1","progress":100,"course items":[{"completed":true},"done"]})")
        << "error: 'course items[1]' is string \"done\", not an object";
    // The course id is compared as a string (graphy.md §6): a number is not the learner's course.
    QTest::newRow("course id a number") << QByteArray(R"({"id":1,"progress":100})") << "not in course";
}

void TestHostileCheck::graphyValues()
{
    QFETCH(QByteArray, course);
    QFETCH(QString, expect);
    CheckRig rig;
    QString error;
    QVERIFY2(rig.start(learnerDocument(), &error), qPrintable(error));
    rig.graphyServer.setReply(graphyAnswer(course));
    const auto check = rig.check(learnerDocument());
    QVERIFY2(check, "the check did not finish");
    const CheckResult &result = check->result();
    QCOMPARE(rig.graphyServer.count("GET", "/public/v2/learners"), 1);
    if (expect == QLatin1String("certified")) {
        QVERIFY2(result.outcome == LearnerOutcome::Completed, qPrintable(describe(*check, rig)));
        QCOMPARE(rig.eventWrites(), 1);
        QVERIFY2(rig.markedCompleted(), qPrintable(describe(*check, rig)));
        return;
    }
    // Nothing certified, whatever else happens.
    QVERIFY2(rig.eventWrites() == 0, qPrintable(describe(*check, rig)));
    QVERIFY2(!rig.markedCompleted(), qPrintable(describe(*check, rig)));
    QVERIFY(result.outcome != LearnerOutcome::Completed && result.outcome != LearnerOutcome::AlreadyRecorded);
    if (expect == QLatin1String("in progress")) {
        QVERIFY2(result.outcome == LearnerOutcome::InProgress, qPrintable(describe(*check, rig)));
        return;
    }
    if (expect == QLatin1String("not in course")) {
        QVERIFY2(result.outcome == LearnerOutcome::NotInCourse, qPrintable(describe(*check, rig)));
        return;
    }
    // A per-learner error that names the field, and no write at all.
    QVERIFY2(result.outcome == LearnerOutcome::Failed, qPrintable(describe(*check, rig)));
    QCOMPARE(check->errors().size(), 1);
    const ErrorEntry &entry = check->errors().first();
    QCOMPARE(entry.learnerId, QStringLiteral("l1"));
    const QString part = expect.mid(7);
    QVERIFY2(entry.message.contains(part), qPrintable(entry.message));
    QVERIFY2(result.detail.contains(part), qPrintable(result.detail));
    QVERIFY2(entry.message.contains(QStringLiteral("will retry")), qPrintable(entry.message));
    QCOMPARE(rig.appwriteServer.count("PATCH"), 0);
}

// Fields of the learner document the check reads, with values of other types. Graphy always says
// "completed": only the document decides.
void TestHostileCheck::appwriteDocumentFields_data()
{
    QTest::addColumn<QByteArray>("fields");
    QTest::addColumn<QString>("expect"); // "certified", "not certified", or "error: <part>"
    QTest::newRow("$id a number (a single read: the manual check)")
        << QByteArray(R"("$id":17)") << "error: no $id";
    QTest::newRow("email a number") << QByteArray(R"("email":42)") << "error: e-mail";
    QTest::newRow("email an array") << QByteArray(R"("email":["ada@example.com"])") << "error: e-mail";
    QTest::newRow("course_id an array") << QByteArray(R"("course_id":["c1"])") << "error: course_id";
    QTest::newRow("course_id a number") << QByteArray(R"("course_id":1)") << "error: course_id";
    QTest::newRow("course_id an object") << QByteArray(R"("course_id":{"id":"c1"})") << "error: course_id";
    // Not read by the check: the checker writes completion_data, it never reads it; $sequence is
    // not used (the pager pages by $id cursor), whether it is 1.8's integer or 1.9's string.
    QTest::newRow("completion_data an object")
        << QByteArray(R"("completion_data":{"progress":100})") << "certified";
    QTest::newRow("$sequence the string \"17\"") << QByteArray(R"("$sequence":"17")") << "certified";
    QTest::newRow("$sequence the integer 17") << QByteArray(R"("$sequence":17)") << "certified";
    // status is what the listing filtered on; a learner whose status is not the enrolled string is
    // not one the checker may certify on its own.
    QTest::newRow("status a number") << QByteArray(R"("status":1)") << "not certified";
}

void TestHostileCheck::appwriteDocumentFields()
{
    QFETCH(QByteArray, fields);
    QFETCH(QString, expect);
    const QJsonObject doc = learnerDocument(fields);
    CheckRig rig;
    QString error;
    QVERIFY2(rig.start(doc, &error), qPrintable(error));
    rig.graphyServer.setReply(graphyAnswer(R"({"id":"c1","progress":100,"completed":true})"));
    const auto check = rig.check(doc);
    QVERIFY2(check, "the check did not finish");
    const CheckResult &result = check->result();
    if (expect == QLatin1String("certified")) {
        QVERIFY2(result.outcome == LearnerOutcome::Completed, qPrintable(describe(*check, rig)));
        QCOMPARE(rig.eventWrites(), 1);
        return;
    }
    if (expect == QLatin1String("not certified")) {
        QVERIFY2(rig.eventWrites() == 0 && !rig.markedCompleted(), qPrintable(describe(*check, rig)));
        return;
    }
    QVERIFY2(result.outcome == LearnerOutcome::Failed, qPrintable(describe(*check, rig)));
    QCOMPARE(check->errors().size(), 1);
    QVERIFY2(check->errors().first().message.contains(expect.mid(7)),
             qPrintable(check->errors().first().message));
    // Refused before any request: nothing asked, nothing written.
    QCOMPARE(rig.graphyServer.requests().size(), 0);
    QCOMPARE(rig.appwriteServer.requests().size(), 0);
}

QTEST_GUILESS_MAIN(TestHostileCheck)
#include "tst_hostile_check.moc"
