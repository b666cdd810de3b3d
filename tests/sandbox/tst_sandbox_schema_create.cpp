// Provisioning against the sandbox, over real sockets: an empty database (--empty-database, reset
// {"emptyDatabase":true}), then collections/tables, attributes/columns and indexes created through
// either API family, processing → available, 409 on re-creation and the 1.9-only varchar/text
// routes. Refusals and scopes: tst_sandbox_schema_errors.
#include "SandboxControl.h"
#include "SandboxHost.h"
#include "SandboxSettings.h"
#include "SandboxTestCase.h"
#include "SchemaFamilies.h"

#include <QJsonArray>
#include <QTest>

using namespace sandbox;

namespace {
const SchemaFamily &kDocuments = SchemaFamily::documents();
const SchemaFamily &kTables = SchemaFamily::tables();
const QString kRouteNotFound =
    QStringLiteral("The requested route was not found. Please refer to the API docs and try again.");
} // namespace

class TestSandboxSchemaCreate : public SandboxTestCase
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void emptyDatabase();
    void commandLine();
    void provision_data();
    void provision();
    void versionedRoutes_data();
    void versionedRoutes();

private:
    ProbeReply createChecker(const SchemaFamily &family, const QString &id = QStringLiteral("checker_runs"))
    {
        return family.create(*m_http, id);
    }

    std::unique_ptr<HttpProbe> m_http;
};

void TestSandboxSchemaCreate::initTestCase()
{
    SandboxOptions options;
    options.learners = 3;
    options.emptyDatabase = true;
    QString error;
    QVERIFY2(startSandbox(options, &error), qPrintable(error));
    m_http = std::make_unique<HttpProbe>(m_host.graphyBase());
}

void TestSandboxSchemaCreate::init()
{
    // Every test starts from an empty database on the default server.
    QVERIFY(m_control->reset({{"emptyDatabase", true}}));
    QVERIFY(!m_control->setSettings({{"appwriteVersion", "1.8"}, {"keyScopes", "both"}}).isEmpty());
}

void TestSandboxSchemaCreate::emptyDatabase()
{
    QCOMPARE(m_http->appwrite("GET", "/databases/main").status, 200); // the database itself exists
    QCOMPARE(m_http->appwrite("GET", "/databases/main/collections/learners").type(),
             QStringLiteral("collection_not_found"));
    QCOMPARE(m_http->appwrite("GET", "/tablesdb/main/tables/webhook_events/rows").type(),
             QStringLiteral("table_not_found"));
    const QJsonObject state = m_control->state();
    QVERIFY(state.value("collections").toObject().isEmpty());
    QCOMPARE(state.value("graphy").toObject().value("learners").toArray().size(), 3); // Graphy is seeded
    // Reset without the parameter keeps the choice; false brings the demo collections back.
    QVERIFY(m_control->reset({{"learners", 2}}));
    QCOMPARE(m_http->appwrite("GET", "/databases/main/collections/learners").status, 404);
    QVERIFY(m_control->reset({{"emptyDatabase", false}}));
    const ProbeReply r = m_http->appwrite("GET", "/databases/main/collections/learners/documents");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value("total").toInt(), 2);
}

void TestSandboxSchemaCreate::commandLine()
{
    const QList<QPair<QStringList, bool>> cases{
        {{}, false},
        {{"--empty-database"}, true},
        {{"--learners", "4", "--empty-database", "--seed", "2"}, true}};
    for (const auto &[arguments, empty] : cases) {
        SandboxOptions options;
        QString error;
        QVERIFY2(SandboxOptions::parseArguments(arguments, &options, &error), qPrintable(error));
        QCOMPARE(options.emptyDatabase, empty);
    }
    QVERIFY(SandboxOptions::usage().contains("--empty-database"));
    QVERIFY(SandboxOptions::usage().contains("emptyDatabase"));
}

void TestSandboxSchemaCreate::provision_data()
{
    QTest::addColumn<QString>("version");
    QTest::addColumn<SchemaFamily>("family");
    QTest::addColumn<QString>("idType");    // the route and type of the short text field
    QTest::addColumn<QString>("notesType"); // and of the long one
    QTest::newRow("tablesdb 1.9") << "1.9" << kTables << "varchar"
                                  << "text";
    QTest::newRow("tablesdb 1.8") << "1.8" << kTables << "string"
                                  << "string";
    QTest::newRow("documents 1.9") << "1.9" << kDocuments << "varchar"
                                   << "text";
    QTest::newRow("documents 1.8") << "1.8" << kDocuments << "string"
                                   << "string";
    QTest::newRow("documents 1.7") << "1.7" << kDocuments << "string"
                                   << "string";
}

void TestSandboxSchemaCreate::provision()
{
    QFETCH(QString, version);
    QFETCH(SchemaFamily, family);
    QFETCH(QString, idType);
    QFETCH(QString, notesType);
    QCOMPARE(m_control->setSettings({{"appwriteVersion", version}}).value("appwriteVersion").toString(),
             version);
    const QString base = family.parents + "/checker_runs";

    ProbeReply r = createChecker(family);
    QCOMPARE(r.status, 201);
    QCOMPARE(r.json.value("$id").toString(), QStringLiteral("checker_runs"));
    QCOMPARE(r.json.value("name").toString(), QStringLiteral("Checker runs"));
    QCOMPARE(r.json.value("$permissions").toArray(), QJsonArray{R"(read("any"))"});
    QCOMPARE(r.json.value(family.security), QJsonValue(false));
    QCOMPARE(r.json.value(family.fields).toArray().size(), 0);
    QCOMPARE(m_http->appwrite("GET", base).json, r.json); // GET answers the same object

    struct Field
    {
        QString key, type;
        QJsonObject body;
    };
    QJsonObject idBody{{"key", "run_id"}, {"required", true}};
    if (idType != QLatin1String("text"))
        idBody.insert("size", 64);
    QJsonObject notesBody{{"key", "notes"}, {"required", false}};
    if (notesType == QLatin1String("string"))
        notesBody.insert("size", 10000);
    const QList<Field> fields{
        {"run_id", idType, idBody},
        {"notes", notesType, notesBody},
        {"started_at", "datetime", {{"key", "started_at"}, {"required", true}}},
        {"checked", "integer", {{"key", "checked"}, {"required", false}, {"min", 0}, {"default", 0}}}};
    for (const Field &f : fields) {
        r = m_http->appwrite("POST", base + "/" + family.fields + "/" + f.type, f.body);
        QCOMPARE(r.status, 202);
        QCOMPARE(r.json.value("key").toString(), f.key);
        QCOMPARE(r.json.value("type").toString(), f.type);
        QCOMPARE(r.json.value("status").toString(), QStringLiteral("processing"));
        QCOMPARE(r.json.contains("size"), f.body.contains("size")); // the text model has no size
    }
    for (const Field &f : fields)
        QTRY_COMPARE(
            m_http->appwrite("GET", base + "/" + family.fields + "/" + f.key).json.value("status").toString(),
            QStringLiteral("available"));
    r = m_http->appwrite("GET", base + "/" + family.fields + "/checked");
    QCOMPARE(r.json.value("min").toInteger(), 0);
    QCOMPARE(r.json.value("default").toInteger(), 0);

    r = m_http->appwrite("POST", base + "/indexes",
                         {{"key", "run_unique"}, {"type", "unique"}, {family.fields, QJsonArray{"run_id"}}});
    QCOMPARE(r.status, 202);
    QCOMPARE(r.json.value("status").toString(), QStringLiteral("processing"));
    QCOMPARE(r.json.value(family.fields).toArray(), QJsonArray{"run_id"});
    QTRY_COMPARE(m_http->appwrite("GET", base + "/indexes/run_unique").json.value("status").toString(),
                 QStringLiteral("available"));
    r = m_http->appwrite("GET", base + "/indexes");
    QCOMPARE(r.json.value("total").toInt(), 1);
    const QJsonObject index = r.json.value("indexes").toArray().first().toObject();
    QCOMPARE(index.value(family.fields).toArray(), QJsonArray{"run_id"});
    QVERIFY(!index.contains(family.fields == QLatin1String("columns") ? "attributes" : "columns"));

    // Provisioning twice: 409 with the family's types.
    r = createChecker(family);
    QCOMPARE(r.status, 409);
    QCOMPARE(r.type(), family.parent + "_already_exists");
    r = m_http->appwrite("POST", base + "/" + family.fields + "/" + idType, idBody);
    QCOMPARE(r.status, 409);
    QCOMPARE(r.type(), family.field + "_already_exists");
    r = m_http->appwrite("POST", base + "/indexes",
                         {{"key", "run_unique"}, {"type", "key"}, {family.fields, QJsonArray{"notes"}}});
    QCOMPARE(r.status, 409);
    QCOMPARE(r.type(), family.indexExists);

    // The new collection takes records like the seeded ones: schema validated, unique index kept.
    const QString records = base + "/" + family.records;
    const QJsonObject data{{"run_id", "run-1"}, {"notes", "first"}, {"started_at", "2025-11-21T08:00:00Z"}};
    r = m_http->appwrite("POST", records, {{family.recordId, "r1"}, {"data", data}});
    QCOMPARE(r.status, 201);
    QCOMPARE(r.json.value("checked").toInteger(-1), 0); // the default
    r = m_http->appwrite("POST", records,
                         {{family.recordId, "r2"}, {"data", QJsonObject{{"run_id", "run-2"}}}});
    QCOMPARE(r.status, 400);
    QVERIFY2(r.type().endsWith("_invalid_structure"), qPrintable(r.type()));
    QVERIFY(r.json.value("message").toString().contains("started_at"));
    r = m_http->appwrite("POST", records, {{family.recordId, "r3"}, {"data", data}});
    QCOMPARE(r.status, 409); // run_unique

    // From 1.8 one store answers both families: a row is a document of the same collection.
    if (version != QLatin1String("1.7")) {
        r = m_http->appwrite("GET", "/databases/main/collections/checker_runs/documents/r1");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.value("$collectionId").toString(), QStringLiteral("checker_runs"));
        QCOMPARE(r.json.value("run_id").toString(), QStringLiteral("run-1"));
        r = m_http->appwrite("GET", "/tablesdb/main/tables/checker_runs/rows/r1");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.value("$tableId").toString(), QStringLiteral("checker_runs"));
        QCOMPARE(r.json.value("started_at").toString(), QStringLiteral("2025-11-21T08:00:00.000+00:00"));
    }
}

void TestSandboxSchemaCreate::versionedRoutes_data()
{
    QTest::addColumn<QString>("version");
    QTest::addColumn<QString>("route");
    QTest::addColumn<int>("status");
    const QString table = kTables.parents + "/t";
    const QString collection = kDocuments.parents + "/t";
    QTest::newRow("1.8 varchar column") << "1.8" << table + "/columns/varchar" << 404;
    QTest::newRow("1.8 text column") << "1.8" << table + "/columns/text" << 404;
    QTest::newRow("1.8 varchar attribute") << "1.8" << collection + "/attributes/varchar" << 404;
    QTest::newRow("1.8 text attribute") << "1.8" << collection + "/attributes/text" << 404;
    QTest::newRow("1.8 string column") << "1.8" << table + "/columns/string" << 202;
    QTest::newRow("1.9 varchar column") << "1.9" << table + "/columns/varchar" << 202;
    QTest::newRow("1.9 text column") << "1.9" << table + "/columns/text" << 202;
    QTest::newRow("1.9 string column (deprecated)") << "1.9" << table + "/columns/string" << 202;
    QTest::newRow("1.9 varchar attribute") << "1.9" << collection + "/attributes/varchar" << 202;
    QTest::newRow("1.7 create table") << "1.7" << kTables.parents << 404;
    QTest::newRow("1.7 string column") << "1.7" << table + "/columns/string" << 404;
    QTest::newRow("1.7 table index") << "1.7" << table + "/indexes" << 404;
}

void TestSandboxSchemaCreate::versionedRoutes()
{
    QFETCH(QString, version);
    QFETCH(QString, route);
    QFETCH(int, status);
    QCOMPARE(createChecker(kDocuments, "t").status, 201);
    QVERIFY(!m_control->setSettings({{"appwriteVersion", version}}).isEmpty());
    const ProbeReply r =
        m_http->appwrite("POST", route, {{"key", "k"}, {"size", 10}, {"required", false}, {"tableId", "t2"}});
    QCOMPARE(r.status, status);
    if (status == 404) { // exactly as for any route the server does not have
        QCOMPARE(r.type(), QStringLiteral("general_route_not_found"));
        QCOMPARE(r.json.value("message").toString(), kRouteNotFound);
        QVERIFY(r.json.value("version").toString().startsWith(version + "."));
    }
}

QTEST_GUILESS_MAIN(TestSandboxSchemaCreate)
#include "tst_sandbox_schema_create.moc"
