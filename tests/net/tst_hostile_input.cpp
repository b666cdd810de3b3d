// Hostile answers through the real clients over real loopback HTTP: a HostileServer stands in for
// Appwrite or Graphy and answers with oversized, deeply nested, non-UTF-8 or wrongly typed bodies,
// or never answers, or trickles its answer one byte at a time. Each case must end in one clear
// error (kind, type, and a message that says what failed, in which service and operation), within
// the configured time, and never in a value the app would act on wrongly. What the checker then
// makes of wrongly typed values (never "completed") is tests/checker/tst_hostile_check.
#include "HostileServer.h"
#include "NetTestKit.h"

#include <QElapsedTimer>
#include <QSignalSpy>

using namespace cc;
using namespace nettest;

namespace {
const QString kAppwrite = QStringLiteral("appwrite");
const QString kGraphy = QStringLiteral("graphy");
const QString kEmail = QStringLiteral("ada@example.com");
constexpr qint64 kSlackMs = 5000; // scheduling slack on a loaded 2-core machine, under ASan too

// One channel and one client of the service `settings.service`, pointed at a HostileServer.
struct HostileRig
{
    QNetworkAccessManager nam;
    std::unique_ptr<ServiceChannel> channel;
    std::unique_ptr<AppwriteClient> appwrite;
    std::unique_ptr<GraphyClient> graphy;

    HostileRig(const HostileServer &server, const ServiceChannel::Settings &settings)
    {
        channel = std::make_unique<ServiceChannel>(settings, &nam, SystemClock::instance());
        channel->setRetrySeed(42);
        if (settings.service == kGraphy) {
            GraphySettings s;
            s.apiBase = server.base();
            s.merchantId = QStringLiteral("hostile-mid");
            s.apiKey = kGraphyKey;
            graphy = std::make_unique<GraphyClient>(s, channel.get());
        } else {
            AppwriteSettings s;
            s.endpoint = QUrl(server.base().toString() + QStringLiteral("/v1"));
            s.projectId = QStringLiteral("hostile-project");
            s.apiKey = kAppwriteKey;
            // The answers here are written in the documents API's words; both families share the
            // parser (JsonBody::list with the family's key), which fuzz_appwrite_list covers for both.
            s.api = AppwriteApi::Documents;
            appwrite = std::make_unique<AppwriteClient>(s, channel.get());
        }
    }

    // The operation each service's rows exercise: Appwrite's listing, Graphy's learner lookup.
    // Returns the error (kind None when it succeeded).
    ServiceError callOnce(int timeoutMs = 60000)
    {
        if (appwrite) {
            const auto r = listDocuments(appwrite.get(), {AppwriteQuery::limit(5)});
            if (!r)
                return timedOutInTest();
            return r->ok() ? ServiceError() : r->error();
        }
        const auto r = await<GraphyLearner>(
            [&](QObject *ctx, auto done) { graphy->learnerByEmail(kEmail, ctx, done); }, timeoutMs);
        if (!r)
            return timedOutInTest();
        return r->ok() ? ServiceError() : r->error();
    }

    static ServiceError timedOutInTest()
    {
        ServiceError e;
        e.kind = ServiceError::Kind::Aborted;
        e.message = QStringLiteral("TEST: no callback within the test's own bound");
        return e;
    }
};

QString operationOf(const QString &service)
{
    return service == kGraphy ? QStringLiteral("learnerByEmail") : QStringLiteral("listDocuments");
}

QByteArray pathOf(const QString &service)
{
    return service == kGraphy ? QByteArray("/public/v2/learners") : QByteArray("/documents");
}

// A well-formed answer of each service around `payload`: a listing with one document whose name is
// `payload`, or a Graphy search whose one learner has that name.
QByteArray answerWithName(const QString &service, const QByteArray &payload)
{
    if (service == kGraphy)
        return R"({"status":"success","total":1,"data":[{"id":"669a0243835d4b30de916cd6","email":")" +
               kEmail.toUtf8() + R"(","name":")" + payload + R"(","courses":[]}]})";
    return R"({"total":1,"documents":[{"$id":"l1","email":"ada@example.com","course_id":"c1",)"
           R"("status":"enrolled","name":")" +
           payload + R"("}]})";
}

QByteArray document(const QByteArray &fields)
{
    return R"({"$id":"l1","email":"ada@example.com","course_id":"c1","status":"enrolled")" +
           (fields.isEmpty() ? QByteArray() : "," + fields) + "}";
}

// Common to every error of this suite: it names the service and operation and leaks no secret.
#define VERIFY_NAMED_ERROR(e, svc)                                                                           \
    do {                                                                                                     \
        QCOMPARE((e).service, svc);                                                                          \
        QCOMPARE((e).operation, operationOf(svc));                                                           \
        QVERIFY2(!(e).message.isEmpty(), qPrintable((e).toString()));                                        \
        QVERIFY2(                                                                                            \
            (e).toString().startsWith(svc + QLatin1Char(' ') + operationOf(svc) + QStringLiteral(": ")),     \
            qPrintable((e).toString()));                                                                     \
        NET_VERIFY_NO_SECRET(e);                                                                             \
    } while (false)
} // namespace

class TestHostileInput : public QObject
{
    Q_OBJECT

private slots:
    void oversizedAnswer_data();
    void oversizedAnswer();
    void deepNesting_data();
    void deepNesting();
    void nonUtf8_data();
    void nonUtf8();
    void appwriteFieldTypes_data();
    void appwriteFieldTypes();
    void graphyFieldTypes_data();
    void graphyFieldTypes();
    void hugeCompletionData_data();
    void hugeCompletionData();
    void neverAnswers_data();
    void neverAnswers();
    void trickle_data();
    void trickle();
    void noSecretInAnyError();

private:
    std::unique_ptr<HostileServer> m_server;
    void startServer();
};

void TestHostileInput::startServer()
{
    m_server = std::make_unique<HostileServer>();
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
}

// --- oversized --------------------------------------------------------------------------------------

void TestHostileInput::oversizedAnswer_data()
{
    QTest::addColumn<QString>("service");
    QTest::addColumn<qint64>("cap");          // the channel's maxResponseBytes
    QTest::addColumn<bool>("announceLength"); // false: no Content-Length, the body runs until close
    const qint64 defaultCap = ServiceChannel::Settings().maxResponseBytes;
    QTest::newRow("appwrite list, default 16 MiB cap, Content-Length") << kAppwrite << defaultCap << true;
    QTest::newRow("appwrite list, 256 KiB cap, no Content-Length")
        << kAppwrite << qint64(256 * 1024) << false;
    QTest::newRow("graphy lookup, default 16 MiB cap, Content-Length") << kGraphy << defaultCap << true;
    QTest::newRow("graphy lookup, 256 KiB cap, no Content-Length") << kGraphy << qint64(256 * 1024) << false;
}

void TestHostileInput::oversizedAnswer()
{
    QFETCH(QString, service);
    QFETCH(qint64, cap);
    QFETCH(bool, announceLength);
    startServer();
    // Valid JSON of the right shape, one byte over the cap: only its size is wrong.
    const QByteArray shell = answerWithName(service, QByteArray());
    const QByteArray body = answerWithName(service, QByteArray(cap + 1 - shell.size(), 'x'));
    QCOMPARE(qint64(body.size()), cap + 1);
    m_server->setReply({200, "application/json", body, announceLength});
    ServiceChannel::Settings s = fastSettings(service);
    s.maxResponseBytes = cap;
    HostileRig rig(*m_server, s);

    const ServiceError e = rig.callOnce();
    QCOMPARE(e.kind, ServiceError::Kind::TooLarge);
    QCOMPARE(e.type, QStringLiteral("response_too_large"));
    QVERIFY2(e.message.contains(QStringLiteral("larger than %1 bytes").arg(cap)), qPrintable(e.message));
    VERIFY_NAMED_ERROR(e, service);
    QCOMPARE(e.attempts, 1); // a size is not transient: not sent again
    QCOMPARE(m_server->count("GET", pathOf(service)), 1);
}

// --- deep nesting -----------------------------------------------------------------------------------

void TestHostileInput::deepNesting_data()
{
    QTest::addColumn<QString>("service");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    const QByteArray arrays(100000, '[');
    QByteArray objects;
    for (int i = 0; i < 100000; ++i)
        objects += "{\"a\":";
    // Deep inside an otherwise valid answer: in the documents array, in a Graphy course.
    const QByteArray inList = R"({"total":1,"documents":[{"$id":"l1","name":)" + arrays + "}]}";
    const QByteArray inGraphy =
        R"({"status":"success","data":[{"email":"ada@example.com","courses":)" + arrays + "}]}";
    QTest::newRow("appwrite list 200, 100000 '[' in a document") << kAppwrite << 200 << inList;
    QTest::newRow("appwrite list 200, 100000 '{\"a\":'") << kAppwrite << 200 << objects;
    QTest::newRow("appwrite list 400, 100000 '[' as the error body") << kAppwrite << 400 << arrays;
    QTest::newRow("graphy lookup 200, 100000 '[' in courses") << kGraphy << 200 << inGraphy;
    QTest::newRow("graphy lookup 200, 100000 '[' alone") << kGraphy << 200 << arrays;
    QTest::newRow("graphy lookup 400, 100000 '{\"a\":' as the error body") << kGraphy << 400 << objects;
}

void TestHostileInput::deepNesting()
{
    QFETCH(QString, service);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    startServer();
    m_server->setReply(body, status);
    ServiceChannel::Settings s = fastSettings(service);
    HostileRig rig(*m_server, s);
    QElapsedTimer timer;
    timer.start();
    const ServiceError e = rig.callOnce();
    QVERIFY2(timer.elapsed() < s.timeoutMs + kSlackMs, qPrintable(QString::number(timer.elapsed())));
    VERIFY_NAMED_ERROR(e, service);
    QCOMPARE(e.httpStatus, status);
    if (status == 200) {
        QCOMPARE(e.kind, ServiceError::Kind::Malformed);
        QCOMPARE(e.type, QStringLiteral("malformed_response"));
        // Qt's parser stops at 1024 levels: "invalid JSON at offset N: too deeply nested document".
        QVERIFY2(e.message.startsWith(QStringLiteral("invalid JSON at offset ")), qPrintable(e.message));
    } else {
        // An error status with an unreadable error body is still that error status.
        QCOMPARE(e.kind, ServiceError::Kind::Http);
        QCOMPARE(e.type, QStringLiteral("http_%1").arg(status));
        QVERIFY2(e.message.contains(QStringLiteral("not")), qPrintable(e.message));
    }
}

// --- non-UTF-8 --------------------------------------------------------------------------------------

void TestHostileInput::nonUtf8_data()
{
    QTest::addColumn<QString>("service");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("messagePart");
    using K = ServiceError::Kind;
    const QByteArray ff = "Ada \xff\xfe Lovelace";
    const QByteArray overlong = "ada\xc0\xaf@example.com"; // an overlong '/'
    const QByteArray lone = "\xed\xa0\x80";                // a UTF-16 surrogate encoded as UTF-8
    QTest::newRow("appwrite list: 0xFF in a name")
        << kAppwrite << 200 << QByteArray("application/json") << answerWithName(kAppwrite, ff)
        << int(K::Malformed) << "invalid JSON at offset";
    QTest::newRow("appwrite list: overlong sequence in an e-mail")
        << kAppwrite << 200 << QByteArray("application/json")
        << QByteArray(R"({"total":1,"documents":[{"$id":"l1","email":")" + overlong + R"("}]})")
        << int(K::Malformed) << "invalid JSON at offset";
    QTest::newRow("appwrite list: surrogate in a name")
        << kAppwrite << 200 << QByteArray("application/json") << answerWithName(kAppwrite, lone)
        << int(K::Malformed) << "invalid JSON at offset";
    QTest::newRow("graphy lookup: 0xFF in a name")
        << kGraphy << 200 << QByteArray("application/json") << answerWithName(kGraphy, ff)
        << int(K::Malformed) << "invalid JSON at offset";
    QTest::newRow("graphy lookup: overlong sequence in an e-mail")
        << kGraphy << 200 << QByteArray("application/json")
        << QByteArray(R"({"status":"success","data":[{"email":")" + overlong + R"(","courses":[]}]})")
        << int(K::Malformed) << "invalid JSON at offset";
    QTest::newRow("appwrite 400: 0xFF in the error message")
        << kAppwrite << 400 << QByteArray("application/json")
        << QByteArray(R"({"message":"bad )" + ff + R"(","code":400,"type":"general_argument_invalid"})")
        << int(K::Http) << "not an Appwrite error object";
    QTest::newRow("appwrite 500 text/plain: raw 0xFF bytes")
        << kAppwrite << 500 << QByteArray("text/plain") << QByteArray("\xff\xfe\xfd oops \x80")
        << int(K::Http) << "text/plain";
    QTest::newRow("graphy 200 error object: 0xFF in the message")
        << kGraphy << 200 << QByteArray("application/json")
        << QByteArray(R"({"error":{"code":7,"message":"bad )" + ff + R"("}})") << int(K::Malformed)
        << "invalid JSON at offset";
    QTest::newRow("graphy 401: 0xFF in the message")
        << kGraphy << 401 << QByteArray("application/json")
        << QByteArray(R"({"message":"invalid session )" + ff + R"("})") << int(K::Http) << "not JSON";
}

void TestHostileInput::nonUtf8()
{
    QFETCH(QString, service);
    QFETCH(int, status);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(int, kind);
    QFETCH(QString, messagePart);
    startServer();
    m_server->setReply({status, contentType, body, true});
    HostileRig rig(*m_server, fastSettings(service));
    const ServiceError e = rig.callOnce();
    QCOMPARE(int(e.kind), kind);
    QCOMPARE(e.httpStatus, status);
    QVERIFY2(e.message.contains(messagePart), qPrintable(e.message));
    VERIFY_NAMED_ERROR(e, service);
    if (status == 401)
        QVERIFY(e.isAuthFailure()); // the run still stops on refused credentials
    // The snippet shows the bytes as replacement characters, never as raw invalid text.
    QVERIFY2(e.detail.contains(QChar(QChar::ReplacementCharacter)), qPrintable(e.detail));
    QVERIFY(e.toString().isValidUtf16());
}

// --- Appwrite: wrong types --------------------------------------------------------------------------

void TestHostileInput::appwriteFieldTypes_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("accepted");       // the client hands the documents on
    QTest::addColumn<QString>("messagePart"); // else: in the Malformed error
    const auto list = [](const QByteArray &doc) { return R"({"total":1,"documents":[)" + doc + "]}"; };
    // The client's contract: an envelope with a number 'total' and objects with a string $id. The
    // fields inside are the checker's business (tst_hostile_check): the client passes them on.
    QTest::newRow("$id a number") << list(R"({"$id":17,"email":"ada@example.com"})") << false << "$id";
    QTest::newRow("$id null") << list(R"({"$id":null})") << false << "$id";
    QTest::newRow("$id an object") << list(R"({"$id":{"a":1}})") << false << "$id";
    QTest::newRow("document a string") << list(R"("l1")") << false << "$id";
    QTest::newRow("total a string") << QByteArray(R"({"total":"1","documents":[)" + document({}) + "]}")
                                    << false << "'total' (number)";
    QTest::newRow("total null") << QByteArray(R"({"total":null,"documents":[]})") << false
                                << "'total' (number)";
    QTest::newRow("documents an object")
        << QByteArray(R"({"total":1,"documents":{"$id":"l1"}})") << false << "'documents' (array)";
    QTest::newRow("answer an array") << QByteArray("[]") << false << "expected a JSON object";
    QTest::newRow("status a number") << list(document(R"("status":5)").replace(R"("status":"enrolled",)", ""))
                                     << true << "";
    QTest::newRow("course_id an array")
        << list(R"({"$id":"l1","email":"ada@example.com","course_id":["c1"]})") << true << "";
    QTest::newRow("completion_data an object")
        << list(document(R"("completion_data":{"progress":100})")) << true << "";
    QTest::newRow("$sequence the string \"17\"") << list(document(R"("$sequence":"17")")) << true << "";
    QTest::newRow("$sequence the integer 17") << list(document(R"("$sequence":17)")) << true << "";
    QTest::newRow("total 1e300") << QByteArray(R"({"total":1e300,"documents":[)" + document({}) + "]}")
                                 << true << "";
}

void TestHostileInput::appwriteFieldTypes()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, accepted);
    QFETCH(QString, messagePart);
    startServer();
    m_server->setReply(body);
    HostileRig rig(*m_server, fastSettings(kAppwrite));
    const auto r = listDocuments(rig.appwrite.get(), {AppwriteQuery::limit(5)});
    QVERIFY(r);
    if (accepted) {
        QVERIFY2(r->ok(), qPrintable(r->error().toString()));
        QCOMPARE(r->value().documents.size(), 1);
        QCOMPARE(r->value().documents.first().value(QStringLiteral("$id")).toString(), QStringLiteral("l1"));
        QVERIFY(r->value().total >= 0); // 1e300 does not overflow into a negative count
        return;
    }
    QVERIFY(!r->ok());
    const ServiceError &e = r->error();
    QCOMPARE(e.kind, ServiceError::Kind::Malformed);
    QCOMPARE(e.type, QStringLiteral("malformed_response"));
    QCOMPARE(e.httpStatus, 200);
    QVERIFY2(e.message.contains(messagePart), qPrintable(e.message));
    VERIFY_NAMED_ERROR(e, kAppwrite);
}

// --- Graphy: wrong types ----------------------------------------------------------------------------

void TestHostileInput::graphyFieldTypes_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("outcome"); // "error: <part>", "not found", or "course: <expected unreadable>"
    const auto learner = [](const QByteArray &fields) {
        return R"({"status":"success","total":1,"data":[{"id":"669a","email":"ada@example.com",)" + fields +
               "}]}";
    };
    // Envelope and learner shapes. The course fields themselves: tst_hostile_check (the rule).
    QTest::newRow("data an object") << QByteArray(R"({"status":"success","data":{"email":"x"}})")
                                    << "error: expected 'data' (array)";
    QTest::newRow("data[0] a string") << QByteArray(R"({"status":"success","data":["ada@example.com"]})")
                                      << "error: 'data[0]' is not an object";
    QTest::newRow("status a number (not \"success\")")
        << QByteArray(R"({"status":0,"data":[]})") << "not found";
    QTest::newRow("error a number") << QByteArray(R"({"error":1,"data":[]})")
                                    << "error: with an error ('error' is number 1) but no message";
    QTest::newRow("status \"failed\", no message")
        << QByteArray(R"({"status":"failed"})")
        << "error: with an error ('status' is string \"failed\") but no message";
    QTest::newRow("email a number") << learner(R"("email":42,"courses":[])") << "not found";
    QTest::newRow("courses an object") << learner(R"("courses":{"id":"c1"})") << "no courses";
    QTest::newRow("progress the string \"abc\"")
        << learner(R"("courses":[{"id":"c1","progress":"abc"}])") << "course: 'progress' is string \"abc\"";
    QTest::newRow("progress true") << learner(R"("courses":[{"id":"c1","progress":true}])")
                                   << "course: 'progress' is boolean true";
    QTest::newRow("progress the string \"inf\"")
        << learner(R"("courses":[{"id":"c1","progress":"inf"}])") << "course: 'progress' is string \"inf\"";
    QTest::newRow("completed 1") << learner(R"("courses":[{"id":"c1","completed":1}])")
                                 << "course: 'completed' is number 1";
    QTest::newRow("course items an object")
        << learner(R"("courses":[{"id":"c1","progress":100,"course items":{"completed":true}}])")
        << "course: 'course items' is an object, not an array";
    QTest::newRow("course items[0].completed 1")
        << learner(R"("courses":[{"id":"c1","progress":100,"course items":[{"completed":1}]}])")
        << "course: 'course items[0].completed' is number 1";
    QTest::newRow("progress \"100\" and 100.0 and null are read")
        << learner(R"("courses":[{"id":"c1","progress":"100"},{"id":"c2","progress":100.0},)"
                   R"({"id":"c3","progress":null,"completed":null}])")
        << "course: ";
}

void TestHostileInput::graphyFieldTypes()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, outcome);
    startServer();
    m_server->setReply(body);
    HostileRig rig(*m_server, fastSettings(kGraphy));
    const auto r =
        await<GraphyLearner>([&](QObject *ctx, auto done) { rig.graphy->learnerByEmail(kEmail, ctx, done); });
    QVERIFY(r);
    if (outcome.startsWith(QStringLiteral("error: "))) {
        QVERIFY(!r->ok());
        const ServiceError &e = r->error();
        QVERIFY2(e.kind == ServiceError::Kind::Malformed || e.kind == ServiceError::Kind::Business,
                 qPrintable(e.toString()));
        QVERIFY2(e.message.contains(outcome.mid(7)), qPrintable(e.message));
        VERIFY_NAMED_ERROR(e, kGraphy);
        return;
    }
    QVERIFY2(r->ok(), qPrintable(r->error().toString()));
    const GraphyLearner &l = r->value();
    if (outcome == QLatin1String("not found")) {
        QVERIFY(!l.found);
        return;
    }
    QVERIFY(l.found);
    if (outcome == QLatin1String("no courses")) {
        QVERIFY(!l.hasCourses); // decides nothing (CompletionRule)
        return;
    }
    const GraphyCourse *c1 = l.course(QStringLiteral("c1"));
    QVERIFY(c1);
    const QString unreadable = outcome.mid(8);
    if (unreadable.isEmpty()) {
        QVERIFY2(c1->unreadable.isEmpty(), qPrintable(c1->unreadable.join(QLatin1Char('|'))));
        QCOMPARE(c1->progress.value_or(-1), 100.0);
        QCOMPARE(l.course(QStringLiteral("c2"))->progress.value_or(-1), 100.0);
        QVERIFY(!l.course(QStringLiteral("c3"))->progress); // null: Graphy did not say
        QVERIFY(l.course(QStringLiteral("c3"))->unreadable.isEmpty());
        return;
    }
    QVERIFY(!c1->completed.value_or(false));
    QCOMPARE(c1->unreadable.join(QLatin1Char('|')), unreadable);
}

// --- huge completion_data ---------------------------------------------------------------------------

void TestHostileInput::hugeCompletionData_data()
{
    QTest::addColumn<qint64>("cap");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("5 MB completion_data, default 16 MiB cap: read")
        << ServiceChannel::Settings().maxResponseBytes << true;
    QTest::newRow("5 MB completion_data, 1 MiB cap: TooLarge") << qint64(1024 * 1024) << false;
}

void TestHostileInput::hugeCompletionData()
{
    QFETCH(qint64, cap);
    QFETCH(bool, accepted);
    startServer();
    const QByteArray huge(5 * 1000 * 1000, 'd');
    m_server->setReply(R"({"total":2,"documents":[)" + document(R"("completion_data":")" + huge + "\"") +
                       "," + document({}).replace("l1", "l2") + "]}");
    ServiceChannel::Settings s = fastSettings(kAppwrite);
    s.maxResponseBytes = cap;
    HostileRig rig(*m_server, s);
    const auto r = listDocuments(rig.appwrite.get(), {AppwriteQuery::limit(5)});
    QVERIFY(r);
    if (accepted) {
        QVERIFY2(r->ok(), qPrintable(r->error().toString()));
        QCOMPARE(r->value().documents.size(), 2);
        QCOMPARE(r->value().documents.at(0).value(QStringLiteral("completion_data")).toString().size(),
                 huge.size());
        return;
    }
    QVERIFY(!r->ok());
    QCOMPARE(r->error().kind, ServiceError::Kind::TooLarge);
    QVERIFY2(r->error().message.contains(QString::number(cap)), qPrintable(r->error().message));
    VERIFY_NAMED_ERROR(r->error(), kAppwrite);
}

// --- never answers ----------------------------------------------------------------------------------

void TestHostileInput::neverAnswers_data()
{
    QTest::addColumn<QString>("service");
    QTest::addColumn<QString>("call"); // "read", or "create unique()" (not retryable)
    QTest::addColumn<int>("attempts");
    QTest::newRow("appwrite list: retried, bounded") << kAppwrite << "read" << 3;
    QTest::newRow("appwrite create unique(): sent once") << kAppwrite << "create unique()" << 1;
    QTest::newRow("graphy lookup: retried, bounded") << kGraphy << "read" << 3;
}

void TestHostileInput::neverAnswers()
{
    QFETCH(QString, service);
    QFETCH(QString, call);
    QFETCH(int, attempts);
    startServer();
    m_server->setMode(HostileServer::Mode::NeverAnswer);
    ServiceChannel::Settings s = fastSettings(service);
    s.timeoutMs = 300;
    s.retry.maxAttempts = 3;
    HostileRig rig(*m_server, s);
    QElapsedTimer timer;
    timer.start();
    ServiceError e;
    if (call == QLatin1String("read")) {
        e = rig.callOnce();
    } else {
        const auto r = await<CreateOutcome>([&](QObject *ctx, auto done) {
            rig.appwrite->createDocument(QStringLiteral("webhook_events"), QStringLiteral("unique()"),
                                         QJsonObject{{"a", 1}}, ctx, done);
        });
        QVERIFY(r && !r->ok());
        e = r->error();
    }
    const qint64 elapsed = timer.elapsed();
    QCOMPARE(e.kind, ServiceError::Kind::Timeout);
    QCOMPARE(e.type, QStringLiteral("timeout"));
    QVERIFY2(e.message.contains(QStringLiteral("within 300 ms")), qPrintable(e.message));
    QCOMPARE(e.service, service);
    NET_VERIFY_NO_SECRET(e);
    QCOMPARE(e.attempts, attempts);
    QCOMPARE(rig.channel->stats().requests, qint64(attempts));
    QTRY_COMPARE(m_server->requests().size(), attempts); // every attempt reached it, no more
    // Each attempt gets the timeout; backoff is at most 50 ms between them.
    QVERIFY2(elapsed < attempts * (s.timeoutMs + s.retry.maxDelayMs) + kSlackMs,
             qPrintable(QString::number(elapsed)));
}

// --- trickle ----------------------------------------------------------------------------------------

void TestHostileInput::trickle_data()
{
    QTest::addColumn<QString>("service");
    QTest::addColumn<int>("intervalMs");
    QTest::addColumn<bool>("completes"); // false: the answer takes far longer than the timeout
    // 200 ms a byte stands in for 1 byte/s: every gap is far below the 1 s timeout, so only a timeout
    // over the whole answer (not an idle timeout) ends it.
    QTest::newRow("appwrite list, 1 byte / 200 ms") << kAppwrite << 200 << false;
    QTest::newRow("graphy lookup, 1 byte / 200 ms") << kGraphy << 200 << false;
    // Control: the same server, fast enough, answers and is read (the timeout above is not the
    // server being broken).
    QTest::newRow("graphy lookup, 1 byte / 5 ms (control)") << kGraphy << 5 << true;
}

void TestHostileInput::trickle()
{
    QFETCH(QString, service);
    QFETCH(int, intervalMs);
    QFETCH(bool, completes);
    startServer();
    m_server->setMode(HostileServer::Mode::Trickle);
    m_server->setTrickleIntervalMs(intervalMs);
    m_server->setReply(service == kGraphy ? QByteArray(R"({"status":"success","total":0,"data":[]})")
                                          : QByteArray(R"({"total":0,"documents":[]})"));
    ServiceChannel::Settings s = fastSettings(service);
    s.timeoutMs = completes ? 10000 : 1000;
    s.retry.maxAttempts = 2;
    HostileRig rig(*m_server, s);
    QElapsedTimer timer;
    timer.start();
    const ServiceError e = rig.callOnce();
    const qint64 elapsed = timer.elapsed();
    if (completes) {
        QVERIFY2(!e.isError(), qPrintable(e.toString()));
        return;
    }
    QCOMPARE(e.kind, ServiceError::Kind::Timeout);
    QVERIFY2(e.message.contains(QStringLiteral("no complete answer within 1000 ms")), qPrintable(e.message));
    VERIFY_NAMED_ERROR(e, service);
    QCOMPARE(e.attempts, 2);
    QVERIFY2(elapsed < 2 * (s.timeoutMs + s.retry.maxDelayMs) + kSlackMs,
             qPrintable(QString::number(elapsed)));
}

void TestHostileInput::noSecretInAnyError()
{
    QVERIFY(!seenErrorTexts().isEmpty());
    for (const QString &t : seenErrorTexts()) {
        for (const QString &secret : secretForms())
            QVERIFY2(!t.contains(secret, Qt::CaseInsensitive), qPrintable(t));
    }
}

QTEST_GUILESS_MAIN(TestHostileInput)
#include "tst_hostile_input.moc"
