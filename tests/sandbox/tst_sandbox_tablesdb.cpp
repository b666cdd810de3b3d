// TablesDB in the Appwrite imitation, over real sockets: the same data as the documents API under
// other names (rows, `$tableId`, row_* errors), the server-version switch (1.7 has no TablesDB,
// 1.9 sends `$sequence` as a string) and API keys with only the new or only the old scopes.
#include "HttpProbe.h"
#include "SandboxControl.h"
#include "SandboxHost.h"
#include "SandboxSettings.h"
#include "SandboxTestCase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QThread>

using namespace sandbox;

namespace {
const QString kDocs = QStringLiteral("/databases/main/collections/learners/documents");
const QString kRows = QStringLiteral("/tablesdb/main/tables/learners/rows");
const QString kTable = QStringLiteral("/tablesdb/main/tables/learners");
const QString kCollection = QStringLiteral("/databases/main/collections/learners");
const QString kAdminKey = QStringLiteral("sandbox-appwrite-key");
const QString kReadOnlyKey = QStringLiteral("sandbox-readonly-key");
const QString kAppCaller = QStringLiteral("app.sandbox-project@service.localhost (role: applications)");

QJsonObject learner(const QString &status, const QJsonValue &checked = QJsonValue::Null)
{
    return QJsonObject{{QStringLiteral("email"), QStringLiteral("x@example.com")},
                       {QStringLiteral("course_id"), QStringLiteral("c1")},
                       {QStringLiteral("status"), status},
                       {QStringLiteral("last_completion_check"), checked}};
}

QStringList ids(const ProbeReply &r, const QString &listKey)
{
    QStringList out;
    for (const QJsonValue &d : r.json.value(listKey).toArray())
        out << d.toObject().value(QStringLiteral("$id")).toString();
    return out;
}

QJsonObject firstOf(const ProbeReply &r, const QString &listKey)
{
    return r.json.value(listKey).toArray().first().toObject();
}

QString missingScopes(const QString &scopes)
{
    return kAppCaller + QStringLiteral(" missing scopes (") + scopes + QLatin1Char(')');
}
} // namespace

class TestSandboxTablesDb : public SandboxTestCase
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void cleanup();
    void listsSameData_data();
    void listsSameData();
    void rowEnvelopeAndTableId();
    void writesSeenThroughBothFamilies();
    void errors_data();
    void errors();
    void conditionalUpdate_data();
    void conditionalUpdate();
    void tableSchema();
    void versions_data();
    void versions();
    void keyScopes_data();
    void keyScopes();
    void settingsControlAndReset();
    void commandLine_data();
    void commandLine();

private:
    std::unique_ptr<HttpProbe> m_http;
};

void TestSandboxTablesDb::initTestCase()
{
    SandboxOptions options;
    options.learners = 0;
    QString error;
    QVERIFY2(startSandbox(options, &error), qPrintable(error));
    m_http = std::make_unique<HttpProbe>(m_host.graphyBase());
    // l1..l4 through the documents API, l5..l6 through TablesDB: one data set, in $sequence order.
    const QList<QPair<QString, QJsonObject>> docs = {{"l1", learner("enrolled")},
                                                     {"l2", learner("enrolled", "2025-11-02T00:00:00Z")},
                                                     {"l3", learner("completed", "2025-11-01T00:00:00Z")},
                                                     {"l4", learner("paused")}};
    for (const auto &doc : docs)
        QCOMPARE(m_http->appwrite("POST", kDocs, {{"documentId", doc.first}, {"data", doc.second}}).status,
                 201);
    QCOMPARE(m_http->appwrite("POST", kRows, {{"rowId", "l5"}, {"data", learner("enrolled")}}).status, 201);
    QCOMPARE(m_http
                 ->appwrite("POST", kRows,
                            {{"rowId", "l6"}, {"data", learner("enrolled", "2025-11-03T00:00:00Z")}})
                 .status,
             201);
}

void TestSandboxTablesDb::cleanupTestCase()
{
    m_host.stop();
}

void TestSandboxTablesDb::cleanup()
{
    // Every test starts from the default server: 1.8, keys with both scope families.
    QVERIFY(!m_control->setSettings({{"appwriteVersion", "1.8"}, {"keyScopes", "both"}}).isEmpty());
}

void TestSandboxTablesDb::listsSameData_data()
{
    QTest::addColumn<QList<QJsonObject>>("queries");
    QTest::addColumn<QStringList>("expected");
    using P = HttpProbe;
    const QString lc = QStringLiteral("last_completion_check");
    QTest::newRow("no queries") << QList<QJsonObject>{} << QStringList{"l1", "l2", "l3", "l4", "l5", "l6"};
    QTest::newRow("equal") << QList<QJsonObject>{P::q("equal", "status", {"enrolled"})}
                           << QStringList{"l1", "l2", "l5", "l6"};
    QTest::newRow("isNull") << QList<QJsonObject>{P::q("isNull", lc)} << QStringList{"l1", "l4", "l5"};
    QTest::newRow("orderDesc") << QList<QJsonObject>{P::q("orderDesc", lc), P::q("limit", {}, {3})}
                               << QStringList{"l6", "l2", "l3"};
    QTest::newRow("limit offset") << QList<QJsonObject>{P::q("limit", {}, {2}), P::q("offset", {}, {3})}
                                  << QStringList{"l4", "l5"};
    QTest::newRow("cursorAfter") << QList<QJsonObject>{P::q("cursorAfter", {}, {"l4"})}
                                 << QStringList{"l5", "l6"};
    QTest::newRow("select") << QList<QJsonObject>{P::q("select", {}, {"status"}), P::q("limit", {}, {1})}
                            << QStringList{"l1"};
}

void TestSandboxTablesDb::listsSameData()
{
    QFETCH(QList<QJsonObject>, queries);
    QFETCH(QStringList, expected);
    const QString query = QStringLiteral("?") + HttpProbe::queries(queries);
    const ProbeReply rows = m_http->appwrite("GET", kRows + query);
    const ProbeReply documents = m_http->appwrite("GET", kDocs + query);
    QCOMPARE(rows.status, 200);
    QCOMPARE(documents.status, 200);
    QCOMPARE(ids(rows, "rows"), expected);
    QCOMPARE(ids(documents, "documents"), expected);
    QCOMPARE(rows.json.value("total"), documents.json.value("total"));
    // The same fields, but for the parent's name.
    QJsonObject row = firstOf(rows, "rows");
    QJsonObject document = firstOf(documents, "documents");
    QCOMPARE(row.take("$tableId").toString(), QStringLiteral("learners"));
    QCOMPARE(document.take("$collectionId").toString(), QStringLiteral("learners"));
    QCOMPARE(row, document);
}

void TestSandboxTablesDb::rowEnvelopeAndTableId()
{
    ProbeReply r =
        m_http->appwrite("GET", kRows + "?" + HttpProbe::queries({HttpProbe::q("limit", {}, {2})}));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.keys(), (QStringList{"rows", "total"}));
    QCOMPARE(r.json.value("total").toInt(), 6);
    const QJsonObject row = firstOf(r, "rows");
    for (const char *key :
         {"$id", "$sequence", "$tableId", "$databaseId", "$createdAt", "$updatedAt", "$permissions"})
        QVERIFY2(row.contains(QLatin1String(key)), key);
    QVERIFY(!row.contains("$collectionId"));
    QVERIFY(row.value("$sequence").isDouble()); // 1.8: an integer
    QCOMPARE(row.value("$databaseId").toString(), QStringLiteral("main"));
    r = m_http->appwrite("GET", kRows + "?total=false");
    QCOMPARE(r.json.value("total").toInt(), 0);
    QCOMPARE(ids(r, "rows").size(), 6);
    r = m_http->appwrite("GET", kRows + "/l3");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value("$tableId").toString(), QStringLiteral("learners"));
    QCOMPARE(r.json.value("last_completion_check").toString(),
             QStringLiteral("2025-11-01T00:00:00.000+00:00"));
}

void TestSandboxTablesDb::writesSeenThroughBothFamilies()
{
    QVERIFY(m_control->clearRequestCounts());
    ProbeReply r = m_http->appwrite("POST", kRows, {{"rowId", "w1"}, {"data", learner("enrolled")}});
    QCOMPARE(r.status, 201);
    QCOMPARE(r.json.value("$tableId").toString(), QStringLiteral("learners"));
    QVERIFY(r.headers.contains("x-ratelimit-limit"));
    r = m_http->appwrite("GET", kDocs + "/w1");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value("$collectionId").toString(), QStringLiteral("learners"));

    QThread::msleep(5);
    r = m_http->appwrite("PATCH", kRows + "/w1", {{"data", QJsonObject{{"status", "completed"}}}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value("status").toString(), QStringLiteral("completed"));
    QCOMPARE(r.json.value("email").toString(), QStringLiteral("x@example.com")); // the full row back
    QCOMPARE(m_http->appwrite("GET", kDocs + "/w1").json.value("status").toString(),
             QStringLiteral("completed"));

    r = m_http->appwrite("PATCH", kDocs + "/w1", {{"data", QJsonObject{{"status", "paused"}}}});
    QCOMPARE(r.status, 200);
    QCOMPARE(m_http->appwrite("GET", kRows + "/w1").json.value("status").toString(),
             QStringLiteral("paused"));

    r = m_http->appwrite("DELETE", kRows + "/w1");
    QCOMPARE(r.status, 204);
    QVERIFY(r.body.isEmpty());
    QCOMPARE(m_http->appwrite("GET", kDocs + "/w1").type(), QStringLiteral("document_not_found"));
    QCOMPARE(m_http->appwrite("GET", kRows + "/w1").type(), QStringLiteral("row_not_found"));

    // Request counts are keyed by the TablesDB route templates.
    QCOMPARE(m_control->routeCount("POST /v1/tablesdb/{databaseId}/tables/{tableId}/rows"), 1);
    QCOMPARE(m_control->routeCount("GET /v1/tablesdb/{databaseId}/tables/{tableId}/rows/{rowId}"), 2);
}

void TestSandboxTablesDb::errors_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("message"); // exact, or empty when only the type matters
    QJsonObject unknown = learner("enrolled");
    unknown.insert("foo", 1);
    QTest::newRow("get missing row") << QByteArray("GET") << kRows + "/nope" << QJsonObject() << 404
                                     << "row_not_found"
                                     << "Row with the requested ID 'nope' could not be found.";
    QTest::newRow("update missing row")
        << QByteArray("PATCH") << kRows + "/nope" << QJsonObject{{"data", QJsonObject{{"status", "x"}}}}
        << 404 << "row_not_found"
        << "Row with the requested ID 'nope' could not be found.";
    QTest::newRow("delete missing row")
        << QByteArray("DELETE") << kRows + "/nope" << QJsonObject() << 404 << "row_not_found"
        << "";
    QTest::newRow("unknown table") << QByteArray("GET") << "/tablesdb/main/tables/nope/rows" << QJsonObject()
                                   << 404 << "table_not_found"
                                   << "Table with the requested ID 'nope' could not be found.";
    QTest::newRow("unknown table schema")
        << QByteArray("GET") << "/tablesdb/main/tables/nope" << QJsonObject() << 404 << "table_not_found"
        << "";
    QTest::newRow("unknown database") << QByteArray("GET") << "/tablesdb/other/tables/learners/rows"
                                      << QJsonObject() << 404 << "database_not_found"
                                      << "Database with the requested ID 'other' could not be found.";
    QTest::newRow("duplicate row")
        << QByteArray("POST") << kRows << QJsonObject{{"rowId", "l1"}, {"data", learner("enrolled")}} << 409
        << "row_already_exists"
        << "Row with the requested ID 'l1' already exists. Try again with a different "
           "ID or use ID.unique() to generate a unique ID.";
    QTest::newRow("unknown column") << QByteArray("POST") << kRows
                                    << QJsonObject{{"rowId", "s1"}, {"data", unknown}} << 400
                                    << "row_invalid_structure"
                                    << "";
    QTest::newRow("update unknown column")
        << QByteArray("PATCH") << kRows + "/l1" << QJsonObject{{"data", QJsonObject{{"nope", 1}}}} << 400
        << "row_invalid_structure"
        << "";
    QTest::newRow("no data") << QByteArray("POST") << kRows << QJsonObject{{"rowId", "s1"}} << 400
                             << "row_missing_data"
                             << "The row data is missing. Try again with row data populated.";
    QTest::newRow("documentId is not rowId")
        << QByteArray("POST") << kRows << QJsonObject{{"documentId", "s1"}, {"data", learner("enrolled")}}
        << 400 << "row_missing_data"
        << "";
    QTest::newRow("bad rowId") << QByteArray("POST") << kRows
                               << QJsonObject{{"rowId", "_x"}, {"data", learner("enrolled")}} << 400
                               << "general_argument_invalid"
                               << "";
    QTest::newRow("empty update") << QByteArray("PATCH") << kRows + "/l1"
                                  << QJsonObject{{"data", QJsonObject()}} << 400 << "row_missing_payload"
                                  << "The row data and permissions are missing. You must provide either row "
                                     "data or permissions to be updated.";
    QTest::newRow("unknown column key")
        << QByteArray("GET") << kTable + "/columns/nope" << QJsonObject() << 404 << "column_not_found"
        << "Column with the requested key 'nope' could not be found.";
    QTest::newRow("unknown index key")
        << QByteArray("GET") << kTable + "/indexes/nope" << QJsonObject() << 404 << "column_index_not_found"
        << "";
    QTest::newRow("documents keep their names")
        << QByteArray("GET") << kDocs + "/nope" << QJsonObject() << 404 << "document_not_found"
        << "Document with the requested ID 'nope' could not be found.";
    QTest::newRow("transactions are not imitated")
        << QByteArray("POST") << "/tablesdb/transactions" << QJsonObject{{"ttl", 60}} << 404
        << "general_route_not_found"
        << "";
}

void TestSandboxTablesDb::errors()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QJsonObject, body);
    QFETCH(int, status);
    QFETCH(QString, type);
    QFETCH(QString, message);
    const ProbeReply r = m_http->appwrite(method, path, body);
    QCOMPARE(r.status, status);
    QCOMPARE(r.type(), type);
    QCOMPARE(r.json.value("code").toInt(), status);
    QCOMPARE(r.json.value("version").toString(), QStringLiteral("1.8.1"));
    if (!message.isEmpty())
        QCOMPARE(r.json.value("message").toString(), message);
    if (type.endsWith(QLatin1String("invalid_structure"))) // utopia's text, the same for both families
        QVERIFY(r.json.value("message").toString().startsWith("Invalid document structure: "));
}

void TestSandboxTablesDb::conditionalUpdate_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("conflictType");
    QTest::addColumn<QString>("conflictMessage");
    QTest::newRow("rows") << kRows << "row_update_conflict"
                          << "Remote row is newer than local.";
    QTest::newRow("documents") << kDocs << "document_update_conflict"
                               << "Remote document is newer than local.";
}

void TestSandboxTablesDb::conditionalUpdate()
{
    QFETCH(QString, base);
    QFETCH(QString, conflictType);
    QFETCH(QString, conflictMessage);
    const QString path = base + "/l2";
    const QByteArray readAt = m_http->appwrite("GET", path).json.value("$updatedAt").toString().toUtf8();
    QVERIFY(!readAt.isEmpty());
    const auto patch = [&](const QByteArray &timestamp, const QString &status) {
        return m_http->send("PATCH", "/v1" + path,
                            QJsonDocument(QJsonObject{{"data", QJsonObject{{"status", status}}}})
                                .toJson(QJsonDocument::Compact),
                            {{"X-Appwrite-Project", "sandbox-project"},
                             {"X-Appwrite-Key", kAdminKey.toUtf8()},
                             {"X-Appwrite-Timestamp", timestamp}});
    };
    QThread::msleep(5);
    // Unchanged since it was read: the write goes through and moves $updatedAt on.
    ProbeReply r = patch(readAt, "paused");
    QCOMPARE(r.status, 200);
    QVERIFY(r.json.value("$updatedAt").toString().toUtf8() > readAt);
    // A second writer that read before that write is refused, and nothing changes.
    r = patch(readAt, "completed");
    QCOMPARE(r.status, 409);
    QCOMPARE(r.type(), conflictType);
    QCOMPARE(r.json.value("message").toString(), conflictMessage);
    QCOMPARE(m_http->appwrite("GET", path).json.value("status").toString(), QStringLiteral("paused"));
    r = patch("not a time", "completed");
    QCOMPARE(r.status, 400);
    QCOMPARE(r.type(), QStringLiteral("general_argument_invalid"));
    // Put l2 back as it was for the other tests.
    QCOMPARE(m_http->appwrite("PATCH", path, {{"data", QJsonObject{{"status", "enrolled"}}}}).status, 200);
}

void TestSandboxTablesDb::tableSchema()
{
    ProbeReply r = m_http->appwrite("GET", kTable);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value("$id").toString(), QStringLiteral("learners"));
    QCOMPARE(r.json.value("rowSecurity").toBool(true), false);
    QVERIFY(!r.json.contains("attributes") && !r.json.contains("documentSecurity"));
    QStringList keys;
    for (const QJsonValue &c : r.json.value("columns").toArray())
        keys << c.toObject().value("key").toString();
    QCOMPARE(keys, (QStringList{"email", "name", "course_id", "status", "completion_data", "completed_at",
                                "last_completion_check"}));
    const QJsonArray indexes = r.json.value("indexes").toArray();
    QCOMPARE(indexes.size(), 2);
    QVERIFY(indexes.first().toObject().value("columns").isArray());
    QVERIFY(!indexes.first().toObject().contains("attributes"));

    r = m_http->appwrite("GET", kTable + "/columns");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value("total").toInt(), keys.size());
    QCOMPARE(r.json.value("columns").toArray().size(), keys.size());
    r = m_http->appwrite("GET", kTable + "/columns/status");
    QCOMPARE(r.json.value("size").toInt(), 50);
    QCOMPARE(r.json.value("required").toBool(), true);
    r = m_http->appwrite("GET", kTable + "/indexes");
    QCOMPARE(r.json.value("total").toInt(), 2);
    r = m_http->appwrite("GET", kTable + "/indexes/status_index");
    QCOMPARE(r.json.value("columns").toArray(), QJsonArray{"status"});
    // The collection view of the same schema keeps the old names.
    r = m_http->appwrite("GET", kCollection);
    QVERIFY(r.json.contains("attributes") && r.json.contains("documentSecurity") &&
            !r.json.contains("columns"));
    QCOMPARE(m_http->appwrite("GET", "/tablesdb/main").json.value("$id").toString(), QStringLiteral("main"));
}

void TestSandboxTablesDb::versions_data()
{
    QTest::addColumn<QString>("version");
    QTest::addColumn<QString>("reported");
    QTest::addColumn<bool>("tablesDb");
    QTest::addColumn<bool>("sequenceIsString");
    QTest::newRow("1.7") << "1.7"
                         << "1.7.4" << false << false;
    QTest::newRow("1.8") << "1.8"
                         << "1.8.1" << true << false;
    QTest::newRow("1.9") << "1.9"
                         << "1.9.3" << true << true;
}

void TestSandboxTablesDb::versions()
{
    QFETCH(QString, version);
    QFETCH(QString, reported);
    QFETCH(bool, tablesDb);
    QFETCH(bool, sequenceIsString);
    QCOMPARE(m_control->setSettings({{"appwriteVersion", version}}).value("appwriteVersion").toString(),
             version);

    ProbeReply r = m_http->send("GET", "/v1/health/version");
    QCOMPARE(r.json.value("version").toString(), reported);
    r = m_http->appwrite("GET", kDocs + "/nope");
    QCOMPARE(r.json.value("version").toString(), reported); // error bodies carry the version

    // $sequence on every document and row the server shows: list, get, create, update.
    QList<QJsonObject> objects;
    r = m_http->appwrite("GET", kDocs);
    objects << firstOf(r, "documents");
    objects << m_http->appwrite("GET", kDocs + "/l3").json;
    const QString id = QStringLiteral("v") + QString(version).remove(QLatin1Char('.'));
    r = m_http->appwrite("POST", kDocs, {{"documentId", id}, {"data", learner("enrolled")}});
    QCOMPARE(r.status, 201);
    objects << r.json;
    objects
        << m_http->appwrite("PATCH", kDocs + "/" + id, {{"data", QJsonObject{{"status", "paused"}}}}).json;
    for (const QJsonObject &o : objects) {
        const QJsonValue sequence = o.value("$sequence");
        QVERIFY2(sequenceIsString ? sequence.isString() : sequence.isDouble(),
                 QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    }
    if (sequenceIsString)
        QCOMPARE(m_http->appwrite("GET", kDocs + "/l3").json.value("$sequence").toString(),
                 QStringLiteral("3"));

    const QStringList tablesDbRoutes{kRows, kRows + "/l1", kTable, kTable + "/columns", "/tablesdb/main"};
    for (const QString &path : tablesDbRoutes) {
        r = m_http->appwrite("GET", path);
        if (!tablesDb) {
            QCOMPARE(r.status, 404);
            QCOMPARE(r.type(), QStringLiteral("general_route_not_found"));
            QCOMPARE(r.json.value("message").toString(),
                     QStringLiteral(
                         "The requested route was not found. Please refer to the API docs and try again."));
            QCOMPARE(r.json.value("version").toString(), reported);
        } else {
            QCOMPARE(r.status, 200);
        }
    }
    // Before 1.8 the route does not exist, whatever the key or project.
    if (!tablesDb)
        QCOMPARE(m_http->send("POST", "/v1" + kRows, "{}").type(), QStringLiteral("general_route_not_found"));
    if (tablesDb) {
        r = m_http->appwrite("GET", kRows);
        const QJsonValue sequence = firstOf(r, "rows").value("$sequence");
        QVERIFY(sequenceIsString ? sequence.isString() : sequence.isDouble());
        r = m_http->appwrite("GET", kRows + "/l3");
        QCOMPARE(r.json.value("$sequence").toVariant().toString(), QStringLiteral("3"));
        QVERIFY(sequenceIsString ? r.json.value("$sequence").isString()
                                 : r.json.value("$sequence").isDouble());
    }
    QCOMPARE(m_http->appwrite("DELETE", kDocs + "/" + id).status, 204);
}

void TestSandboxTablesDb::keyScopes_data()
{
    QTest::addColumn<QString>("scopes");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("message"); // exact for scope errors

    const QString docRead = missingScopes(R"(["documents.read"])");
    const QString docWrite = missingScopes(R"(["documents.write"])");
    // A key made in a 1.8+ console with the new scopes: the deprecated routes refuse it.
    QTest::newRow("rows: list documents") << "rows" << kAdminKey << QByteArray("GET") << kDocs << 401
                                          << "general_unauthorized_scope" << docRead;
    QTest::newRow("rows: get document") << "rows" << kAdminKey << QByteArray("GET") << kDocs + "/l1" << 401
                                        << "general_unauthorized_scope" << docRead;
    QTest::newRow("rows: create document") << "rows" << kAdminKey << QByteArray("POST") << kDocs << 401
                                           << "general_unauthorized_scope" << docWrite;
    QTest::newRow("rows: update document") << "rows" << kAdminKey << QByteArray("PATCH") << kDocs + "/l1"
                                           << 401 << "general_unauthorized_scope" << docWrite;
    QTest::newRow("rows: delete document") << "rows" << kAdminKey << QByteArray("DELETE") << kDocs + "/l1"
                                           << 401 << "general_unauthorized_scope" << docWrite;
    QTest::newRow("rows: collection")
        << "rows" << kAdminKey << QByteArray("GET") << kCollection << 401 << "general_unauthorized_scope"
        << missingScopes(R"(["collections.read"])");
    QTest::newRow("rows: attributes")
        << "rows" << kAdminKey << QByteArray("GET") << kCollection + "/attributes" << 401
        << "general_unauthorized_scope" << missingScopes(R"(["collections.read"])");
    QTest::newRow("rows: list rows") << "rows" << kAdminKey << QByteArray("GET") << kRows << 200 << ""
                                     << "";
    QTest::newRow("rows: update row")
        << "rows" << kAdminKey << QByteArray("PATCH") << kRows + "/l1" << 200 << ""
        << "";
    QTest::newRow("rows: table") << "rows" << kAdminKey << QByteArray("GET") << kTable << 200 << ""
                                 << "";
    QTest::newRow("rows: columns") << "rows" << kAdminKey << QByteArray("GET") << kTable + "/columns" << 200
                                   << ""
                                   << "";
    QTest::newRow("rows: read-only key lists rows")
        << "rows" << kReadOnlyKey << QByteArray("GET") << kRows << 200 << ""
        << "";
    QTest::newRow("rows: read-only key lists documents")
        << "rows" << kReadOnlyKey << QByteArray("GET") << kDocs << 401 << "general_unauthorized_scope"
        << docRead;
    // A key from before 1.8: TablesDB accepts the old scopes too.
    QTest::newRow("documents: list rows")
        << "documents" << kAdminKey << QByteArray("GET") << kRows << 200 << ""
        << "";
    QTest::newRow("documents: update row")
        << "documents" << kAdminKey << QByteArray("PATCH") << kRows + "/l1" << 200 << ""
        << "";
    QTest::newRow("documents: table") << "documents" << kAdminKey << QByteArray("GET") << kTable << 200 << ""
                                      << "";
    QTest::newRow("documents: list documents")
        << "documents" << kAdminKey << QByteArray("GET") << kDocs << 200 << ""
        << "";
    QTest::newRow("documents: collection")
        << "documents" << kAdminKey << QByteArray("GET") << kCollection << 200 << ""
        << "";
    // Both: everything; a read-only key still may not write, and the message names both scopes.
    QTest::newRow("both: list documents") << "both" << kAdminKey << QByteArray("GET") << kDocs << 200 << ""
                                          << "";
    QTest::newRow("both: read-only key writes a row")
        << "both" << kReadOnlyKey << QByteArray("PATCH") << kRows + "/l1" << 401
        << "general_unauthorized_scope" << missingScopes(R"(["rows.write","documents.write"])");
    QTest::newRow("both: guest lists rows")
        << "both"
        << "not-a-key" << QByteArray("GET") << kRows << 401 << "user_unauthorized"
        << "";
}

void TestSandboxTablesDb::keyScopes()
{
    QFETCH(QString, scopes);
    QFETCH(QString, key);
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(int, status);
    QFETCH(QString, type);
    QFETCH(QString, message);
    QCOMPARE(m_control->setSettings({{"keyScopes", scopes}}).value("keyScopes").toString(), scopes);
    const QJsonObject body = method == "POST"
                                 ? QJsonObject{{"documentId", "k1"}, {"data", learner("enrolled")}}
                             : method == "PATCH" ? QJsonObject{{"data", QJsonObject{{"status", "enrolled"}}}}
                                                 : QJsonObject();
    const ProbeReply r = m_http->appwrite(method, path, body, key);
    QCOMPARE(r.status, status);
    QCOMPARE(r.type(), type);
    if (!message.isEmpty())
        QCOMPARE(r.json.value("message").toString(), message);
}

void TestSandboxTablesDb::settingsControlAndReset()
{
    QJsonObject now = m_control->setSettings({{"appwriteVersion", "1.9"}, {"keyScopes", "rows"}});
    QCOMPARE(now.value("appwriteVersion").toString(), QStringLiteral("1.9"));
    QCOMPARE(now.value("keyScopes").toString(), QStringLiteral("rows"));
    QVERIFY(now.contains("graphyV2Enabled"));
    // A bad value changes nothing.
    QVERIFY(m_control->setSettings({{"appwriteVersion", "2.0"}, {"keyScopes", "both"}}).isEmpty());
    QCOMPARE(m_control->lastStatus(), 400);
    QVERIFY(m_control->setSettings({{"keyScopes", "all"}}).isEmpty());
    now = m_control->setSettings({});
    QCOMPARE(now.value("appwriteVersion").toString(), QStringLiteral("1.9"));
    QCOMPARE(now.value("keyScopes").toString(), QStringLiteral("rows"));
    // The switches survive a reseed of the demo data (in a sandbox of its own).
    SandboxHost host;
    SandboxOptions options;
    options.learners = 3;
    options.appwriteVersion = SandboxOptions::AppwriteVersion::V1_7;
    QVERIFY(host.start(options));
    SandboxControl control(host.controlBase());
    QVERIFY(control.reset({{"learners", 2}}));
    HttpProbe http(host.graphyBase());
    QCOMPARE(http.appwrite("GET", kRows).type(), QStringLiteral("general_route_not_found"));
    QCOMPARE(http.appwrite("GET", kDocs).json.value("total").toInt(), 2);
}

void TestSandboxTablesDb::commandLine_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("version");
    QTest::addColumn<QString>("scopes");
    QTest::newRow("defaults") << QStringList{} << true << "1.8"
                              << "both";
    QTest::newRow("1.7") << QStringList{"--appwrite-version", "1.7"} << true << "1.7"
                         << "both";
    QTest::newRow("1.9 rows") << QStringList{"--appwrite-version", "1.9", "--key-scopes", "rows"} << true
                              << "1.9"
                              << "rows";
    QTest::newRow("documents") << QStringList{"--key-scopes", "documents"} << true << "1.8"
                               << "documents";
    QTest::newRow("bad version") << QStringList{"--appwrite-version", "1.8.1"} << false << ""
                                 << "";
    QTest::newRow("bad scopes") << QStringList{"--key-scopes", "all"} << false << ""
                                << "";
    QTest::newRow("missing value") << QStringList{"--key-scopes"} << false << ""
                                   << "";
}

void TestSandboxTablesDb::commandLine()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, ok);
    QFETCH(QString, version);
    QFETCH(QString, scopes);
    SandboxOptions options;
    QString error;
    QCOMPARE(SandboxOptions::parseArguments(arguments, &options, &error), ok);
    if (!ok)
        return;
    QCOMPARE(SandboxOptions::versionName(options.appwriteVersion), version);
    QCOMPARE(SandboxOptions::keyScopesName(options.keyScopes), scopes);
    const QString usage = SandboxOptions::usage();
    QVERIFY(usage.contains("--appwrite-version") && usage.contains("--key-scopes"));
}

QTEST_GUILESS_MAIN(TestSandboxTablesDb)
#include "tst_sandbox_tablesdb.moc"
