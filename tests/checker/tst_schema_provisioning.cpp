// Schema provisioning end to end against the sandbox: an empty database provisioned through TablesDB
// on Appwrite 1.9 (varchar columns) and 1.8 (string columns) and through the documents API on 1.7,
// then verified; a second provisioning creates nothing; a dry run sends no write; a column of the
// wrong type or too small is reported and left as it is; a read-only key gets the scopes to grant;
// the worker path (CheckerWorker::provisionSchema / verifySchema); and a run that writes a
// certificate event into the tables it made. What was created is read back with plain HTTP
// requests, not through the client under test.
#include "WorkerHarness.h"
#include "base/Clock.h"
#include "checker/SchemaProvisioner.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace rig;
using State = cc::SchemaProvisionReport::Action::State;
using Mode = cc::SchemaProvisionReport::Mode;
using Version = sandbox::SandboxOptions::AppwriteVersion;

Q_DECLARE_METATYPE(sandbox::SandboxOptions::AppwriteVersion)
Q_DECLARE_METATYPE(cc::AppwriteApi)

namespace {
// Plain requests to the sandbox's Appwrite, with the admin key: an independent reader and writer.
class RawAppwrite
{
public:
    explicit RawAppwrite(const sandbox::SandboxHost &host) : m_host(host) {}
    QJsonObject call(const QByteArray &method, const QString &path, const QJsonObject &body = {},
                     int *status = nullptr)
    {
        QNetworkRequest request(QUrl(m_host.appwriteEndpoint().toString() + path));
        request.setRawHeader("X-Appwrite-Project", m_host.options().projectId.toUtf8());
        request.setRawHeader("X-Appwrite-Key", m_host.options().apiKey.toUtf8());
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        QNetworkReply *reply = m_nam.sendCustomRequest(
            request, method,
            body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact));
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(20000, &loop, &QEventLoop::quit);
        loop.exec();
        if (status)
            *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
        reply->deleteLater();
        return answer;
    }

private:
    const sandbox::SandboxHost &m_host;
    QNetworkAccessManager m_nam;
};

bool documentsFamily(const QString &title)
{
    return title == QLatin1String("documents API");
}

QString containerPath(bool documents, const QString &id)
{
    return (documents ? QStringLiteral("/databases/main/collections/")
                      : QStringLiteral("/tablesdb/main/tables/")) +
           id;
}

int totalActions(const cc::EngineSettings &settings)
{
    int n = 0;
    for (const auto &c : cc::SchemaRequirements::all(settings))
        n += 1 + int(c.attributes.size() + c.indexes.size());
    return n;
}

// Write requests of any kind the sandbox counted.
int writeCount(SandboxControl &control)
{
    int n = 0;
    const QJsonObject routes = control.requestCounts().value("routes").toObject();
    for (auto it = routes.begin(); it != routes.end(); ++it) {
        if (!it.key().startsWith("GET "))
            n += it.value().toInt();
    }
    return n;
}

int familyRouteCount(SandboxControl &control, const QString &pathPart)
{
    int n = 0;
    const QJsonObject routes = control.requestCounts().value("routes").toObject();
    for (auto it = routes.begin(); it != routes.end(); ++it) {
        if (it.key().contains(pathPart))
            n += it.value().toInt();
    }
    return n;
}

cc::SchemaProvisionReport provision(cc::AppwriteClient *appwrite, const cc::EngineSettings &settings,
                                    Mode mode)
{
    cc::SchemaProvisioner::Options options;
    options.maxWaitMs = 20000;
    cc::SchemaProvisioner p(appwrite, cc::SystemClock::instance(), settings, mode, options);
    QSignalSpy finished(&p, &cc::SchemaProvisioner::finished);
    p.start();
    if (!finished.wait(60000))
        return {};
    return finished.first().first().value<cc::SchemaProvisionReport>();
}

const cc::SchemaProvisionReport::Action *find(const cc::SchemaProvisionReport &r, const QString &collection,
                                              const QString &key)
{
    for (const auto &c : r.collections)
        for (const auto &a : c.actions)
            if (c.id == collection && a.key == key)
                return &a;
    return nullptr;
}

QString describe(const cc::SchemaProvisionReport &r)
{
    return (r.lines(false) << r.error).join(QLatin1Char('\n'));
}

bool startEmpty(sandbox::SandboxHost &host, std::unique_ptr<SandboxControl> &control, Version version)
{
    sandbox::SandboxOptions options;
    options.learners = 20; // Graphy's; Appwrite's database starts empty
    options.emptyDatabase = true;
    options.appwriteVersion = version;
    QString error;
    if (!startSandbox(host, control, options, &error)) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    return true;
}
} // namespace

class TestSchemaProvisioning : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { cc::CheckerController::registerMetaTypes(); }
    void provisionsAnEmptyDatabase_data();
    void provisionsAnEmptyDatabase();
    void dryRunCreatesNothing();
    void wrongColumnsAreReportedAndLeftAlone();
    void readOnlyKeyGetsTheScopesToGrant();
    void throughTheWorker();
    void runWritesAnEventIntoProvisionedTables();
};

void TestSchemaProvisioning::provisionsAnEmptyDatabase_data()
{
    QTest::addColumn<Version>("version");
    QTest::addColumn<cc::AppwriteApi>("api");
    QTest::addColumn<QString>("family");
    QTest::addColumn<QString>("textType");
    QTest::newRow("1.9, TablesDB: varchar") << Version::V1_9 << cc::AppwriteApi::Auto << "TablesDB"
                                            << "varchar";
    QTest::newRow("1.8, TablesDB: string") << Version::V1_8 << cc::AppwriteApi::Auto << "TablesDB"
                                           << "string";
    QTest::newRow("1.7, documents API") << Version::V1_7 << cc::AppwriteApi::Auto << "documents API"
                                        << "string";
    QTest::newRow("1.9, documents API chosen")
        << Version::V1_9 << cc::AppwriteApi::Documents << "documents API"
        << "string";
}

void TestSchemaProvisioning::provisionsAnEmptyDatabase()
{
    QFETCH(Version, version);
    QFETCH(cc::AppwriteApi, api);
    QFETCH(QString, family);
    QFETCH(QString, textType);
    sandbox::SandboxHost host;
    std::unique_ptr<SandboxControl> control;
    QVERIFY(startEmpty(host, control, version));
    QVERIFY(control->state().value("collections").toObject().isEmpty());
    cc::EngineSettings settings = fastSettings(host);
    settings.appwrite.api = api;
    EngineStack stack(settings);
    const int total = totalActions(settings);
    const bool documents = documentsFamily(family);

    const cc::SchemaProvisionReport made = provision(stack.appwrite(), settings, Mode::Provision);
    QVERIFY2(made.ok(), qPrintable(describe(made)));
    QCOMPARE(made.api, family);
    QCOMPARE(made.containerWord, documents ? QStringLiteral("collection") : QStringLiteral("table"));
    QCOMPARE(made.count(State::Created), total);
    // Spoken in one family only.
    QCOMPARE(familyRouteCount(*control, documents ? "/v1/tablesdb/" : "/v1/databases/"), 0);

    // What Appwrite now holds, read independently: the text kind of this server, sizes, the unique
    // index, everything available.
    RawAppwrite raw(host);
    const QString fields = documents ? QStringLiteral("attributes") : QStringLiteral("columns");
    const QJsonObject email = raw.call("GET", containerPath(documents, "learners") + "/" + fields + "/email");
    QCOMPARE(email.value("type").toString(), textType);
    QCOMPARE(email.value("size").toInt(), 320);
    QCOMPARE(email.value("status").toString(), QStringLiteral("available"));
    const QJsonObject status =
        raw.call("GET", containerPath(documents, "learners") + "/" + fields + "/status");
    QVERIFY(status.value("required").toBool());
    QVERIFY(!status.contains("default") || status.value("default").isNull());
    const QJsonObject unique =
        raw.call("GET", containerPath(documents, "webhook_events") + "/indexes/event_id_unique");
    QCOMPARE(unique.value("type").toString(), QStringLiteral("unique"));
    QCOMPARE(unique.value("status").toString(), QStringLiteral("available"));
    for (const auto &required : cc::SchemaRequirements::all(settings)) {
        const QJsonObject described = raw.call("GET", containerPath(documents, required.id));
        QCOMPARE(described.value(fields).toArray().size(), required.attributes.size());
        for (const QJsonValue &f : described.value(fields).toArray())
            QCOMPARE(f.toObject().value("status").toString(), QStringLiteral("available"));
    }

    // Verification passes, and a second provisioning finds everything there and writes nothing.
    const cc::SchemaProvisionReport verified = provision(stack.appwrite(), settings, Mode::Verify);
    QVERIFY2(verified.ok(), qPrintable(describe(verified)));
    QCOMPARE(verified.count(State::AlreadyThere), total);
    QVERIFY(control->clearRequestCounts());
    const cc::SchemaProvisionReport again = provision(stack.appwrite(), settings, Mode::Provision);
    QVERIFY2(again.ok(), qPrintable(describe(again)));
    QCOMPARE(again.count(State::AlreadyThere), total);
    QCOMPARE(again.count(State::Created), 0);
    QCOMPARE(writeCount(*control), 0);
}

void TestSchemaProvisioning::dryRunCreatesNothing()
{
    sandbox::SandboxHost host;
    std::unique_ptr<SandboxControl> control;
    QVERIFY(startEmpty(host, control, Version::V1_9));
    const cc::EngineSettings settings = fastSettings(host);
    EngineStack stack(settings);
    const cc::SchemaProvisionReport plan = provision(stack.appwrite(), settings, Mode::DryRun);
    QVERIFY2(plan.ok(), qPrintable(describe(plan)));
    QCOMPARE(plan.count(State::WouldCreate), totalActions(settings));
    QCOMPARE(find(plan, "learners", "email")->spec, QStringLiteral("varchar 320"));
    QCOMPARE(writeCount(*control), 0);
    QVERIFY(control->state().value("collections").toObject().isEmpty());
    // Verification of the same database fails, naming what is missing.
    const cc::SchemaProvisionReport verified = provision(stack.appwrite(), settings, Mode::Verify);
    QVERIFY(!verified.ok());
    QCOMPARE(verified.count(State::Missing), totalActions(settings));
}

void TestSchemaProvisioning::wrongColumnsAreReportedAndLeftAlone()
{
    sandbox::SandboxHost host;
    std::unique_ptr<SandboxControl> control;
    QVERIFY(startEmpty(host, control, Version::V1_8));
    // A learners table someone made by hand: e-mail as an integer, completion data too small.
    RawAppwrite raw(host);
    int status = 0;
    raw.call("POST", "/tablesdb/main/tables", {{"tableId", "learners"}, {"name", "Learners"}}, &status);
    QCOMPARE(status, 201);
    raw.call("POST", "/tablesdb/main/tables/learners/columns/integer",
             {{"key", "email"}, {"required", false}}, &status);
    QCOMPARE(status, 202);
    raw.call("POST", "/tablesdb/main/tables/learners/columns/string",
             {{"key", "completion_data"}, {"size", 100}, {"required", false}}, &status);
    QCOMPARE(status, 202);

    const cc::EngineSettings settings = fastSettings(host);
    EngineStack stack(settings);
    const cc::SchemaProvisionReport made = provision(stack.appwrite(), settings, Mode::Provision);
    QVERIFY2(made.error.isEmpty(), qPrintable(made.error));
    QVERIFY(!made.ok());
    QCOMPARE(made.count(State::Problem), 2);
    const auto *email = find(made, "learners", "email");
    QCOMPARE(email->state, State::Problem);
    QVERIFY2(email->problem.contains("has type integer, the checker needs string; left as it is"),
             qPrintable(email->problem));
    QVERIFY(find(made, "learners", "completion_data")->problem.contains("has size 100"));
    QCOMPARE(find(made, "learners", "learners")->state, State::AlreadyThere);
    QCOMPARE(find(made, "learners", "status")->state, State::Created);
    QCOMPARE(find(made, "learners", "status_index")->state, State::Created);
    QCOMPARE(find(made, "webhook_events", "event_id_unique")->state, State::Created);
    // Left exactly as they were.
    const QJsonObject after = raw.call("GET", "/tablesdb/main/tables/learners/columns/email");
    QCOMPARE(after.value("type").toString(), QStringLiteral("integer"));
    QCOMPARE(raw.call("GET", "/tablesdb/main/tables/learners/columns/completion_data").value("size").toInt(),
             100);

    const cc::SchemaProvisionReport verified = provision(stack.appwrite(), settings, Mode::Verify);
    QVERIFY(!verified.ok());
    QCOMPARE(verified.count(State::Problem), 2);
    QCOMPARE(verified.count(State::Missing), 0);
}

void TestSchemaProvisioning::readOnlyKeyGetsTheScopesToGrant()
{
    sandbox::SandboxHost host;
    std::unique_ptr<SandboxControl> control;
    QVERIFY(startEmpty(host, control, Version::V1_9));
    cc::EngineSettings settings = fastSettings(host);
    settings.appwrite.apiKey = host.options().readOnlyApiKey;
    EngineStack stack(settings);
    const cc::SchemaProvisionReport made = provision(stack.appwrite(), settings, Mode::Provision);
    QVERIFY(!made.ok());
    QVERIFY(made.serviceFailure);
    QVERIFY2(!made.missingScopes.isEmpty(), qPrintable(made.error));
    // This key may not even read the schema; the advice covers reading and creating.
    QVERIFY2(made.error.startsWith("could not read the table 'learners': the Appwrite key lacks the scope"),
             qPrintable(made.error));
    QVERIFY2(made.error.contains("grant tables.write, columns.write, indexes.write"), qPrintable(made.error));
    QVERIFY2(made.error.contains("Nothing was created or changed."), qPrintable(made.error));
    QVERIFY(!made.error.contains(host.options().readOnlyApiKey));
    QVERIFY(control->state().value("collections").toObject().isEmpty());
}

void TestSchemaProvisioning::throughTheWorker()
{
    sandbox::SandboxHost host;
    std::unique_ptr<SandboxControl> control;
    QVERIFY(startEmpty(host, control, Version::V1_9));
    Harness h(fastSettings(host));
    QList<cc::SchemaProvisionReport> reports;
    QObject::connect(h.controller.worker(), &cc::CheckerWorker::schemaProvisioned, &h,
                     [&](const cc::SchemaProvisionReport &r) { reports << r; });
    h.controller.call(&cc::CheckerWorker::provisionSchema, true);
    QTRY_COMPARE_WITH_TIMEOUT(reports.size(), 1, 30000);
    QCOMPARE(reports.last().mode, Mode::DryRun);
    QVERIFY(reports.last().count(State::WouldCreate) > 0);
    QVERIFY(control->state().value("collections").toObject().isEmpty());
    h.controller.call(&cc::CheckerWorker::provisionSchema, false);
    QTRY_COMPARE_WITH_TIMEOUT(reports.size(), 2, 60000);
    QCOMPARE(reports.last().mode, Mode::Provision);
    QVERIFY2(reports.last().ok(), qPrintable(describe(reports.last())));
    h.controller.call(&cc::CheckerWorker::verifySchema);
    QTRY_COMPARE_WITH_TIMEOUT(reports.size(), 3, 30000);
    QCOMPARE(reports.last().mode, Mode::Verify);
    QVERIFY(reports.last().ok());
    // Health, which reads learners and events, is content too.
    h.controller.call(&cc::CheckerWorker::checkHealth);
    const auto health = h.waitHealth();
    QVERIFY(health);
    QVERIFY2(health->schemaChecked && health->schemaProblems.isEmpty(),
             qPrintable(health->schemaProblems.join(" | ") + health->appwrite.message));
    QVERIFY(h.controller.shutdown());
}

void TestSchemaProvisioning::runWritesAnEventIntoProvisionedTables()
{
    sandbox::SandboxHost host;
    std::unique_ptr<SandboxControl> control;
    QVERIFY(startEmpty(host, control, Version::V1_9));
    const cc::EngineSettings settings = fastSettings(host);
    EngineStack stack(settings);
    QVERIFY(provision(stack.appwrite(), settings, Mode::Provision).ok());

    // A learner Graphy says has completed a course (the sandbox seeds Graphy even when Appwrite is
    // empty), added as the webhook path would.
    QString email, courseId;
    for (const QJsonValue &l : control->state().value("graphy").toObject().value("learners").toArray()) {
        for (const QJsonValue &c : l.toObject().value("courses").toArray()) {
            if (c.toObject().value("completed").toBool() && email.isEmpty()) {
                email = l.toObject().value("email").toString();
                courseId = c.toObject().value("id").toString();
            }
        }
    }
    QVERIFY2(!email.isEmpty(), "no completed Graphy learner in the sandbox");
    RawAppwrite raw(host);
    int status = 0;
    raw.call("POST", "/tablesdb/main/tables/learners/rows",
             {{"rowId", "learner1"},
              {"data", QJsonObject{{"email", email}, {"course_id", courseId}, {"status", "enrolled"}}}},
             &status);
    QCOMPARE(status, 201);

    const RunCapture run = stack.run();
    QVERIFY2(run.finished, qPrintable(run.describe()));
    QCOMPARE(run.count(cc::LearnerOutcome::Completed), 1);
    const QJsonArray events = control->documents("webhook_events");
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().toObject().value("email").toString(), email);
    QCOMPARE(control->documents("learners").first().toObject().value("status").toString(),
             QStringLiteral("completed"));
}

QTEST_GUILESS_MAIN(TestSchemaProvisioning)
#include "tst_schema_provisioning.moc"
