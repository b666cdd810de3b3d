// The Appwrite imitation, exercised over real sockets: queries, ordering, cursors, writes, errors,
// auth, schema and executions.
#include "HttpProbe.h"
#include "SandboxControl.h"
#include "SandboxHost.h"
#include "SandboxSettings.h"
#include "SandboxTestCase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>
#include <QThread>

using namespace sandbox;

namespace {
const QString kDocs = QStringLiteral("/databases/main/collections/learners/documents");
const QString kEvents = QStringLiteral("/databases/main/collections/webhook_events/documents");

QJsonObject learner(const QString &status, const QJsonValue &checked)
{
    return QJsonObject{{QStringLiteral("email"), QStringLiteral("x@example.com")},
                       {QStringLiteral("course_id"), QStringLiteral("c1")},
                       {QStringLiteral("status"), status},
                       {QStringLiteral("last_completion_check"), checked}};
}

QStringList ids(const ProbeReply &r)
{
    QStringList out;
    for (const QJsonValue &d : r.json.value(QStringLiteral("documents")).toArray())
        out << d.toObject().value(QStringLiteral("$id")).toString();
    return out;
}
} // namespace

class TestSandboxAppwrite : public SandboxTestCase
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void queries_data();
    void queries();
    void totalCountsAndDisable();
    void cursorPaging();
    void cursorErrors();
    void invalidQueries_data();
    void invalidQueries();
    void datetimesNormalised();
    void duplicateIdAndUniqueIndex();
    void structureErrors_data();
    void structureErrors();
    void updateAndDelete();
    void auth_data();
    void auth();
    void schemaAndProvisioning();
    void executions();
    void droppedSchemaOption();

private:
    std::unique_ptr<HttpProbe> m_http;
};

void TestSandboxAppwrite::initTestCase()
{
    SandboxOptions options;
    options.learners = 0;
    QString error;
    QVERIFY2(startSandbox(options, &error), qPrintable(error));
    m_http = std::make_unique<HttpProbe>(m_host.graphyBase());
    // A small known data set, in $sequence order l1..l6.
    const QList<QPair<QString, QJsonObject>> rows = {
        {"l1", learner("enrolled", QJsonValue::Null)},
        {"l2", learner("enrolled", "2025-11-02T00:00:00.000+00:00")},
        {"l3", learner("completed", "2025-11-01T00:00:00Z")},
        {"l4", learner("enrolled", QJsonValue::Null)},
        {"l5", learner("enrolled", "2025-11-03T00:00:00.000+00:00")},
        {"l6", learner("paused", "2025-11-01T12:00:00.000+00:00")}};
    for (const auto &row : rows) {
        const ProbeReply r =
            m_http->appwrite("POST", kDocs, {{"documentId", row.first}, {"data", row.second}});
        QCOMPARE(r.status, 201);
    }
}

void TestSandboxAppwrite::cleanupTestCase()
{
    m_host.stop();
}

void TestSandboxAppwrite::queries_data()
{
    QTest::addColumn<QList<QJsonObject>>("queries");
    QTest::addColumn<QStringList>("expected");
    using P = HttpProbe;
    const QString lc = QStringLiteral("last_completion_check");
    QTest::newRow("no queries") << QList<QJsonObject>{} << QStringList{"l1", "l2", "l3", "l4", "l5", "l6"};
    QTest::newRow("equal") << QList<QJsonObject>{P::q("equal", "status", {"enrolled"})}
                           << QStringList{"l1", "l2", "l4", "l5"};
    QTest::newRow("equal any of") << QList<QJsonObject>{P::q("equal", "status", {"enrolled", "completed"})}
                                  << QStringList{"l1", "l2", "l3", "l4", "l5"};
    QTest::newRow("notEqual") << QList<QJsonObject>{P::q("notEqual", "status", {"enrolled"})}
                              << QStringList{"l3", "l6"};
    QTest::newRow("lessThan skips nulls")
        << QList<QJsonObject>{P::q("lessThan", lc, {"2025-11-02T00:00:00.000+00:00"})}
        << QStringList{"l3", "l6"};
    QTest::newRow("lessThanEqual") << QList<QJsonObject>{P::q("lessThanEqual", lc,
                                                              {"2025-11-02T00:00:00.000+00:00"})}
                                   << QStringList{"l2", "l3", "l6"};
    QTest::newRow("greaterThan") << QList<QJsonObject>{P::q("greaterThan", lc,
                                                            {"2025-11-02T00:00:00.000+00:00"})}
                                 << QStringList{"l5"};
    QTest::newRow("greaterThanEqual")
        << QList<QJsonObject>{P::q("greaterThanEqual", lc, {"2025-11-02T00:00:00Z"})}
        << QStringList{"l2", "l5"};
    QTest::newRow("offset datetime") << QList<QJsonObject>{P::q("equal", lc, {"2025-11-02T05:30:00+05:30"})}
                                     << QStringList{"l2"};
    QTest::newRow("isNull") << QList<QJsonObject>{P::q("isNull", lc)} << QStringList{"l1", "l4"};
    QTest::newRow("isNotNull") << QList<QJsonObject>{P::q("isNotNull", lc)}
                               << QStringList{"l2", "l3", "l5", "l6"};
    QTest::newRow("or") << QList<QJsonObject>{P::q(
                               "or", {},
                               {P::q("isNull", lc), P::q("lessThan", lc, {"2025-11-02T00:00:00Z"})})}
                        << QStringList{"l1", "l3", "l4", "l6"};
    QTest::newRow("and") << QList<QJsonObject>{P::q(
                                "and", {}, {P::q("equal", "status", {"enrolled"}), P::q("isNotNull", lc)})}
                         << QStringList{"l2", "l5"};
    QTest::newRow("orderAsc nulls first")
        << QList<QJsonObject>{P::q("orderAsc", lc)} << QStringList{"l1", "l4", "l3", "l6", "l2", "l5"};
    QTest::newRow("orderDesc nulls last")
        << QList<QJsonObject>{P::q("orderDesc", lc)} << QStringList{"l5", "l2", "l6", "l3", "l1", "l4"};
    QTest::newRow("two orders") << QList<QJsonObject>{P::q("orderAsc", "status"), P::q("orderDesc", lc)}
                                << QStringList{"l3", "l5", "l2", "l1", "l4", "l6"};
    QTest::newRow("limit offset") << QList<QJsonObject>{P::q("limit", {}, {2}), P::q("offset", {}, {1})}
                                  << QStringList{"l2", "l3"};
    QTest::newRow("$id") << QList<QJsonObject>{P::q("equal", "$id", {"l3"})} << QStringList{"l3"};
    QTest::newRow("orderDesc $sequence")
        << QList<QJsonObject>{P::q("orderDesc", "$sequence"), P::q("limit", {}, {2})}
        << QStringList{"l6", "l5"};
}

void TestSandboxAppwrite::queries()
{
    QFETCH(QList<QJsonObject>, queries);
    QFETCH(QStringList, expected);
    const ProbeReply r = m_http->appwrite("GET", kDocs + "?" + HttpProbe::queries(queries));
    QCOMPARE(r.status, 200);
    QCOMPARE(ids(r), expected);
}

void TestSandboxAppwrite::totalCountsAndDisable()
{
    ProbeReply r =
        m_http->appwrite("GET", kDocs + "?" + HttpProbe::queries({HttpProbe::q("limit", {}, {1})}));
    QCOMPARE(r.json.value("total").toInt(), 6);
    QCOMPARE(ids(r).size(), 1);
    r = m_http->appwrite("GET", kDocs + "?total=false");
    QCOMPARE(r.json.value("total").toInt(), 0);
    // Indexed transport (web SDK) and '+' for spaces are both understood.
    const QString indexed =
        QStringLiteral("?queries%5B0%5D=") +
        QString::fromLatin1(QByteArray(R"({"method":"equal","attribute":"status","values":["completed"]})")
                                .toPercentEncoding());
    QCOMPARE(ids(m_http->appwrite("GET", kDocs + indexed)), QStringList{"l3"});
    // Select keeps system fields.
    r = m_http->appwrite("GET", kDocs + "?" + HttpProbe::queries({HttpProbe::q("select", {}, {"status"})}));
    const QJsonObject first = r.json.value("documents").toArray().first().toObject();
    QVERIFY(first.contains("$id") && first.contains("$sequence") && first.contains("status"));
    QVERIFY(!first.contains("email"));
}

void TestSandboxAppwrite::cursorPaging()
{
    const QJsonObject order = HttpProbe::q("orderAsc", "last_completion_check");
    // Cursor after a row with a value: strictly after it in the ordering.
    ProbeReply r = m_http->appwrite(
        "GET", kDocs + "?" + HttpProbe::queries({order, HttpProbe::q("cursorAfter", {}, {"l3"})}));
    QCOMPARE(ids(r), (QStringList{"l6", "l2", "l5"}));
    r = m_http->appwrite("GET", kDocs + "?" +
                                    HttpProbe::queries({order, HttpProbe::q("cursorBefore", {}, {"l2"}),
                                                        HttpProbe::q("limit", {}, {2})}));
    QCOMPARE(ids(r), (QStringList{"l3", "l6"}));
    // Paging the default ($sequence) order by cursor visits every document once.
    QStringList seen;
    QString cursor;
    for (int page = 0; page < 10; ++page) {
        QList<QJsonObject> q{HttpProbe::q("limit", {}, {4})};
        if (!cursor.isEmpty())
            q << HttpProbe::q("cursorAfter", {}, {cursor});
        const QStringList got = ids(m_http->appwrite("GET", kDocs + "?" + HttpProbe::queries(q)));
        seen << got;
        if (got.size() < 4)
            break;
        cursor = got.last();
    }
    QCOMPARE(seen, (QStringList{"l1", "l2", "l3", "l4", "l5", "l6"}));
}

void TestSandboxAppwrite::cursorErrors()
{
    ProbeReply r = m_http->appwrite(
        "GET", kDocs + "?" + HttpProbe::queries({HttpProbe::q("cursorAfter", {}, {"nope"})}));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.type(), QStringLiteral("general_cursor_not_found"));
    r = m_http->appwrite("GET", kDocs + "?" +
                                    HttpProbe::queries({HttpProbe::q("orderAsc", "last_completion_check"),
                                                        HttpProbe::q("cursorAfter", {}, {"l1"})}));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.type(), QStringLiteral("database_query_order_null"));
}

void TestSandboxAppwrite::invalidQueries_data()
{
    QTest::addColumn<QString>("query");
    QTest::newRow("not json") << QStringLiteral("equal(\"status\", [\"enrolled\"])");
    QTest::newRow("unknown method") << QStringLiteral(R"({"method":"sortBy","attribute":"status"})");
    QTest::newRow("unknown attribute")
        << QStringLiteral(R"({"method":"equal","attribute":"nope","values":["x"]})");
    QTest::newRow("values not array")
        << QStringLiteral(R"({"method":"equal","attribute":"status","values":"x"})");
    QTest::newRow("bad datetime") << QStringLiteral(
        R"({"method":"lessThan","attribute":"completed_at","values":["soon"]})");
    QTest::newRow("limit zero") << QStringLiteral(R"({"method":"limit","values":[0]})");
}

void TestSandboxAppwrite::invalidQueries()
{
    QFETCH(QString, query);
    const ProbeReply r = m_http->appwrite(
        "GET", kDocs + "?queries[]=" + QString::fromLatin1(query.toUtf8().toPercentEncoding()));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.type(), QStringLiteral("general_query_invalid"));
    QVERIFY(r.json.value("message").toString().startsWith("Invalid query"));
    QCOMPARE(r.json.value("version").toString(), QStringLiteral("1.8.1"));
    QCOMPARE(r.json.value("code").toInt(), 400);
    QCOMPARE(r.headers.value("cache-control"), QByteArray("no-cache, no-store, must-revalidate"));
}

void TestSandboxAppwrite::datetimesNormalised()
{
    const ProbeReply r = m_http->appwrite("GET", kDocs + "/l3");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value("last_completion_check").toString(),
             QStringLiteral("2025-11-01T00:00:00.000+00:00"));
    QCOMPARE(r.json.value("completed_at"), QJsonValue(QJsonValue::Null));
    QCOMPARE(r.json.value("$collectionId").toString(), QStringLiteral("learners"));
    QVERIFY(r.json.value("$createdAt").toString().endsWith("+00:00"));
}

void TestSandboxAppwrite::duplicateIdAndUniqueIndex()
{
    ProbeReply r = m_http->appwrite("POST", kDocs,
                                    {{"documentId", "l1"}, {"data", learner("enrolled", QJsonValue::Null)}});
    QCOMPARE(r.status, 409);
    QCOMPARE(r.type(), QStringLiteral("document_already_exists"));
    const QJsonObject event{{"event_id", "completion_c1_l1"},
                            {"source", "completion_checker"},
                            {"payload", "{}"},
                            {"status", "pending"},
                            {"received_at", "2025-11-21T08:00:00.000+00:00"}};
    r = m_http->appwrite("POST", kEvents, {{"documentId", "unique()"}, {"data", event}});
    QCOMPARE(r.status, 201);
    const QString generated = r.json.value("$id").toString();
    QCOMPARE(generated.size(), 20);
    QVERIFY(QRegularExpression("^[0-9a-f]{20}$").match(generated).hasMatch());
    r = m_http->appwrite("POST", kEvents, {{"documentId", "another-id"}, {"data", event}});
    QCOMPARE(r.status, 409);
    QCOMPARE(r.type(), QStringLiteral("document_already_exists"));
    QVERIFY(r.headers.contains("x-ratelimit-remaining"));
}

void TestSandboxAppwrite::structureErrors_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QString>("type");
    QJsonObject unknown = learner("enrolled", QJsonValue::Null);
    unknown.insert("foo", 1);
    QJsonObject missing = learner("enrolled", QJsonValue::Null);
    missing.remove("status");
    QJsonObject tooLong = learner(QString(51, 'x'), QJsonValue::Null);
    QJsonObject badDate = learner("enrolled", "yesterday");
    QTest::newRow("unknown attribute")
        << QJsonObject{{"documentId", "s1"}, {"data", unknown}} << "document_invalid_structure";
    QTest::newRow("missing required")
        << QJsonObject{{"documentId", "s1"}, {"data", missing}} << "document_invalid_structure";
    QTest::newRow("too long") << QJsonObject{{"documentId", "s1"}, {"data", tooLong}}
                              << "document_invalid_structure";
    QTest::newRow("bad datetime") << QJsonObject{{"documentId", "s1"}, {"data", badDate}}
                                  << "document_invalid_structure";
    QTest::newRow("no data") << QJsonObject{{"documentId", "s1"}} << "document_missing_data";
    QTest::newRow("empty data") << QJsonObject{{"documentId", "s1"}, {"data", QJsonObject{}}}
                                << "document_missing_data";
    QTest::newRow("id starts with _")
        << QJsonObject{{"documentId", "_x"}, {"data", learner("enrolled", QJsonValue::Null)}}
        << "general_argument_invalid";
    QTest::newRow("id too long") << QJsonObject{{"documentId", QString(37, 'a')},
                                                {"data", learner("enrolled", QJsonValue::Null)}}
                                 << "general_argument_invalid";
    QTest::newRow("id bad char") << QJsonObject{{"documentId", "a/b"},
                                                {"data", learner("enrolled", QJsonValue::Null)}}
                                 << "general_argument_invalid";
}

void TestSandboxAppwrite::structureErrors()
{
    QFETCH(QJsonObject, body);
    QFETCH(QString, type);
    const ProbeReply r = m_http->appwrite("POST", kDocs, body);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.type(), type);
    if (type == QLatin1String("document_invalid_structure"))
        QVERIFY(r.json.value("message").toString().startsWith("Invalid document structure: "));
}

void TestSandboxAppwrite::updateAndDelete()
{
    const ProbeReply before = m_http->appwrite("GET", kDocs + "/l4");
    QThread::msleep(5);
    ProbeReply r = m_http->appwrite("PATCH", kDocs + "/l4", {{"data", QJsonObject{{"status", "completed"}}}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value("status").toString(), QStringLiteral("completed"));
    QCOMPARE(r.json.value("email").toString(), QStringLiteral("x@example.com")); // full document back
    QVERIFY(r.json.value("$updatedAt").toString() > before.json.value("$updatedAt").toString());
    r = m_http->appwrite("PATCH", kDocs + "/l4", {{"data", QJsonObject{{"status", "enrolled"}}}});
    QCOMPARE(r.status, 200);
    QCOMPARE(m_http->appwrite("PATCH", kDocs + "/l4", {{"data", QJsonObject{}}}).type(),
             QStringLiteral("document_missing_payload"));
    QCOMPARE(m_http->appwrite("PATCH", kDocs + "/zz", {{"data", QJsonObject{{"status", "x"}}}}).status, 404);
    QCOMPARE(m_http->appwrite("PATCH", kDocs + "/l4", {{"data", QJsonObject{{"nope", 1}}}}).type(),
             QStringLiteral("document_invalid_structure"));
    QCOMPARE(m_http
                 ->appwrite("POST", kDocs,
                            {{"documentId", "tmp"}, {"data", learner("enrolled", QJsonValue::Null)}})
                 .status,
             201);
    r = m_http->appwrite("DELETE", kDocs + "/tmp");
    QCOMPARE(r.status, 204);
    QVERIFY(r.body.isEmpty());
    r = m_http->appwrite("GET", kDocs + "/tmp");
    QCOMPARE(r.status, 404);
    QCOMPARE(r.type(), QStringLiteral("document_not_found"));
    QCOMPARE(r.json.value("message").toString(),
             QStringLiteral("Document with the requested ID 'tmp' could not be found."));
}

void TestSandboxAppwrite::auth_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("project");
    QTest::addColumn<QString>("key");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("type");
    QTest::newRow("wrong project") << QByteArray("GET") << "/health"
                                   << "other"
                                   << "sandbox-appwrite-key" << 404 << "project_not_found";
    QTest::newRow("guest health") << QByteArray("GET") << "/health"
                                  << "sandbox-project"
                                  << "bad" << 401 << "general_unauthorized_scope";
    QTest::newRow("guest collection") << QByteArray("GET") << "/databases/main/collections/learners"
                                      << "sandbox-project"
                                      << "" << 401 << "general_unauthorized_scope";
    QTest::newRow("guest documents") << QByteArray("GET") << kDocs << "sandbox-project"
                                     << "bad" << 401 << "user_unauthorized";
    QTest::newRow("guest executions") << QByteArray("GET") << "/functions/completion_checker/executions"
                                      << "sandbox-project"
                                      << "bad" << 401 << "general_unauthorized_scope";
    QTest::newRow("read-only list") << QByteArray("GET") << kDocs << "sandbox-project"
                                    << "sandbox-readonly-key" << 200 << "";
    QTest::newRow("read-only create") << QByteArray("POST") << kDocs << "sandbox-project"
                                      << "sandbox-readonly-key" << 401 << "general_unauthorized_scope";
    QTest::newRow("version is public") << QByteArray("GET") << "/health/version"
                                       << ""
                                       << "" << 200 << "";
    QTest::newRow("unknown route") << QByteArray("GET") << "/nothing/here"
                                   << "sandbox-project"
                                   << "sandbox-appwrite-key" << 404 << "general_route_not_found";
    QTest::newRow("unknown database") << QByteArray("GET") << "/databases/x/collections/learners/documents"
                                      << "sandbox-project"
                                      << "sandbox-appwrite-key" << 404 << "database_not_found";
    QTest::newRow("unknown collection") << QByteArray("GET") << "/databases/main/collections/x/documents"
                                        << "sandbox-project"
                                        << "sandbox-appwrite-key" << 404 << "collection_not_found";
}

void TestSandboxAppwrite::auth()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QString, project);
    QFETCH(QString, key);
    QFETCH(int, status);
    QFETCH(QString, type);
    QList<QPair<QByteArray, QByteArray>> headers;
    if (!project.isEmpty())
        headers.append({"X-Appwrite-Project", project.toUtf8()});
    if (!key.isEmpty())
        headers.append({"X-Appwrite-Key", key.toUtf8()});
    const QByteArray body =
        method == "POST" ? QByteArray(R"({"documentId":"ro","data":{"status":"x"}})") : QByteArray();
    const ProbeReply r = m_http->send(method, "/v1" + path, body, headers);
    QCOMPARE(r.status, status);
    QCOMPARE(r.type(), type);
    if (type == QLatin1String("general_unauthorized_scope"))
        QVERIFY(r.json.value("message").toString().contains("missing scopes ([\""));
}

void TestSandboxAppwrite::schemaAndProvisioning()
{
    const QString col = QStringLiteral("/databases/main/collections/learners");
    ProbeReply r = m_http->appwrite("GET", col);
    QCOMPARE(r.status, 200);
    QStringList keys;
    for (const QJsonValue &a : r.json.value("attributes").toArray())
        keys << a.toObject().value("key").toString();
    QCOMPARE(keys, (QStringList{"email", "name", "course_id", "status", "completion_data", "completed_at",
                                "last_completion_check"}));
    QCOMPARE(r.json.value("indexes").toArray().size(), 2);
    r = m_http->appwrite("GET", col + "/attributes/status");
    QCOMPARE(r.json.value("size").toInt(), 50);
    QCOMPARE(r.json.value("required").toBool(), true);
    QCOMPARE(m_http->appwrite("GET", col + "/attributes/completed_at").json.value("format").toString(),
             QStringLiteral("datetime"));
    QCOMPARE(m_http->appwrite("GET", col + "/attributes/nope").type(), QStringLiteral("attribute_not_found"));

    r = m_http->appwrite("POST", col + "/attributes/string",
                         {{"key", "note"}, {"size", 20}, {"required", false}});
    QCOMPARE(r.status, 202);
    QCOMPARE(r.json.value("status").toString(), QStringLiteral("processing"));
    QCOMPARE(m_http->appwrite("GET", col + "/attributes/note").json.value("status").toString(),
             QStringLiteral("available"));
    QCOMPARE(m_http
                 ->appwrite("POST", col + "/attributes/string",
                            {{"key", "note"}, {"size", 20}, {"required", false}})
                 .type(),
             QStringLiteral("attribute_already_exists"));
    r = m_http->appwrite("POST", col + "/indexes",
                         {{"key", "note_unique"}, {"type", "unique"}, {"attributes", QJsonArray{"note"}}});
    QCOMPARE(r.status, 202);
    QCOMPARE(r.json.value("status").toString(), QStringLiteral("processing"));
    QTRY_COMPARE(m_http->appwrite("GET", col + "/indexes/note_unique").json.value("status").toString(),
                 QStringLiteral("available"));
    QCOMPARE(m_http->appwrite("PATCH", kDocs + "/l5", {{"data", QJsonObject{{"note", "same"}}}}).status, 200);
    QCOMPARE(m_http->appwrite("PATCH", kDocs + "/l6", {{"data", QJsonObject{{"note", "same"}}}}).status, 409);
    QCOMPARE(m_http->appwrite("GET", col + "/indexes").json.value("total").toInt(), 3);
}

void TestSandboxAppwrite::executions()
{
    const QString base = QStringLiteral("/functions/completion_checker/executions");
    ProbeReply r = m_http->appwrite("POST", base, {{"body", R"({"action":"health"})"}, {"async", false}});
    QCOMPARE(r.status, 201);
    QCOMPARE(r.json.value("status").toString(), QStringLiteral("completed"));
    const QJsonObject response =
        QJsonDocument::fromJson(r.json.value("responseBody").toString().toUtf8()).object();
    QCOMPARE(response.value("ok").toBool(), true);
    r = m_http->appwrite(
        "POST", base,
        {{"body", "{}"}, {"async", true}, {"headers", QJsonObject{{"Content-Type", "application/json"}}}});
    QCOMPARE(r.status, 202);
    QCOMPARE(r.json.value("status").toString(), QStringLiteral("waiting"));
    const QString id = r.json.value("$id").toString();
    QTRY_COMPARE(m_http->appwrite("GET", base + "/" + id).json.value("status").toString(),
                 QStringLiteral("completed"));
    r = m_http->appwrite("GET", base);
    QCOMPARE(r.json.value("total").toInt(), 2);
    QCOMPARE(m_http->appwrite("GET", base + "/missing").type(), QStringLiteral("execution_not_found"));
    QCOMPARE(m_http->appwrite("GET", "/functions/other/executions").type(),
             QStringLiteral("function_not_found"));
}

void TestSandboxAppwrite::droppedSchemaOption()
{
    SandboxOptions options;
    options.learners = 10;
    options.dropAttributes << "learners.last_completion_check";
    options.dropIndexes << "learners.status_index";
    SandboxHost host;
    QVERIFY(host.start(options));
    HttpProbe http(host.graphyBase());
    const ProbeReply r = http.appwrite("GET", "/databases/main/collections/learners");
    for (const QJsonValue &a : r.json.value("attributes").toArray())
        QVERIFY(a.toObject().value("key").toString() != QLatin1String("last_completion_check"));
    QCOMPARE(r.json.value("indexes").toArray().size(),
             0); // status_index dropped, the other followed its attribute
    const ProbeReply q = http.appwrite(
        "GET", kDocs + "?" + HttpProbe::queries({HttpProbe::q("isNull", "last_completion_check")}));
    QCOMPARE(q.type(), QStringLiteral("general_query_invalid"));
}

QTEST_GUILESS_MAIN(TestSandboxAppwrite)
#include "tst_sandbox_appwrite.moc"
