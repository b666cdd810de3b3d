// AppwriteClient against a real SandboxHost over loopback HTTP: version and health, the service's
// error objects (status, type, message, auth failures), schema calls and function executions.
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

class TestAppwriteAdmin : public ClientTestCase
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void versionAndHealth();
    void serviceErrors_data();
    void serviceErrors();
    void getCollectionSchema();
    void createAttributeAndIndex();
    void executions();
    void noSecretInAnyError();
};

void TestAppwriteAdmin::initTestCase()
{
    QString error;
    QVERIFY2(startWithRig(demoSandboxOptions(60, 11), QStringLiteral("appwrite"), &error), qPrintable(error));
}

void TestAppwriteAdmin::init()
{
    QVERIFY(m_control->clearFaults());
}

void TestAppwriteAdmin::versionAndHealth()
{
    const auto v = await<QString>([&](QObject *ctx, auto done) { m_rig->appwrite->version(ctx, done); });
    QVERIFY(v && v->ok());
    QVERIFY(v->value().startsWith("1."));
    const auto h = await<QJsonObject>([&](QObject *ctx, auto done) { m_rig->appwrite->health(ctx, done); });
    QVERIFY(h);
    QVERIFY2(h->ok(), qPrintable(h->error().toString()));
    QCOMPARE(h->value().value("status").toString(), QStringLiteral("pass"));
}

void TestAppwriteAdmin::serviceErrors_data()
{
    QTest::addColumn<QString>("call");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("messagePart");
    QTest::addColumn<bool>("authFailure");
    const AppwriteFamily &f = familytest::familyUnderTest();
    QTest::newRow("getDocument missing")
        << "getMissing" << 404 << f.errorType("not_found") << "nope-404" << false;
    QTest::newRow("unknown attribute") << "unknownAttr" << 400 << "general_query_invalid"
                                       << "Invalid query" << false;
    QTest::newRow("invalid custom id")
        << "badId" << 400 << "general_argument_invalid" << QString::fromLatin1(f.recordIdKey) << false;
    QTest::newRow("missing collection")
        << "noCollection" << 404 << f.containerErrorType("not_found") << "" << false;
    QTest::newRow("health read-only key") << "healthReadOnly" << 401 << "general_unauthorized_scope"
                                          << "health.read" << true;
    QTest::newRow("wrong project") << "wrongProject" << 404 << "project_not_found"
                                   << "" << true;
    QTest::newRow("schema with read-only key") << "collectionReadOnly" << 401 << "general_unauthorized_scope"
                                               << "collections.read" << true;
    QTest::newRow("unknown function") << "noFunction" << 404 << "function_not_found"
                                      << "" << false;
    QTest::newRow("missing execution") << "noExecution" << 404 << "execution_not_found"
                                       << "" << false;
}

void TestAppwriteAdmin::serviceErrors()
{
    QFETCH(QString, call);
    QFETCH(int, status);
    QFETCH(QString, type);
    QFETCH(QString, messagePart);
    QFETCH(bool, authFailure);

    std::unique_ptr<Rig> other;
    AppwriteClient *client = m_rig->appwrite.get();
    if (call == "healthReadOnly" || call == "collectionReadOnly") {
        other = std::make_unique<Rig>(m_host, fastSettings("appwrite"), kReadOnlyKey);
        client = other->appwrite.get();
    } else if (call == "wrongProject") {
        other = std::make_unique<Rig>(m_host, fastSettings("appwrite"));
        AppwriteSettings s = appwriteSettings(m_host);
        s.projectId = QStringLiteral("no-such-project");
        other->appwrite = std::make_unique<AppwriteClient>(s, other->channel.get());
        client = other->appwrite.get();
    }
    std::optional<ServiceError> error;
    auto keep = [&](const auto &r) {
        QVERIFY(r);
        QVERIFY2(!r->ok(), "expected an error");
        error = r->error();
    };
    if (call == "getMissing")
        keep(await<QJsonObject>(
            [&](QObject *c, auto d) { client->getDocument(kLearners, "nope-404", c, d); }));
    else if (call == "unknownAttr")
        keep(listDocuments(client, {AppwriteQuery::equal("no_such_attribute", "x")}));
    else if (call == "badId")
        keep(await<CreateOutcome>(
            [&](QObject *c, auto d) { client->createDocument(kEvents, "_bad id!", eventData("x"), c, d); }));
    else if (call == "noCollection")
        keep(listDocuments(client, {}, QStringLiteral("no_such_collection")));
    else if (call == "healthReadOnly")
        keep(await<QJsonObject>([&](QObject *c, auto d) { client->health(c, d); }));
    else if (call == "wrongProject")
        keep(listDocuments(client));
    else if (call == "collectionReadOnly")
        keep(await<QJsonObject>([&](QObject *c, auto d) { client->getCollection(kLearners, c, d); }));
    else if (call == "noFunction")
        keep(await<QJsonObject>(
            [&](QObject *c, auto d) { client->createExecution("no_such_fn", "{}", false, c, d); }));
    else if (call == "noExecution")
        keep(await<QJsonObject>(
            [&](QObject *c, auto d) { client->getExecution("completion_checker", "nope", c, d); }));
    QVERIFY(error);
    QCOMPARE(error->kind, ServiceError::Kind::Http);
    QCOMPARE(error->service, QStringLiteral("appwrite"));
    QVERIFY(!error->operation.isEmpty());
    QCOMPARE(error->httpStatus, status);
    QCOMPARE(error->type, type);
    QVERIFY(!error->message.isEmpty());
    QVERIFY2(error->message.contains(messagePart), qPrintable(error->message));
    QCOMPARE(error->isAuthFailure(), authFailure);
    QVERIFY(!error->isTransient());
    QCOMPARE(error->attempts, 1); // client errors are not retried
    QVERIFY2(error->toString().contains(type) && error->toString().contains(QString::number(status)),
             qPrintable(error->toString()));
    NET_VERIFY_NO_SECRET(*error);
}

void TestAppwriteAdmin::getCollectionSchema()
{
    const auto r = await<QJsonObject>(
        [&](QObject *ctx, auto done) { m_rig->appwrite->getCollection(kLearners, ctx, done); });
    QVERIFY(r);
    QVERIFY2(r->ok(), qPrintable(r->error().toString()));
    QSet<QString> attributes, indexes;
    for (const QJsonValue &a :
         r->value().value(QLatin1String(familytest::familyUnderTest().fields)).toArray())
        attributes.insert(a.toObject().value("key").toString());
    for (const QJsonValue &i : r->value().value("indexes").toArray())
        indexes.insert(i.toObject().value("key").toString());
    for (const char *key :
         {"email", "course_id", "status", "completion_data", "completed_at", "last_completion_check"})
        QVERIFY2(attributes.contains(QString::fromLatin1(key)), key);
    QVERIFY(indexes.contains("status_index"));
    QVERIFY(indexes.contains("last_completion_check_index"));
}

void TestAppwriteAdmin::createAttributeAndIndex()
{
    const auto a = await<CreateOutcome>([&](QObject *ctx, auto done) {
        m_rig->appwrite->createAttribute(kLearners, "string",
                                         QJsonObject{{"key", "nickname"}, {"size", 100}, {"required", false}},
                                         ctx, done);
    });
    QVERIFY(a);
    QVERIFY2(a->ok(), qPrintable(a->error().toString()));
    QVERIFY(a->value().created);
    QCOMPARE(a->value().document.value("key").toString(), QStringLiteral("nickname"));
    QCOMPARE(a->value().document.value("status").toString(), QStringLiteral("processing")); // the 202 answer

    const auto dt = await<CreateOutcome>([&](QObject *ctx, auto done) {
        m_rig->appwrite->createAttribute(kLearners, "datetime",
                                         QJsonObject{{"key", "nudged_at"}, {"required", false}}, ctx, done);
    });
    QVERIFY(dt && dt->ok() && dt->value().created);

    // Appwrite refuses an index on a field still processing: wait until it is available.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const auto got = await<QJsonObject>([&](QObject *ctx, auto done) {
                m_rig->appwrite->getAttribute(kLearners, "nickname", ctx, done);
            });
            return got && got->ok() && got->value().value("status").toString() == QLatin1String("available");
        }(),
        10000);
    const auto i = await<CreateOutcome>([&](QObject *ctx, auto done) {
        m_rig->appwrite->createIndex(kLearners, "nickname_index", "key", {"nickname"}, ctx, done);
    });
    QVERIFY(i);
    QVERIFY2(i->ok(), qPrintable(i->error().toString()));
    QVERIFY(i->value().created);
    QCOMPARE(i->value().document.value("key").toString(), QStringLiteral("nickname_index"));
    const auto index = await<QJsonObject>(
        [&](QObject *ctx, auto done) { m_rig->appwrite->getIndex(kLearners, "nickname_index", ctx, done); });
    QVERIFY(index && index->ok());
    QCOMPARE(index->value().value(QLatin1String(familytest::familyUnderTest().fields)).toArray(),
             QJsonArray{QStringLiteral("nickname")});

    // Creating what exists is done, not an error (Appwrite answers 409 …_already_exists).
    const auto again = await<CreateOutcome>([&](QObject *ctx, auto done) {
        m_rig->appwrite->createAttribute(kLearners, "string",
                                         QJsonObject{{"key", "nickname"}, {"size", 100}, {"required", false}},
                                         ctx, done);
    });
    QVERIFY(again);
    QVERIFY2(again->ok(), qPrintable(again->error().toString()));
    QVERIFY(!again->value().created);
    const auto indexAgain = await<CreateOutcome>([&](QObject *ctx, auto done) {
        m_rig->appwrite->createIndex(kLearners, "nickname_index", "key", {"nickname"}, ctx, done);
    });
    QVERIFY(indexAgain && indexAgain->ok() && !indexAgain->value().created);
}

void TestAppwriteAdmin::executions()
{
    const QString fn = m_host.options().functionId;
    const QString body = QStringLiteral("{\"action\":\"health\"}");
    const auto sync = await<QJsonObject>(
        [&](QObject *ctx, auto done) { m_rig->appwrite->createExecution(fn, body, false, ctx, done); });
    QVERIFY(sync);
    QVERIFY2(sync->ok(), qPrintable(sync->error().toString()));
    QCOMPARE(sync->value().value("status").toString(), QStringLiteral("completed"));
    QCOMPARE(sync->value().value("responseStatusCode").toInt(), 200);
    const QString syncId = sync->value().value("$id").toString();
    QVERIFY(!syncId.isEmpty());

    const auto async = await<QJsonObject>(
        [&](QObject *ctx, auto done) { m_rig->appwrite->createExecution(fn, body, true, ctx, done); });
    QVERIFY(async && async->ok());
    QCOMPARE(async->value().value("status").toString(), QStringLiteral("waiting"));
    const QString asyncId = async->value().value("$id").toString();

    const auto listed = await<ExecutionList>(
        [&](QObject *ctx, auto done) { m_rig->appwrite->listExecutions(fn, {}, ctx, done); });
    QVERIFY(listed);
    QVERIFY2(listed->ok(), qPrintable(listed->error().toString()));
    QVERIFY(listed->value().total >= 2);
    QStringList ids;
    for (const QJsonObject &e : listed->value().executions)
        ids << e.value("$id").toString();
    QVERIFY(ids.contains(syncId) && ids.contains(asyncId));

    const auto got = await<QJsonObject>(
        [&](QObject *ctx, auto done) { m_rig->appwrite->getExecution(fn, syncId, ctx, done); });
    QVERIFY(got && got->ok());
    QCOMPARE(got->value().value("$id").toString(), syncId);
    QCOMPARE(got->value().value("responseBody"), sync->value().value("responseBody"));
}

void TestAppwriteAdmin::noSecretInAnyError()
{
    QVERIFY(!seenErrorTexts().isEmpty());
    for (const QString &text : seenErrorTexts()) {
        for (const QString &secret : secretForms())
            QVERIFY2(!text.contains(secret, Qt::CaseInsensitive), qPrintable(text));
    }
}

QTEST_GUILESS_MAIN(TestAppwriteAdmin)
#include "tst_appwrite_admin.moc"
