// Provisioning requests the sandbox refuses, over real sockets: bad ids and bodies, unknown
// databases, tables and columns, and the scopes each creation route asks for (a key with only the
// 1.8+ scopes may create tables but not collections).
#include "SandboxControl.h"
#include "SandboxHost.h"
#include "SandboxSettings.h"
#include "SandboxTestCase.h"
#include "SchemaFamilies.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>

using namespace sandbox;

namespace {
const SchemaFamily &kDocuments = SchemaFamily::documents();
const SchemaFamily &kTables = SchemaFamily::tables();
const QString kReadOnlyKey = QStringLiteral("sandbox-readonly-key");
const QString kAppCaller = QStringLiteral("app.sandbox-project@service.localhost (role: applications)");
} // namespace

class TestSandboxSchemaErrors : public SandboxTestCase
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void scopes_data();
    void scopes();
    void errors_data();
    void errors();
    void generatedId();

private:
    bool createTableT(); // a table `t` with a string column `k0`, to add to

    std::unique_ptr<HttpProbe> m_http;
};

void TestSandboxSchemaErrors::initTestCase()
{
    SandboxOptions options;
    options.learners = 0;
    options.emptyDatabase = true;
    QString error;
    QVERIFY2(startSandbox(options, &error), qPrintable(error));
    m_http = std::make_unique<HttpProbe>(m_host.graphyBase());
}

void TestSandboxSchemaErrors::init()
{
    QVERIFY(m_control->reset({{"emptyDatabase", true}}));
    QVERIFY(!m_control->setSettings({{"appwriteVersion", "1.8"}, {"keyScopes", "both"}}).isEmpty());
}

bool TestSandboxSchemaErrors::createTableT()
{
    return kTables.create(*m_http, "t").status == 201 &&
           m_http->appwrite("POST", kTables.parents + "/t/columns/string",
                            {{"key", "k0"}, {"size", 10}, {"required", false}})
                   .status == 202;
}

void TestSandboxSchemaErrors::scopes_data()
{
    QTest::addColumn<QString>("scopes");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("missing"); // the scope list of the 401 message
    const QString admin = QStringLiteral("sandbox-appwrite-key");
    const QJsonObject collection{{"collectionId", "c2"}, {"name", "C2"}};
    const QJsonObject table{{"tableId", "t2"}, {"name", "T2"}};
    const QJsonObject field{{"key", "k"}, {"size", 10}, {"required", false}};
    const QJsonObject index{{"key", "i"}, {"type", "key"}, {"columns", QJsonArray{"k0"}}};
    QTest::newRow("rows: create collection")
        << "rows" << admin << kDocuments.parents << collection << 401 << R"(["collections.write"])";
    QTest::newRow("rows: create attribute") << "rows" << admin << kDocuments.parents + "/t/attributes/string"
                                            << field << 401 << R"(["collections.write"])";
    QTest::newRow("rows: create table") << "rows" << admin << kTables.parents << table << 201 << "";
    QTest::newRow("rows: create column")
        << "rows" << admin << kTables.parents + "/t/columns/string" << field << 202 << "";
    QTest::newRow("rows: create table index")
        << "rows" << admin << kTables.parents + "/t/indexes" << index << 202 << "";
    QTest::newRow("documents: create table") << "documents" << admin << kTables.parents << table << 201 << "";
    QTest::newRow("documents: create column")
        << "documents" << admin << kTables.parents + "/t/columns/string" << field << 202 << "";
    QTest::newRow("documents: create collection")
        << "documents" << admin << kDocuments.parents << collection << 201 << "";
    QTest::newRow("both: read-only key creates a table") << "both" << kReadOnlyKey << kTables.parents << table
                                                         << 401 << R"(["tables.write","collections.write"])";
    QTest::newRow("both: read-only key creates a column")
        << "both" << kReadOnlyKey << kTables.parents + "/t/columns/string" << field << 401
        << R"(["tables.write","collections.write","columns.write","attributes.write"])";
}

void TestSandboxSchemaErrors::scopes()
{
    QFETCH(QString, scopes);
    QFETCH(QString, key);
    QFETCH(QString, path);
    QFETCH(QJsonObject, body);
    QFETCH(int, status);
    QFETCH(QString, missing);
    QVERIFY(createTableT());
    QCOMPARE(m_control->setSettings({{"keyScopes", scopes}}).value("keyScopes").toString(), scopes);
    const ProbeReply r = m_http->appwrite("POST", path, body, key);
    QCOMPARE(r.status, status);
    if (status == 401) {
        QCOMPARE(r.type(), QStringLiteral("general_unauthorized_scope"));
        QCOMPARE(r.json.value("message").toString(), kAppCaller + " missing scopes (" + missing + ")");
    }
}

void TestSandboxSchemaErrors::errors_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("message"); // exact, or empty when only the type matters
    const QString table = kTables.parents + "/t";
    QTest::newRow("invalid collection id")
        << kDocuments.parents << QJsonObject{{"collectionId", "_runs"}, {"name", "R"}} << 400
        << "general_argument_invalid"
        << "Invalid `collectionId` param: Parameter must contain at most 36 chars. Valid chars are a-z, "
           "A-Z, 0-9, period, hyphen, and underscore. Can't start with a special char";
    QTest::newRow("invalid table id") << kTables.parents << QJsonObject{{"tableId", "a b"}, {"name", "R"}}
                                      << 400 << "general_argument_invalid"
                                      << "";
    QTest::newRow("collectionId is not tableId")
        << kTables.parents << QJsonObject{{"collectionId", "runs"}, {"name", "R"}} << 400
        << "general_argument_invalid"
        << R"(Param "tableId" is not optional.)";
    QTest::newRow("no name") << kTables.parents << QJsonObject{{"tableId", "runs"}} << 400
                             << "general_argument_invalid"
                             << R"(Param "name" is not optional.)";
    QTest::newRow("inline columns") << kTables.parents
                                    << QJsonObject{{"tableId", "runs"},
                                                   {"name", "R"},
                                                   {"columns", QJsonArray{QJsonObject{{"key", "a"}}}}}
                                    << 400 << "general_argument_invalid"
                                    << "";
    QTest::newRow("unknown database")
        << "/tablesdb/other/tables" << QJsonObject{{"tableId", "r"}, {"name", "R"}} << 404
        << "database_not_found"
        << "";
    QTest::newRow("column of unknown table")
        << kTables.parents + "/nope/columns/string"
        << QJsonObject{{"key", "k"}, {"size", 1}, {"required", true}} << 404 << "table_not_found"
        << "";
    QTest::newRow("required with default")
        << table + "/columns/string"
        << QJsonObject{{"key", "k"}, {"size", 5}, {"required", true}, {"default", "x"}} << 400
        << "column_default_unsupported"
        << "";
    QTest::newRow("string without size")
        << table + "/columns/string" << QJsonObject{{"key", "k"}, {"required", true}} << 400
        << "general_argument_invalid"
        << R"(Param "size" is not optional.)";
    QTest::newRow("index of unknown column")
        << table + "/indexes" << QJsonObject{{"key", "i"}, {"type", "key"}, {"columns", QJsonArray{"nope"}}}
        << 400 << "column_unknown"
        << "";
    QTest::newRow("index names attributes on TablesDB")
        << table + "/indexes" << QJsonObject{{"key", "i"}, {"type", "key"}, {"attributes", QJsonArray{"k0"}}}
        << 400 << "general_argument_invalid"
        << R"(Param "columns" is not optional.)";
    QTest::newRow("index of unknown attribute")
        << kDocuments.parents + "/t/indexes"
        << QJsonObject{{"key", "i"}, {"type", "key"}, {"attributes", QJsonArray{"nope"}}} << 400
        << "attribute_unknown"
        << "Unknown attribute: nope. Verify the attribute name or create the attribute.";
    QTest::newRow("bad index order") << table + "/indexes"
                                     << QJsonObject{{"key", "i"},
                                                    {"type", "key"},
                                                    {"columns", QJsonArray{"k0"}},
                                                    {"orders", QJsonArray{"up"}}}
                                     << 400 << "general_argument_invalid"
                                     << "";
}

void TestSandboxSchemaErrors::errors()
{
    QFETCH(QString, path);
    QFETCH(QJsonObject, body);
    QFETCH(int, status);
    QFETCH(QString, type);
    QFETCH(QString, message);
    QVERIFY(createTableT());
    const ProbeReply r = m_http->appwrite("POST", path, body);
    QCOMPARE(r.status, status);
    QCOMPARE(r.type(), type);
    QCOMPARE(r.json.value("code").toInt(), status);
    if (!message.isEmpty())
        QCOMPARE(r.json.value("message").toString(), message);
    // Nothing was created by a refused request.
    QCOMPARE(m_control->state().value("collections").toObject().keys(), QStringList{"t"});
}

void TestSandboxSchemaErrors::generatedId()
{
    const ProbeReply r = kTables.create(*m_http, QStringLiteral("unique()"));
    QCOMPARE(r.status, 201);
    const QString id = r.json.value("$id").toString();
    QVERIFY2(QRegularExpression("^[0-9a-f]{20}$").match(id).hasMatch(), qPrintable(id));
    QCOMPARE(m_http->appwrite("GET", "/databases/main/collections/" + id).json.value("name").toString(),
             QStringLiteral("Checker runs"));
}

QTEST_GUILESS_MAIN(TestSandboxSchemaErrors)
#include "tst_sandbox_schema_errors.moc"
