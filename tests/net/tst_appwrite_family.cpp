// The two Appwrite API families' vocabulary and the choice between them (AppwriteFamilySelector):
// pure logic, no network. The same choice against a real sandbox is in tst_checker_health.
#include "base/ServiceError.h"
#include "net/AppwriteFamily.h"
#include "net/AppwriteFamilySelector.h"

#include <QTest>

using namespace cc;

namespace {
ServiceError httpError(int status, const QString &type, const QString &message = {})
{
    ServiceError e;
    e.kind = ServiceError::Kind::Http;
    e.service = QStringLiteral("appwrite");
    e.httpStatus = status;
    e.type = type;
    e.message = message;
    return e;
}

ServiceError routeMissing()
{
    return httpError(404, QStringLiteral("general_route_not_found"), QStringLiteral("Route not found"));
}

ServiceError scopeRefused(const QString &scopesJson)
{
    return httpError(
        401, QStringLiteral("general_unauthorized_scope"),
        QStringLiteral("app.p@service.localhost (role: applications) missing scopes (%1)").arg(scopesJson));
}
} // namespace

class TestAppwriteFamily : public QObject
{
    Q_OBJECT

private slots:
    void paths_data();
    void paths();
    void versions_data();
    void versions();
    void textFieldKind_data();
    void textFieldKind();
    void deprecatedScopes_data();
    void deprecatedScopes();
    void apiNames();
    void forcedChoiceNeverChanges_data();
    void forcedChoiceNeverChanges();
    void autoFollowsTheServerVersion();
    void autoLeavesTablesDbOnceForAMissingRoute();
    void autoLeavesDocumentsOnceForADeprecatedScope();
    void otherErrorsNeverSwitch_data();
    void otherErrorsNeverSwitch();
    void noPingPong();
    void answersAfterAnotherCallSwitchedAreResent();
};

void TestAppwriteFamily::paths_data()
{
    QTest::addColumn<int>("api");
    QTest::addColumn<QString>("records");
    QTest::addColumn<QString>("container");
    QTest::addColumn<QString>("notFound");
    QTest::newRow("TablesDB") << int(AppwriteApi::TablesDb) << "/tablesdb/main/tables/learners/rows"
                              << "/tablesdb/main/tables/learners"
                              << "row_not_found";
    QTest::newRow("documents") << int(AppwriteApi::Documents)
                               << "/databases/main/collections/learners/documents"
                               << "/databases/main/collections/learners"
                               << "document_not_found";
    QTest::newRow("auto is TablesDB") << int(AppwriteApi::Auto) << "/tablesdb/main/tables/learners/rows"
                                      << "/tablesdb/main/tables/learners"
                                      << "row_not_found";
}

void TestAppwriteFamily::paths()
{
    QFETCH(int, api);
    QFETCH(QString, records);
    QFETCH(QString, container);
    QFETCH(QString, notFound);
    const AppwriteFamily &f = AppwriteFamily::of(AppwriteApi(api));
    QCOMPARE(f.recordsPath(QStringLiteral("main"), QStringLiteral("learners")), records);
    QCOMPARE(f.containerPath(QStringLiteral("main"), QStringLiteral("learners")), container);
    QCOMPARE(f.errorType("not_found"), notFound);
    // IDs are percent-encoded as path segments, never spliced raw.
    QVERIFY(f.recordsPath(QStringLiteral("a/b"), QStringLiteral("c?d")).contains(QStringLiteral("a%2Fb")));
    QVERIFY(f.recordsPath(QStringLiteral("a/b"), QStringLiteral("c?d")).contains(QStringLiteral("c%3Fd")));
}

void TestAppwriteFamily::versions_data()
{
    QTest::addColumn<QString>("version");
    QTest::addColumn<bool>("atLeast18");
    QTest::newRow("1.8.0") << "1.8.0" << true;
    QTest::newRow("1.9.3") << "1.9.3" << true;
    QTest::newRow("1.10.0 (not a string compare)") << "1.10.0" << true;
    QTest::newRow("2.0.0") << "2.0.0" << true;
    QTest::newRow("1.7.4") << "1.7.4" << false;
    QTest::newRow("0.9") << "0.9" << false;
    QTest::newRow("v1.8.1") << "v1.8.1" << true;
    QTest::newRow("1.8.0-rc2") << "1.8.0-rc2" << true;
    QTest::newRow("empty") << "" << false;
    QTest::newRow("garbage") << "latest" << false;
}

void TestAppwriteFamily::versions()
{
    QFETCH(QString, version);
    QFETCH(bool, atLeast18);
    QCOMPARE(AppwriteFamily::versionAtLeast(version, 1, 8), atLeast18);
}

void TestAppwriteFamily::textFieldKind_data()
{
    QTest::addColumn<int>("api");
    QTest::addColumn<QString>("version");
    QTest::addColumn<QString>("kind");
    QTest::newRow("TablesDB 1.9 prefers varchar") << int(AppwriteApi::TablesDb) << "1.9.0"
                                                  << "varchar";
    QTest::newRow("TablesDB 1.8 knows string") << int(AppwriteApi::TablesDb) << "1.8.1"
                                               << "string";
    QTest::newRow("TablesDB, version unknown") << int(AppwriteApi::TablesDb) << ""
                                               << "string";
    QTest::newRow("documents 1.9") << int(AppwriteApi::Documents) << "1.9.0"
                                   << "string";
}

void TestAppwriteFamily::textFieldKind()
{
    QFETCH(int, api);
    QFETCH(QString, version);
    QFETCH(QString, kind);
    QCOMPARE(AppwriteFamily::of(AppwriteApi(api)).textFieldKind(version), kind);
    QVERIFY(AppwriteFamily::isTextType(kind));
}

void TestAppwriteFamily::deprecatedScopes_data()
{
    QTest::addColumn<QStringList>("missing");
    QTest::addColumn<bool>("onlyDeprecated");
    QTest::newRow("documents.read") << QStringList{"documents.read"} << true;
    QTest::newRow("collections.read") << QStringList{"collections.read"} << true;
    QTest::newRow("TablesDB lists both") << QStringList{"rows.read", "documents.read"} << false;
    QTest::newRow("health.read") << QStringList{"health.read"} << false;
    QTest::newRow("none") << QStringList() << false;
}

void TestAppwriteFamily::deprecatedScopes()
{
    QFETCH(QStringList, missing);
    QFETCH(bool, onlyDeprecated);
    QCOMPARE(AppwriteFamily::onlyDeprecatedScopes(missing), onlyDeprecated);
}

void TestAppwriteFamily::apiNames()
{
    for (AppwriteApi api : {AppwriteApi::Auto, AppwriteApi::TablesDb, AppwriteApi::Documents}) {
        AppwriteApi parsed = AppwriteApi::Auto;
        QVERIFY(AppwriteFamily::parseApiName(AppwriteFamily::apiName(api).toUpper(), &parsed));
        QCOMPARE(parsed, api);
    }
    AppwriteApi untouched = AppwriteApi::Documents;
    QVERIFY(!AppwriteFamily::parseApiName(QStringLiteral("rows"), &untouched));
    QCOMPARE(untouched, AppwriteApi::Documents);
}

void TestAppwriteFamily::forcedChoiceNeverChanges_data()
{
    QTest::addColumn<int>("api");
    QTest::newRow("tablesdb") << int(AppwriteApi::TablesDb);
    QTest::newRow("documents") << int(AppwriteApi::Documents);
}

void TestAppwriteFamily::forcedChoiceNeverChanges()
{
    QFETCH(int, api);
    AppwriteFamilySelector selector{AppwriteApi(api)};
    const AppwriteFamily &forced = selector.current();
    QCOMPARE(forced.api, AppwriteApi(api));
    QVERIFY(!selector.noteServerVersion(QStringLiteral("1.7.4")));
    QVERIFY(!selector.noteServerVersion(QStringLiteral("1.9.0")));
    bool switched = true;
    QVERIFY(!selector.retryAfter(forced, routeMissing(), &switched));
    QVERIFY(!switched);
    QVERIFY(!selector.retryAfter(forced, scopeRefused(QStringLiteral("[\"documents.read\"]")), &switched));
    QCOMPARE(&selector.current(), &forced);
    QVERIFY(selector.description().contains(QStringLiteral("APPWRITE_API")));
}

void TestAppwriteFamily::autoFollowsTheServerVersion()
{
    AppwriteFamilySelector selector;
    QCOMPARE(selector.current().api, AppwriteApi::TablesDb); // preferred before anything is known
    QVERIFY(!selector.noteServerVersion(QStringLiteral("1.8.1")));
    QVERIFY(selector.noteServerVersion(QStringLiteral("1.7.4")));
    QCOMPARE(selector.current().api, AppwriteApi::Documents);
    QVERIFY2(selector.description().contains(QStringLiteral("1.7.4")), qPrintable(selector.description()));
    QVERIFY(selector.noteServerVersion(QStringLiteral("1.8.0"))); // upgraded
    QCOMPARE(selector.current().api, AppwriteApi::TablesDb);
    QVERIFY(!selector.noteServerVersion(QStringLiteral("garbage"))); // an unparsable version changes nothing
    QCOMPARE(selector.current().api, AppwriteApi::TablesDb);
    QCOMPARE(selector.serverVersion(), QStringLiteral("garbage"));
}

void TestAppwriteFamily::autoLeavesTablesDbOnceForAMissingRoute()
{
    AppwriteFamilySelector selector;
    const AppwriteFamily &used = selector.current();
    bool switched = false;
    QVERIFY(selector.retryAfter(used, routeMissing(), &switched));
    QVERIFY(switched);
    QCOMPARE(selector.current().api, AppwriteApi::Documents);
    QVERIFY(selector.description().contains(QStringLiteral("404")));
    // A version seen later does not undo what an answer proved.
    QVERIFY(!selector.noteServerVersion(QStringLiteral("1.8.0")));
    QCOMPARE(selector.current().api, AppwriteApi::Documents);
}

void TestAppwriteFamily::autoLeavesDocumentsOnceForADeprecatedScope()
{
    AppwriteFamilySelector selector;
    QVERIFY(selector.noteServerVersion(QStringLiteral("1.7.0")));
    const AppwriteFamily &used = selector.current();
    bool switched = false;
    QVERIFY(selector.retryAfter(used, scopeRefused(QStringLiteral("[\"documents.read\"]")), &switched));
    QVERIFY(switched);
    QCOMPARE(selector.current().api, AppwriteApi::TablesDb);
    QVERIFY2(selector.description().contains(QStringLiteral("documents.read")),
             qPrintable(selector.description()));
}

void TestAppwriteFamily::otherErrorsNeverSwitch_data()
{
    QTest::addColumn<int>("api");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("message");
    const int tables = int(AppwriteApi::TablesDb), documents = int(AppwriteApi::Documents);
    QTest::newRow("row not found") << tables << 404 << "row_not_found"
                                   << "";
    QTest::newRow("table not found") << tables << 404 << "table_not_found"
                                     << "";
    QTest::newRow("proxy 404 (html)") << tables << 404 << "http_404"
                                      << "answer is not an Appwrite error object";
    QTest::newRow("TablesDB scope 401: no family would take this key")
        << tables << 401 << "general_unauthorized_scope"
        << "missing scopes ([\"rows.read\",\"documents.read\"])";
    QTest::newRow("wrong key") << documents << 401 << "user_unauthorized"
                               << "";
    QTest::newRow("documents 401 for health.read") << documents << 401 << "general_unauthorized_scope"
                                                   << "missing scopes ([\"health.read\"])";
    QTest::newRow("route missing on documents") << documents << 404 << "general_route_not_found"
                                                << "";
    QTest::newRow("server error") << tables << 500 << "general_unknown"
                                  << "";
}

void TestAppwriteFamily::otherErrorsNeverSwitch()
{
    QFETCH(int, api);
    QFETCH(int, status);
    QFETCH(QString, type);
    QFETCH(QString, message);
    AppwriteFamilySelector selector;
    if (AppwriteApi(api) == AppwriteApi::Documents)
        QVERIFY(selector.noteServerVersion(QStringLiteral("1.7.0")));
    const AppwriteFamily &used = selector.current();
    bool switched = true;
    QVERIFY(!selector.retryAfter(used, httpError(status, type, message), &switched));
    QVERIFY(!switched);
    QCOMPARE(&selector.current(), &used);
}

void TestAppwriteFamily::noPingPong()
{
    // TablesDB → documents (route 404) → TablesDB (scope 401) → stays: each move happens once, so a
    // misbehaving proxy cannot make the client alternate forever.
    AppwriteFamilySelector selector;
    bool switched = false;
    QVERIFY(selector.retryAfter(AppwriteFamily::tablesDb(), routeMissing(), &switched) && switched);
    QVERIFY(selector.retryAfter(AppwriteFamily::documents(),
                                scopeRefused(QStringLiteral("[\"documents.read\"]")), &switched) &&
            switched);
    QCOMPARE(selector.current().api, AppwriteApi::TablesDb);
    QVERIFY(!selector.retryAfter(AppwriteFamily::tablesDb(), routeMissing(), &switched));
    QVERIFY(!switched);
    QCOMPARE(selector.current().api, AppwriteApi::TablesDb);
}

void TestAppwriteFamily::answersAfterAnotherCallSwitchedAreResent()
{
    // Four calls in flight on TablesDB all meet a 404 route: the first switches, the rest are sent
    // again on the documents API without switching anything.
    AppwriteFamilySelector selector;
    bool switched = false;
    QVERIFY(selector.retryAfter(AppwriteFamily::tablesDb(), routeMissing(), &switched) && switched);
    for (int i = 0; i < 3; ++i) {
        QVERIFY(selector.retryAfter(AppwriteFamily::tablesDb(), routeMissing(), &switched));
        QVERIFY(!switched);
    }
    QCOMPARE(selector.current().api, AppwriteApi::Documents);
}

QTEST_GUILESS_MAIN(TestAppwriteFamily)
#include "tst_appwrite_family.moc"
