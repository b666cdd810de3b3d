// The health check (docs/ARCHITECTURE.md §11.3: a real check, not a run) through CheckerController: both
// services, the keys, and the schema of the three collections against sandboxes with attributes/indexes
// dropped.
#include "SandboxTestCase.h"
#include "WorkerHarness.h"

#include <QTest>

using namespace rig;

namespace {
const QString kPatch = familytest::translated(
    QStringLiteral("PATCH /v1/databases/{databaseId}/collections/{collectionId}/documents/{documentId}"));
const QString kCreate = familytest::translated(
    QStringLiteral("POST /v1/databases/{databaseId}/collections/{collectionId}/documents"));
} // namespace

class TestCheckerHealth : public SandboxTestCase
{
    Q_OBJECT

private slots:
    void initTestCase();
    void healthAndSchema_data();
    void healthAndSchema();
    void healthWithRefusedCredentials_data();
    void healthWithRefusedCredentials();
    void keyMadeInACurrentConsoleSaysWhichScopesToAdd_data();
    void keyMadeInACurrentConsoleSaysWhichScopesToAdd();
    void upgradedServerAndNewKeySwitchToTablesDb();
    void newDatabaseIsASchemaProblemNotARefusedKey();
    void healthProbesPastARunsOpenBreaker();
    void unreachableAppwriteIsNamedNotBlamedOnTheKey();
};

void TestCheckerHealth::initTestCase()
{
    cc::CheckerController::registerMetaTypes();
    sandbox::SandboxOptions options;
    options.learners = 10;
    QString error;
    QVERIFY2(startSandbox(options, &error), qPrintable(error));
}

void TestCheckerHealth::healthAndSchema_data()
{
    QTest::addColumn<QStringList>("dropAttributes");
    QTest::addColumn<QStringList>("dropIndexes");
    QTest::addColumn<QStringList>("requireAttributes");
    QTest::addColumn<QStringList>("problems"); // one substring per expected problem
    QTest::newRow("all ok") << QStringList() << QStringList() << QStringList() << QStringList();
    // Each of these would make runs fail while Health was green.
    QTest::newRow("name missing (the run selects it)")
        << QStringList{"learners.name"} << QStringList() << QStringList()
        << QStringList{"learners: attribute 'name' (string) is missing"};
    QTest::newRow("extra required event attribute")
        << QStringList() << QStringList() << QStringList{"webhook_events.tenant_id"}
        << QStringList{"webhook_events: attribute 'tenant_id' is required, but the checker does not set it"};
    QTest::newRow("extra required learner attribute is fine (learners are only updated)")
        << QStringList() << QStringList() << QStringList{"learners.tenant_id"} << QStringList();
    QTest::newRow("learner attribute missing")
        << QStringList{"learners.completion_data"} << QStringList() << QStringList()
        << QStringList{"learners: attribute 'completion_data' (string) is missing"};
    QTest::newRow("status index missing") << QStringList() << QStringList{"learners.status_index"}
                                          << QStringList() << QStringList{"learners: no index on 'status'"};
    QTest::newRow("event attribute and unique index missing")
        << QStringList{"webhook_events.received_at"} << QStringList{"webhook_events.event_id_unique"}
        << QStringList()
        << QStringList{"webhook_events: attribute 'received_at' (datetime) is missing",
                       "webhook_events: no unique index on 'event_id'"};
    QTest::newRow("last check attribute and its index missing")
        << QStringList{"learners.last_completion_check"}
        << QStringList{"learners.last_completion_check_index"} << QStringList()
        << QStringList{"learners: attribute 'last_completion_check' (datetime) is missing",
                       "learners: no index on 'last_completion_check'"};
}

void TestCheckerHealth::healthAndSchema()
{
    QFETCH(QStringList, dropAttributes);
    QFETCH(QStringList, dropIndexes);
    QFETCH(QStringList, requireAttributes);
    QFETCH(QStringList, problems);
    sandbox::SandboxHost host;
    sandbox::SandboxOptions options;
    options.learners = 5;
    options.dropAttributes = dropAttributes;
    options.dropIndexes = dropIndexes;
    options.requireAttributes = requireAttributes;
    QString error;
    QVERIFY2(host.start(options, &error), qPrintable(error));
    Harness h(fastSettings(host));
    h.controller.call(&cc::CheckerWorker::checkHealth);
    const auto report = h.waitHealth();
    QVERIFY(report);
    QVERIFY2(report->servicesOk(), qPrintable(report->appwrite.message + " / " + report->graphy.message));
    QVERIFY(report->appwrite.reachable && report->appwrite.credentialsOk);
    QVERIFY(!report->appwrite.version.isEmpty());
    QVERIFY(report->graphy.reachable && report->graphy.credentialsOk);
    QVERIFY(report->schemaChecked);
    // Exactly what is missing, each named once, nothing else.
    QVERIFY2(report->schemaProblems.size() == problems.size(),
             qPrintable(report->schemaProblems.join(QStringLiteral(" | "))));
    for (const QString &documentsWords : problems) {
        const QString want = familytest::translated(documentsWords);
        const auto hits = std::count_if(report->schemaProblems.cbegin(), report->schemaProblems.cend(),
                                        [&](const QString &p) { return p.contains(want); });
        QVERIFY2(hits == 1, qPrintable(want + QStringLiteral(" in: ") +
                                       report->schemaProblems.join(QStringLiteral(" | "))));
    }
    QCOMPARE(report->ok(), problems.isEmpty());
    QVERIFY(h.controller.shutdown());
}

void TestCheckerHealth::healthWithRefusedCredentials_data()
{
    QTest::addColumn<QString>("which");
    QTest::newRow("wrong Appwrite key") << "appwrite";
    QTest::newRow("wrong Appwrite project") << "project";
    QTest::newRow("wrong Graphy key") << "graphy";
}

void TestCheckerHealth::healthWithRefusedCredentials()
{
    QFETCH(QString, which);
    cc::EngineSettings s = fastSettings(m_host);
    const QString wrong = QStringLiteral("wrong-secret-value");
    if (which == QLatin1String("appwrite"))
        s.appwrite.apiKey = wrong;
    else if (which == QLatin1String("project"))
        s.appwrite.projectId = QStringLiteral("no-such-project");
    else
        s.graphy.apiKey = wrong;
    Harness h(s);
    QVERIFY(m_control->clearRequestCounts());
    h.controller.call(&cc::CheckerWorker::checkHealth);
    const auto report = h.waitHealth();
    QVERIFY(report);
    QVERIFY(!report->ok());
    QVERIFY(!report->servicesOk());
    const cc::ServiceHealth &bad = which == QLatin1String("graphy") ? report->graphy : report->appwrite;
    const cc::ServiceHealth &good = which == QLatin1String("graphy") ? report->appwrite : report->graphy;
    QVERIFY(bad.checked);
    QVERIFY2(bad.reachable, qPrintable(bad.message)); // it answered: reachable, but refused us
    QVERIFY2(!bad.credentialsOk, qPrintable(bad.message));
    QVERIFY(!bad.message.isEmpty() && bad.message != QLatin1String("ok"));
    QVERIFY2(!bad.message.contains(wrong), qPrintable(bad.message)); // never echoes a secret
    QVERIFY2(good.reachable && good.credentialsOk, qPrintable(good.message));
    // Health is a real check, not a batch: nothing is written.
    QCOMPARE(m_control->routeCount(kPatch), 0);
    QCOMPARE(m_control->routeCount(kCreate), 0);
    QVERIFY(h.controller.shutdown());
}

void TestCheckerHealth::keyMadeInACurrentConsoleSaysWhichScopesToAdd_data()
{
    QTest::addColumn<QString>("keyScopes");
    QTest::newRow("1.8+ console key (rows.*)") << "rows";
    QTest::newRow("pre-1.8 key (documents.*)") << "documents";
}

void TestCheckerHealth::keyMadeInACurrentConsoleSaysWhichScopesToAdd()
{
    // A key made in an Appwrite 1.8+ console has rows.* scopes: the deprecated documents routes answer
    // 401 "missing scopes", TablesDB takes it. On the default API (TablesDB) both keys work; forced to
    // the documents API, Health names the scope to add, where, and the way out (APPWRITE_API=auto).
    QFETCH(QString, keyScopes);
    QVERIFY(!m_control->setSettings({{QStringLiteral("keyScopes"), keyScopes}}).isEmpty());
    Harness h(fastSettings(m_host));
    h.controller.call(&cc::CheckerWorker::checkHealth);
    const auto report = h.waitHealth();
    QVERIFY(!m_control->setSettings({{QStringLiteral("keyScopes"), QStringLiteral("both")}}).isEmpty());
    QVERIFY(report);
    const cc::ServiceHealth &a = report->appwrite;
    QVERIFY2(a.apiMode.startsWith(QLatin1String(familytest::familyUnderTest().title)), qPrintable(a.apiMode));
    if (familytest::onTablesDb() || keyScopes == QLatin1String("documents")) {
        QVERIFY2(a.reachable && a.credentialsOk, qPrintable(a.message));
        QVERIFY(a.missingScopes.isEmpty());
        QVERIFY2(report->ok(), qPrintable(report->schemaProblems.join(QStringLiteral(" | "))));
    } else {
        QVERIFY2(a.reachable && !a.credentialsOk, qPrintable(a.message));
        QCOMPARE(a.missingScopes, QStringList{QStringLiteral("documents.read")});
        QVERIFY2(
            a.message.contains(QStringLiteral("lacks the scope documents.read")) &&
                a.message.contains(QStringLiteral("Appwrite console")) &&
                a.message.contains(QStringLiteral("documents.read, documents.write, collections.read")) &&
                a.message.contains(QStringLiteral("APPWRITE_API=auto")),
            qPrintable(a.message));
    }
    QVERIFY(h.controller.shutdown());
}

void TestCheckerHealth::upgradedServerAndNewKeySwitchToTablesDb()
{
    // Appwrite 1.7 has no TablesDB: `auto` takes the documents API from its version. Then the
    // server is upgraded and the key replaced by one made today (rows.* only): the next call on the
    // deprecated route answers 401 for documents.read, and the checker moves to TablesDB instead of
    // failing, says so once, and the manual check succeeds.
    if (familytest::apiUnderTest() != cc::AppwriteApi::Auto)
        QSKIP("only APPWRITE_API=auto changes family; a forced choice is covered by the scope test");
    QVERIFY(!m_control->setSettings({{QStringLiteral("appwriteVersion"), QStringLiteral("1.7")}}).isEmpty());
    Harness h(fastSettings(m_host));
    QStringList changes;
    connect(h.controller.worker(), &cc::CheckerWorker::appwriteApiChanged, &h,
            [&changes](const QString &d) { changes << d; });
    h.controller.call(&cc::CheckerWorker::checkHealth);
    const auto before = h.waitHealth();
    QVERIFY(before);
    QVERIFY2(before->appwrite.apiMode.startsWith(QStringLiteral("documents API")) &&
                 before->appwrite.apiMode.contains(QStringLiteral("predates TablesDB")),
             qPrintable(before->appwrite.apiMode));
    QVERIFY2(before->ok(), qPrintable(before->appwrite.message));
    QTRY_COMPARE(changes.size(), 1);

    QVERIFY(!m_control
                 ->setSettings({{QStringLiteral("appwriteVersion"), QStringLiteral("1.8")},
                                {QStringLiteral("keyScopes"), QStringLiteral("rows")}})
                 .isEmpty());
    const QString learner = m_control->documents(QStringLiteral("learners"))
                                .first()
                                .toObject()
                                .value(QStringLiteral("$id"))
                                .toString();
    h.controller.call(&cc::CheckerWorker::checkLearner, learner, true, quint64(7), false);
    const auto single = h.waitSingle(7);
    QVERIFY(!m_control
                 ->setSettings({{QStringLiteral("appwriteVersion"), QStringLiteral("1.8")},
                                {QStringLiteral("keyScopes"), QStringLiteral("both")}})
                 .isEmpty());
    QVERIFY(single);
    QVERIFY2(single->error.isEmpty(), qPrintable(single->error));
    QTRY_COMPARE(changes.size(), 2);
    QVERIFY2(changes.last().startsWith(QStringLiteral("TablesDB")) &&
                 changes.last().contains(QStringLiteral("documents.read")),
             qPrintable(changes.last()));
    QVERIFY(h.controller.shutdown());
}

void TestCheckerHealth::newDatabaseIsASchemaProblemNotARefusedKey()
{
    // A database with no tables yet: the key reaches it (404 table_not_found, not 401), so Health
    // says which tables are missing, where schema provisioning can create them.
    sandbox::SandboxHost host;
    sandbox::SandboxOptions options;
    options.emptyDatabase = true;
    QString error;
    QVERIFY2(host.start(options, &error), qPrintable(error));
    Harness h(fastSettings(host));
    h.controller.call(&cc::CheckerWorker::checkHealth);
    const auto report = h.waitHealth();
    QVERIFY(report);
    QVERIFY2(report->appwrite.reachable && report->appwrite.credentialsOk,
             qPrintable(report->appwrite.message));
    QVERIFY(report->schemaChecked);
    const QString container = QLatin1String(familytest::familyUnderTest().container);
    QStringList problems = report->schemaProblems; // the answers arrive in any order
    problems.sort();
    QCOMPARE(problems, (QStringList{QStringLiteral("checker_runs: the %1 is missing").arg(container),
                                    QStringLiteral("learners: the %1 is missing").arg(container),
                                    QStringLiteral("webhook_events: the %1 is missing").arg(container)}));
    QVERIFY(!report->ok());
    QVERIFY(h.controller.shutdown());
}

void TestCheckerHealth::healthProbesPastARunsOpenBreaker()
{
    // A run against a failing Appwrite opens its breaker; the service then recovers. Health must
    // find it up (it is what tells the operator), while showing that the run's breaker is open.
    QVERIFY(m_control->addFault(
        fault(QStringLiteral("appwrite"), QStringLiteral("error"), {{QStringLiteral("status"), 503}})));
    cc::EngineSettings s = fastSettings(m_host);
    s.breakerFailureThreshold = 2;
    s.breakerOpenMs = 120000;
    Harness h(s);
    QTRY_VERIFY_WITH_TIMEOUT(h.configured, 10000);
    h.controller.call(&cc::CheckerWorker::runNow, cc::RunTrigger::Manual, 0);
    QTRY_VERIFY_WITH_TIMEOUT(!h.runsFinished.isEmpty(), 30000);
    QVERIFY(m_control->clearFaults());
    const auto report = h.checkHealth();
    QVERIFY(report);
    QVERIFY2(report->appwrite.reachable && report->appwrite.credentialsOk,
             qPrintable(report->appwrite.message));
    QVERIFY(report->schemaChecked);
    QCOMPARE(report->appwrite.breakerState, QStringLiteral("open"));
    QVERIFY(report->appwrite.latencyMs >= 0);
    QVERIFY(h.controller.shutdown());
}

void TestCheckerHealth::unreachableAppwriteIsNamedNotBlamedOnTheKey()
{
    cc::EngineSettings s = fastSettings(m_host);
    s.appwrite.endpoint = QUrl(QStringLiteral("http://127.0.0.1:9/v1")); // nothing listens on port 9
    Harness h(s);
    const auto report = h.checkHealth();
    QVERIFY(report);
    const cc::ServiceHealth &a = report->appwrite;
    QVERIFY(a.checked);
    QVERIFY(!a.reachable);
    QCOMPARE(a.endpoint, QStringLiteral("http://127.0.0.1:9/v1")); // says what it checked
    QCOMPARE(a.latencyMs, qint64(-1));                             // not measured: nothing answered
    QVERIFY2(a.message.contains(QStringLiteral("refused"), Qt::CaseInsensitive), qPrintable(a.message));
    QVERIFY(!report->schemaChecked);
    QVERIFY2(report->schemaNotCheckedReason.startsWith(QStringLiteral("Appwrite did not answer")),
             qPrintable(report->schemaNotCheckedReason));
    QVERIFY(report->schemaProblems.isEmpty()); // an outage is not a schema problem
    QVERIFY2(report->graphy.reachable && report->graphy.latencyMs >= 0, qPrintable(report->graphy.message));
    QVERIFY(h.controller.shutdown());
}

QTEST_GUILESS_MAIN(TestCheckerHealth)
#include "tst_checker_health.moc"
