// AppwriteClient against a real SandboxHost over loopback HTTP: documents (list/get/create/update),
// queries, health, schema, executions, and the service's error objects.
#include "NetTestKit.h"

#include <QJsonDocument>
#include <QSet>

using namespace cc;
using namespace nettest;
using sandbox::SandboxHost;

namespace {
const QString kEvents = QStringLiteral("webhook_events");

QJsonObject eventData(const QString &eventId)
{
    return QJsonObject{
        {QStringLiteral("event_id"), eventId},
        {QStringLiteral("event_type"), QStringLiteral("course.completed")},
        {QStringLiteral("source"), QStringLiteral("completion_checker")},
        {QStringLiteral("payload"), QStringLiteral("{\"progress\":100}")},
        {QStringLiteral("status"), QStringLiteral("pending")},
        {QStringLiteral("received_at"), AppwriteClient::formatDateTime(QDateTime::currentDateTimeUtc())}};
}
} // namespace

class TestAppwriteClient : public ClientTestCase
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void listFilters_data();
    void listFilters();
    void defaultLimitIs25();
    void cursorPagingVisitsEveryDocumentOnce();
    void unknownCursorIsAnError();
    void selectReturnsOnlyChosenAttributes();
    void queryValuesWithReservedCharacters();
    void getDocument();
    void createWithCustomIdThenAgain();
    void updateDocument();
    void concurrentCallsAllAnswer();
    void noSecretInAnyError();
};

void TestAppwriteClient::initTestCase()
{
    QString error;
    QVERIFY2(startWithRig(demoSandboxOptions(60, 11), QStringLiteral("appwrite"), &error), qPrintable(error));
}

void TestAppwriteClient::init()
{
    QVERIFY(m_control->clearFaults());
}

void TestAppwriteClient::listFilters_data()
{
    QTest::addColumn<QString>("filter");
    QTest::newRow("equal status enrolled") << "equal";
    QTest::newRow("isNull last_completion_check") << "isNull";
    QTest::newRow("orderAsc email, limit 7") << "orderAsc";
    QTest::newRow("and(equal, isNotNull)") << "and";
}

void TestAppwriteClient::listFilters()
{
    QFETCH(QString, filter);
    const QJsonArray all = m_control->documents(kLearners);
    QList<AppwriteQuery> queries;
    std::function<bool(const QJsonObject &)> expected = [](const QJsonObject &) { return true; };
    int limit = 100;
    if (filter == "equal") {
        queries = {AppwriteQuery::equal("status", "enrolled")};
        expected = [](const QJsonObject &d) { return d.value("status").toString() == "enrolled"; };
    } else if (filter == "isNull") {
        queries = {AppwriteQuery::isNull("last_completion_check")};
        expected = [](const QJsonObject &d) { return d.value("last_completion_check").isNull(); };
    } else if (filter == "orderAsc") {
        limit = 7;
        queries = {AppwriteQuery::orderAsc("email")};
    } else {
        queries = {AppwriteQuery::andOf(
            {AppwriteQuery::equal("status", "enrolled"), AppwriteQuery::isNotNull("last_completion_check")})};
        expected = [](const QJsonObject &d) {
            return d.value("status").toString() == "enrolled" && !d.value("last_completion_check").isNull();
        };
    }
    queries.append(AppwriteQuery::limit(limit));
    QStringList want;
    for (const QJsonValue &v : all) {
        if (expected(v.toObject()))
            want << v.toObject().value("$id").toString();
    }
    QVERIFY(!want.isEmpty());

    const auto r = list(queries);
    QVERIFY(r);
    QVERIFY2(r->ok(), qPrintable(r->error().toString()));
    QCOMPARE(r->value().total, int(want.size()));
    QStringList got;
    for (const QJsonObject &d : r->value().documents) {
        QVERIFY(expected(d));
        got << d.value("$id").toString();
    }
    if (filter == "orderAsc") {
        QCOMPARE(got.size(), 7);
        QStringList emails;
        for (const QJsonObject &d : r->value().documents)
            emails << d.value("email").toString();
        QStringList sorted = emails;
        std::sort(sorted.begin(), sorted.end());
        QCOMPARE(emails, sorted);
    } else {
        std::sort(got.begin(), got.end());
        std::sort(want.begin(), want.end());
        QCOMPARE(got, want);
    }
}

void TestAppwriteClient::defaultLimitIs25()
{
    const auto r = list({});
    QVERIFY(r && r->ok());
    QCOMPARE(r->value().documents.size(), 25);
    QCOMPARE(r->value().total, int(m_control->documents(kLearners).size()));
}

void TestAppwriteClient::cursorPagingVisitsEveryDocumentOnce()
{
    const int total = int(m_control->documents(kLearners).size());
    QSet<QString> seen;
    QString cursor;
    int pages = 0;
    for (;;) {
        QList<AppwriteQuery> q{AppwriteQuery::orderAsc("$id"), AppwriteQuery::limit(9)};
        if (!cursor.isEmpty())
            q.append(AppwriteQuery::cursorAfter(cursor));
        const auto r = list(q);
        QVERIFY(r);
        QVERIFY2(r->ok(), qPrintable(r->error().toString()));
        ++pages;
        for (const QJsonObject &d : r->value().documents) {
            QVERIFY2(!seen.contains(d.value("$id").toString()), "a document came twice");
            seen.insert(d.value("$id").toString());
        }
        if (r->value().documents.size() < 9)
            break;
        cursor = r->value().documents.last().value("$id").toString();
        QVERIFY(pages < 50);
    }
    QCOMPARE(int(seen.size()), total);
    QCOMPARE(pages, total / 9 + 1);
}

void TestAppwriteClient::unknownCursorIsAnError()
{
    const auto r = list({AppwriteQuery::cursorAfter("no-such-document"), AppwriteQuery::limit(5)});
    QVERIFY(r && !r->ok());
    QCOMPARE(r->error().kind, ServiceError::Kind::Http);
    QCOMPARE(r->error().httpStatus, 400);
    QCOMPARE(r->error().type, QStringLiteral("general_cursor_not_found"));
    QCOMPARE(r->error().operation, familytest::translated(QStringLiteral("listDocuments")));
    QCOMPARE(r->error().attempts, 1);
    NET_VERIFY_NO_SECRET(r->error());
}

void TestAppwriteClient::selectReturnsOnlyChosenAttributes()
{
    const auto r = list({AppwriteQuery::select({"$id", "email"}), AppwriteQuery::limit(3)});
    QVERIFY(r);
    QVERIFY2(r->ok(), qPrintable(r->error().toString()));
    QCOMPARE(r->value().documents.size(), 3);
    for (const QJsonObject &d : r->value().documents) {
        QVERIFY(d.value("email").isString());
        QVERIFY2(!d.contains("status") && !d.contains("course_id"), qPrintable(QJsonDocument(d).toJson()));
    }
}

void TestAppwriteClient::queryValuesWithReservedCharacters()
{
    // A value with URL delimiters must reach the server intact (each query JSON is percent-encoded).
    const QString email = QStringLiteral("a+b&c=d #%?@example.com");
    const QJsonObject data{
        {"email", email}, {"course_id", "c1"}, {"status", "enrolled"}, {"name", "Zoë Ünïcode"}};
    const auto created = await<CreateOutcome>([&](QObject *ctx, auto done) {
        m_rig->appwrite->createDocument(kLearners, "reserved-chars-1", data, ctx, done);
    });
    QVERIFY(created && created->ok());
    const auto r = list({AppwriteQuery::equal("email", email)});
    QVERIFY(r);
    QVERIFY2(r->ok(), qPrintable(r->error().toString()));
    QCOMPARE(r->value().total, 1);
    QCOMPARE(r->value().documents.first().value("$id").toString(), QStringLiteral("reserved-chars-1"));
    QCOMPARE(r->value().documents.first().value("name").toString(), QStringLiteral("Zoë Ünïcode"));
}

void TestAppwriteClient::getDocument()
{
    const QJsonObject want = m_control->documents(kLearners).at(5).toObject();
    const QString id = want.value("$id").toString();
    const auto r = await<QJsonObject>(
        [&](QObject *ctx, auto done) { m_rig->appwrite->getDocument(kLearners, id, ctx, done); });
    QVERIFY(r && r->ok());
    QCOMPARE(r->value().value("$id").toString(), id);
    QCOMPARE(r->value().value("email"), want.value("email"));
    QCOMPARE(r->value().value("course_id"), want.value("course_id"));
    QCOMPARE(r->value().value("status"), want.value("status"));
}

void TestAppwriteClient::createWithCustomIdThenAgain()
{
    QVERIFY(m_control->clearRequestCounts());
    const QString id = QStringLiteral("0123456789abcdef0123456789abcdef");
    QVERIFY(AppwriteClient::isValidCustomId(id));
    const auto first = await<CreateOutcome>([&](QObject *ctx, auto done) {
        m_rig->appwrite->createDocument(kEvents, id, eventData("completion_c1_l1"), ctx, done);
    });
    QVERIFY(first);
    QVERIFY2(first->ok(), qPrintable(first->error().toString()));
    QVERIFY(first->value().created);
    QCOMPARE(first->value().document.value("$id").toString(), id);
    QCOMPARE(first->value().document.value("event_id").toString(), QStringLiteral("completion_c1_l1"));

    const auto again = await<CreateOutcome>([&](QObject *ctx, auto done) {
        m_rig->appwrite->createDocument(kEvents, id, eventData("completion_c1_l1"), ctx, done);
    });
    QVERIFY(again);
    QVERIFY2(again->ok(), "409 document_already_exists must not be an error");
    QVERIFY(!again->value().created);
    QVERIFY(again->value().document.isEmpty());
    QCOMPARE(m_control->routeCount(kCreateRoute), 2); // a 409 is not retried

    // A different ID but the same event_id clashes with the unique index: also "already there".
    const auto clash = await<CreateOutcome>([&](QObject *ctx, auto done) {
        m_rig->appwrite->createDocument(kEvents, "another-id", eventData("completion_c1_l1"), ctx, done);
    });
    QVERIFY(clash && clash->ok());
    QVERIFY(!clash->value().created);
}

void TestAppwriteClient::updateDocument()
{
    const QString id = m_control->documents(kLearners).at(7).toObject().value("$id").toString();
    const QDateTime at = QDateTime::fromString("2025-11-21T08:00:00.000Z", Qt::ISODateWithMs);
    const QJsonObject data{{"status", "completed"},
                           {"completion_data", "{\"progress\":100}"},
                           {"completed_at", AppwriteClient::formatDateTime(at)},
                           {"last_completion_check", AppwriteClient::formatDateTime(at)}};
    const auto r = await<QJsonObject>(
        [&](QObject *ctx, auto done) { m_rig->appwrite->updateDocument(kLearners, id, data, ctx, done); });
    QVERIFY(r);
    QVERIFY2(r->ok(), qPrintable(r->error().toString()));
    QCOMPARE(r->value().value("status").toString(), QStringLiteral("completed"));
    QCOMPARE(r->value().value("completion_data").toString(), QStringLiteral("{\"progress\":100}"));
    QCOMPARE(AppwriteClient::parseDateTime(r->value().value("completed_at").toString()), at);
    QCOMPARE(r->value().value("completed_at").toString(), QStringLiteral("2025-11-21T08:00:00.000+00:00"));

    const auto back = await<QJsonObject>(
        [&](QObject *ctx, auto done) { m_rig->appwrite->getDocument(kLearners, id, ctx, done); });
    QVERIFY(back && back->ok());
    QCOMPARE(back->value().value("status").toString(), QStringLiteral("completed"));
}

void TestAppwriteClient::concurrentCallsAllAnswer()
{
    const QJsonArray docs = m_control->documents(kLearners);
    QObject context;
    int answered = 0, ok = 0;
    const int n = 20;
    for (int i = 0; i < n; ++i) {
        m_rig->appwrite->getDocument(kLearners, docs.at(i).toObject().value("$id").toString(), &context,
                                     [&, i](const Result<QJsonObject> &r) {
                                         ++answered;
                                         if (r.ok() &&
                                             r.value().value("$id") == docs.at(i).toObject().value("$id"))
                                             ++ok;
                                     });
    }
    QVERIFY(m_rig->channel->inFlight() <= m_rig->channel->settings().maxInFlight);
    QTRY_COMPARE_WITH_TIMEOUT(answered, n, 10000);
    QCOMPARE(ok, n);
}

void TestAppwriteClient::noSecretInAnyError()
{
    QVERIFY(!seenErrorTexts().isEmpty());
    for (const QString &text : seenErrorTexts()) {
        for (const QString &secret : secretForms())
            QVERIFY2(!text.contains(secret, Qt::CaseInsensitive), qPrintable(text));
    }
}

QTEST_GUILESS_MAIN(TestAppwriteClient)
#include "tst_appwrite_client.moc"
